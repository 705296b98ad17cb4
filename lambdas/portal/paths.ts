// The portal's addresses, for links between pages. What each address serves, to whom, and under which
// navigation label is the route table's (routes.ts).
import { CONFIRM_PATH } from '../../shared/domain/portal/auth.ts';

export const PATHS = {
  signIn: '/',
  requestLink: '/dang-nhap',
  confirm: CONFIRM_PATH,
  signOut: '/dang-xuat',
  submit: '/nop-bao-cao',
  uploaded: '/nop-bao-cao/da-gui',
  entry: '/nhap-so-lieu',
  sameAsLatest: '/nhap-so-lieu/giong-hom-qua',
  history: '/lich-su',
  form: '/mau-bao-cao',
  formDownload: '/mau-bao-cao/tai-ve',
  national: '/toan-quoc',
  uploads: '/toan-quoc/cac-lan-nop',
  missing: '/toan-quoc/chua-nop',
  contacts: '/toan-quoc/lien-he',
  contactsAdd: '/toan-quoc/lien-he/them',
  contactsRemove: '/toan-quoc/lien-he/xoa',
  ownContacts: '/lien-he',
  ownContactsRequest: '/lien-he/de-nghi',
  ownContactsWithdraw: '/lien-he/rut-de-nghi',
  contactsDecide: '/toan-quoc/lien-he/de-nghi',
  results: '/toan-quoc/ket-qua',
  snapshotDownload: '/tai-ve/tong-hop',
  resultsDownload: '/tai-ve/ket-qua',
  fileDownload: '/tai-ve/tep',
  uploadTicket: '/api/tai-len',
  verdict: '/api/ket-qua',
  live: '/api/toan-quoc',
  css: '/tai-nguyen/portal.css',
  js: '/tai-nguyen/portal.js',
  entryJs: '/tai-nguyen/nhap-so-lieu.js',
} as const;

/** JSON endpoints: a problem there is answered in JSON, and a signed-out call gets 401 (not the sign-in page). */
export const API_PREFIX = '/api/';
