// The page every portal address answers with: head, header (navigation, who is signed in), main. Every
// piece of data is escaped where it is embedded (the h`` toolkit the mails use too); no inline script
// or style, so the Content-Security-Policy forbids both.
import type { Campaign } from '../../shared/domain/campaign.ts';
import { h, raw, type Html } from '../../shared/domain/mail/html.ts';
import { whoLabel } from '../../shared/domain/portal/roles.ts';
import type { Principal } from '../../shared/ports/portal.ts';
import { PATHS } from './paths.ts';

export const PORTAL_TITLE = 'Cổng báo cáo chậm đóng BHXH';

export interface PageOptions {
  title: string;
  principal?: Principal;
  /** The principal's navigation (the route table's entries for its role). */
  nav?: ReadonlyArray<{ href: string; label: string }>;
  campaign: Campaign;
  /** The navigation entry to mark as the current page. */
  current?: string;
  body: Html;
  /** Reload the page after this many seconds (a result still coming, without JavaScript). */
  refreshSeconds?: number;
  /** The page's own scripts, after the portal's (e.g. the entry form's check). */
  scripts?: readonly string[];
  /** The main content takes the screen's whole width (the national tables). */
  wide?: boolean;
}

export function page({ title, principal, nav = [], campaign, current, body, refreshSeconds, scripts = [], wide = false }: PageOptions): string {
  return `<!DOCTYPE html>\n${h`<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${refreshSeconds ? h`<meta http-equiv="refresh" content="${refreshSeconds}">` : h``}
<title>${title} - ${PORTAL_TITLE}</title>
<link rel="stylesheet" href="${PATHS.css}">
<script src="${PATHS.js}" defer></script>
${scripts.map((src) => h`<script src="${src}" defer></script>`)}
</head>
<body>
<a class="skip" href="#noi-dung">Bỏ qua, đến nội dung chính</a>
<header>
<a class="brand" href="/">${PORTAL_TITLE}</a>
${nav.length ? h`<nav aria-label="Chức năng"><ul>${nav.map((n) => h`<li><a href="${n.href}"${n.href === current ? raw(' aria-current="page"') : h``}>${n.label}</a></li>`)}</ul></nav>` : h``}
${principal ? h`<div class="who"><span>${whoLabel(campaign, principal)}</span><form method="post" action="${PATHS.signOut}"><button type="submit" class="link">Đăng xuất</button></form></div>` : h``}
</header>
<main id="noi-dung"${wide ? h` class="wide"` : h``}>
${body}
</main>
</body>
</html>`.html}\n`;
}

export const problemBody = (title: string, text: string): Html => h`<h1>${title}</h1><div class="card rejected"><p>${text}</p>
<p><a href="/">Về trang chính</a></p></div>`;
