// Signing in and out (open to everyone): the address form, the mailed link's confirmation, sign-out.
// The answer to a link request never tells whether an address is registered.
import { h, type Html } from '../../../shared/domain/mail/html.ts';
import {
  clearedSessionCookie, endSession, inspectToken, requestSignIn, sessionCookie,
  sessionIdFromCookies, signInWithToken,
} from '../../../shared/domain/portal/auth.ts';
import { renderMail } from '../../../shared/domain/messages/render.ts';
import { signInMessage } from '../../../shared/domain/messages/sign-in.ts';
import { whoLabel } from '../../../shared/domain/portal/roles.ts';
import type { Principal } from '../../../shared/ports/portal.ts';
import { htmlPage, isSecure, portalBase, type PortalContext } from '../context.ts';
import { problemBody } from '../layout.ts';
import { PATHS } from '../paths.ts';

const homeOf = (principal: Principal): string => (principal.role === 'province' ? PATHS.submit : PATHS.national);

// What a new staff member whose address is not registered yet does: the portal never says whether an
// address is registered, so both sign-in pages say it to everyone.
const newStaffHelp = h`<div class="card">
<h2>Cán bộ mới, chưa có địa chỉ đăng ký?</h2>
<p>Hệ thống chỉ gửi liên kết đăng nhập tới địa chỉ đã có trong danh sách liên hệ của đơn vị. Nếu bạn mới nhận nhiệm vụ:</p>
<ol>
<li>Nhờ một đồng nghiệp đã đăng ký của đơn vị đăng nhập, mở trang <b>Địa chỉ liên hệ</b> và gửi đề nghị thêm địa chỉ của bạn (họ và tên, chức vụ, email, điện thoại) tới Ban Quản lý Thu; hoặc tự gửi đề nghị đó tới Ban Quản lý Thu, Bảo hiểm xã hội Việt Nam, từ hộp thư công vụ của bạn.</li>
<li>Khi Ban Quản lý Thu đã thêm địa chỉ, quay lại trang này và nhập chính địa chỉ đó.</li>
</ol>
<p>Trong lúc chờ, báo cáo của đơn vị vẫn nộp được qua đồng nghiệp đã đăng ký.</p>
</div>`;

const signInBody = (notice?: Html): Html => h`<h1>Đăng nhập</h1>
${notice ?? h``}
<div class="card">
<p>Nhập địa chỉ thư điện tử của đơn vị đã đăng ký với hệ thống. Hệ thống sẽ gửi một liên kết đăng nhập, dùng được một lần trong 15 phút.</p>
<form method="post" action="${PATHS.requestLink}">
<label for="email">Email</label>
<input type="email" id="email" name="email" autocomplete="email" required>
<p><button type="submit">Gửi liên kết đăng nhập</button></p>
</form>
</div>
${newStaffHelp}`;

const linkSentBody = (): Html => h`<h1>Kiểm tra hộp thư</h1>
<div class="card" role="status">
<p>Nếu địa chỉ này đã được đăng ký, một liên kết đăng nhập vừa được gửi tới. Liên kết dùng được một lần, trong 15 phút.</p>
<p>Không nhận được thư? Kiểm tra thư mục thư rác, hoặc <a href="${PATHS.signIn}">gửi lại</a>.</p>
</div>
${newStaffHelp}`;

const confirmBody = (token: string, who: string): Html => h`<h1>Đăng nhập</h1>
<div class="card">
<p>Đăng nhập với địa chỉ <b>${who}</b>.</p>
<form method="post" action="${PATHS.confirm}">
<input type="hidden" name="ma" value="${token}">
<button type="submit">Đăng nhập</button>
</form>
</div>`;

const LINK_PROBLEMS = {
  used: { title: 'Liên kết đã được sử dụng', text: 'Liên kết đăng nhập này đã được dùng. Mỗi liên kết chỉ dùng được một lần.' },
  expired: { title: 'Liên kết đã hết hạn', text: 'Liên kết đăng nhập này đã hết hạn.' },
  unknown: { title: 'Liên kết không hợp lệ', text: 'Liên kết đăng nhập này không hợp lệ (có thể đã bị cắt khi sao chép).' },
  revoked: { title: 'Địa chỉ không còn được đăng ký', text: 'Địa chỉ của liên kết này không còn trong danh bạ của hệ thống.' },
} as const;

function linkProblem(c: PortalContext, problem: keyof typeof LINK_PROBLEMS): Response {
  const status = problem === 'unknown' ? 404 : problem === 'revoked' ? 403 : 410;
  return htmlPage(c, status, {
    title: 'Không đăng nhập được',
    body: h`<h1>${LINK_PROBLEMS[problem].title}</h1>
<div class="card rejected"><p>${LINK_PROBLEMS[problem].text}</p>
<p><a href="${PATHS.signIn}">Nhận liên kết đăng nhập mới</a></p></div>`,
  });
}

/** The form field of a urlencoded body (read as such whatever the declared type, as browsers send it). */
async function formField(c: PortalContext, name: string): Promise<string> {
  return new URLSearchParams(await c.req.text()).get(name) ?? '';
}

export async function signInPage(c: PortalContext): Promise<Response> {
  const principal = await c.var.principal();
  if (principal) return c.redirect(homeOf(principal), 303);
  return htmlPage(c, 200, { title: 'Đăng nhập', body: signInBody() });
}

export async function requestLink(c: PortalContext): Promise<Response> {
  const { deps, now, clientIp } = c.var;
  const email = (await formField(c, 'email')).trim();
  const answer = (): Response => htmlPage(c, 200, { title: 'Kiểm tra hộp thư', body: linkSentBody() });
  if (!email || email.length > 254) {
    return htmlPage(c, 400, { title: 'Đăng nhập', body: signInBody(h`<div class="card rejected" role="alert"><p>Vui lòng nhập một địa chỉ email.</p></div>`) });
  }
  const outcome = await requestSignIn({
    store: deps.store, contacts: await deps.contacts(), mailer: deps.mailer, log: deps.log,
    compose: (principal, link) => renderMail(signInMessage(deps.campaign, whoLabel(deps.campaign, principal), link)), ...(deps.afterAnswer ? { afterAnswer: deps.afterAnswer } : {}),
  }, { email, client: clientIp, now, linkBase: portalBase(c) });
  if (outcome === 'client-limit') {
    return htmlPage(c, 429, { title: 'Quá nhiều yêu cầu', body: problemBody('Quá nhiều yêu cầu', 'Có quá nhiều yêu cầu đăng nhập từ máy này. Vui lòng thử lại sau 15 phút.') });
  }
  return answer();
}

export async function confirmPage(c: PortalContext): Promise<Response> {
  const token = c.req.query('ma') ?? '';
  const state = await inspectToken(c.var.deps.store, token, c.var.now);
  if (state.status !== 'ok') return linkProblem(c, state.status);
  return htmlPage(c, 200, { title: 'Đăng nhập', body: confirmBody(token, state.token.principal.address) });
}

export async function confirmSignIn(c: PortalContext): Promise<Response> {
  const { deps, now } = c.var;
  const result = await signInWithToken(deps.store, await deps.contacts(), await formField(c, 'ma'), now);
  if (result.status !== 'ok') return linkProblem(c, result.status);
  c.header('set-cookie', sessionCookie(result.sessionId, isSecure(c)), { append: true });
  return c.redirect(homeOf(result.session.principal), 303);
}

export async function signOut(c: PortalContext): Promise<Response> {
  await endSession(c.var.deps.store, sessionIdFromCookies([c.req.header('cookie') ?? '']));
  c.header('set-cookie', clearedSessionCookie(isSecure(c)), { append: true });
  return c.redirect(PATHS.signIn, 303);
}
