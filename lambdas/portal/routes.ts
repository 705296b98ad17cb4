// THE route table: every address of the portal, who may open it, its navigation entry, its handler.
// The app (app.ts) derives routing, the access check (a signed-out visitor of a known page is sent to
// sign in; another role gets 403) and the header's navigation from this list alone. A new page is a
// handler in pages/<audience>/ and one entry here.
import type { Role } from '../../shared/ports/portal.ts';
import { PORTAL_CSS, PORTAL_JS } from './assets.ts';
import { ENTRY_JS } from './entry-script.ts';
import type { PortalContext, PortalHandler } from './context.ts';
import { fileDownload, resultsDownload, snapshotDownload } from './pages/downloads.ts';
import { addContact, contactsPage, removeContact } from './pages/national/contacts.ts';
import { decideContactRequest } from './pages/national/contact-requests.ts';
import { missingPage } from './pages/national/missing.ts';
import { resultsPage } from './pages/national/results.ts';
import { nationalLiveApi, nationalPage } from './pages/national/today.ts';
import { uploadsPage } from './pages/national/uploads.ts';
import { askContactChange, ownContactsPage, withdrawContactChange } from './pages/province/contacts.ts';
import { entryPage, entrySubmit, sameAsLatestPage } from './pages/province/entry.ts';
import { formDownload, formPage } from './pages/province/form.ts';
import { historyPage } from './pages/province/history.ts';
import { submitPage, uploadedPage, uploadTicket, verdictApi } from './pages/province/submit.ts';
import { confirmPage, confirmSignIn, requestLink, signInPage, signOut } from './pages/sign-in.ts';
import { PATHS } from './paths.ts';

/** Who is asking: nobody signed in, or a signed-in principal's role. */
export type Audience = 'signed-out' | Role;

export interface Route {
  method: 'GET' | 'POST';
  path: string;
  /** Who may open it; anyone else signed in gets 403, a signed-out visitor the sign-in page (or 401 on the API). */
  open: readonly Audience[];
  /** The header's navigation entry, for one role, in the table's order. */
  nav?: { role: Role; label: string };
  handler: PortalHandler;
}

const ANYONE: readonly Audience[] = ['signed-out', 'province', 'national'];
const SIGNED_IN: readonly Audience[] = ['province', 'national'];
const PROVINCE: readonly Audience[] = ['province'];
const NATIONAL: readonly Audience[] = ['national'];

const asset = (body: string, contentType: string) => (c: PortalContext): Response =>
  c.body(body, 200, { 'content-type': contentType, 'cache-control': 'public, max-age=3600' });

export const ROUTES: readonly Route[] = [
  { method: 'GET', path: PATHS.css, open: ANYONE, handler: asset(PORTAL_CSS, 'text/css; charset=utf-8') },
  { method: 'GET', path: PATHS.js, open: ANYONE, handler: asset(PORTAL_JS, 'text/javascript; charset=utf-8') },
  { method: 'GET', path: PATHS.entryJs, open: ANYONE, handler: asset(ENTRY_JS, 'text/javascript; charset=utf-8') },

  // Signing in and out (pages/sign-in.ts).
  { method: 'GET', path: PATHS.signIn, open: ANYONE, handler: signInPage },
  { method: 'POST', path: PATHS.requestLink, open: ANYONE, handler: requestLink },
  { method: 'GET', path: PATHS.confirm, open: ANYONE, handler: confirmPage },
  { method: 'POST', path: PATHS.confirm, open: ANYONE, handler: confirmSignIn },
  { method: 'POST', path: PATHS.signOut, open: ANYONE, handler: signOut },

  // A province's pages (pages/province/); the history and the blank form serve the national office too.
  { method: 'GET', path: PATHS.submit, open: PROVINCE, nav: { role: 'province', label: 'Nộp báo cáo' }, handler: submitPage },
  { method: 'GET', path: PATHS.uploaded, open: PROVINCE, handler: uploadedPage },
  { method: 'POST', path: PATHS.uploadTicket, open: PROVINCE, handler: uploadTicket },
  { method: 'GET', path: PATHS.entry, open: PROVINCE, nav: { role: 'province', label: 'Nhập số liệu' }, handler: entryPage },
  { method: 'POST', path: PATHS.entry, open: PROVINCE, handler: entrySubmit },
  { method: 'GET', path: PATHS.sameAsLatest, open: PROVINCE, handler: sameAsLatestPage },
  { method: 'GET', path: PATHS.verdict, open: SIGNED_IN, handler: verdictApi },
  { method: 'GET', path: PATHS.history, open: SIGNED_IN, nav: { role: 'province', label: 'Lịch sử' }, handler: historyPage },
  { method: 'GET', path: PATHS.form, open: SIGNED_IN, nav: { role: 'province', label: 'Mẫu báo cáo' }, handler: formPage },
  { method: 'GET', path: PATHS.formDownload, open: SIGNED_IN, handler: formDownload },
  { method: 'GET', path: PATHS.ownContacts, open: PROVINCE, nav: { role: 'province', label: 'Địa chỉ liên hệ' }, handler: ownContactsPage },
  { method: 'POST', path: PATHS.ownContactsRequest, open: PROVINCE, handler: askContactChange },
  { method: 'POST', path: PATHS.ownContactsWithdraw, open: PROVINCE, handler: withdrawContactChange },

  // The national office's pages (pages/national/).
  { method: 'GET', path: PATHS.national, open: NATIONAL, nav: { role: 'national', label: 'Hôm nay' }, handler: nationalPage },
  { method: 'GET', path: PATHS.live, open: NATIONAL, handler: nationalLiveApi },
  { method: 'GET', path: PATHS.results, open: NATIONAL, nav: { role: 'national', label: 'Kết quả' }, handler: resultsPage },
  { method: 'GET', path: PATHS.uploads, open: NATIONAL, nav: { role: 'national', label: 'Các lần nộp' }, handler: uploadsPage },
  { method: 'GET', path: PATHS.missing, open: NATIONAL, nav: { role: 'national', label: 'Chưa nộp' }, handler: missingPage },
  { method: 'GET', path: PATHS.contacts, open: NATIONAL, nav: { role: 'national', label: 'Địa chỉ liên hệ' }, handler: contactsPage },
  { method: 'POST', path: PATHS.contactsAdd, open: NATIONAL, handler: addContact },
  { method: 'POST', path: PATHS.contactsRemove, open: NATIONAL, handler: removeContact },
  { method: 'POST', path: PATHS.contactsDecide, open: NATIONAL, handler: decideContactRequest },
  { method: 'GET', path: PATHS.snapshotDownload, open: NATIONAL, handler: snapshotDownload },
  { method: 'GET', path: PATHS.resultsDownload, open: NATIONAL, handler: resultsDownload },

  // Files (pages/downloads.ts): each principal the objects it may read.
  { method: 'GET', path: PATHS.fileDownload, open: SIGNED_IN, handler: fileDownload },
];
