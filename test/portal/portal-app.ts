// The portal's whole request function with in-memory ports: build one, sign someone in the way a
// browser does (link mailed, confirmed), and send requests with or without the session cookie.
// Page tests (test/portal/*.test.ts) use it to call the app without a browser.
import { createPortalApp } from '../../lambdas/portal/app.ts';
import type { PortalDeps } from '../../lambdas/portal/context.ts';
import type { StoredReport, SubmissionRecord } from '../../shared/domain/report.ts';
import { at, campaign, FakeMailer } from '../reminder/fakes.ts';
import { revokeAddress } from '../../shared/domain/portal/auth.ts';
import { MemoryContactRegistry, MemoryContactRequests } from './memory-contacts.ts';
import { MemoryPortalStore } from './memory-store.ts';

export const PORTAL_URL = 'https://portal.example';
export const ORIGIN = { origin: PORTAL_URL };
export const CONTACTS = {
  provinces: [{ province: '27', emails: ['bac-ninh@example.gov.vn'] }, { province: '01', emails: ['ha-noi@example.gov.vn'] }],
  national: ['toan-quoc@example.gov.vn'],
};

export interface PortalUnderTest {
  deps: PortalDeps;
  /** The contact lists the pages edit; the sign-in reads the same (contacts()). */
  registry: MemoryContactRegistry;
  /** The provinces' change requests. */
  requests: MemoryContactRequests;
  store: MemoryPortalStore;
  mailer: FakeMailer;
  reports: StoredReport[];
  submissions: SubmissionRecord[];
  /** The files the portal wrote itself (the entry form's). */
  written: Array<{ key: string; body: Uint8Array; metadata: Readonly<Record<string, string>> }>;
  logs: Array<{ level: string; message: string }>;
  /** The instant every request arrives at (settable). */
  now: Date;
  /** The app's request function as a server calls it (a browser test serves it over HTTP). */
  fetch(request: Request): Response | Promise<Response>;
  /** One request to the app; `cookie` is a session cookie from signIn. */
  request(path: string, init?: RequestInit & { cookie?: string }): Promise<Response>;
  /** Signs an address in through the mailed link; resolves with the Cookie header value to send. */
  signIn(address: string): Promise<string>;
}

export function portalUnderTest(overrides: Partial<PortalDeps> = {}): PortalUnderTest {
  const store = new MemoryPortalStore();
  const mailer = new FakeMailer();
  const reports: StoredReport[] = [];
  const submissions: SubmissionRecord[] = [];
  const written: PortalUnderTest['written'] = [];
  const logs: Array<{ level: string; message: string }> = [];
  const registry = new MemoryContactRegistry(CONTACTS.provinces, CONTACTS.national);
  const requests = new MemoryContactRequests();
  const deps: PortalDeps = {
    campaign,
    store,
    contacts: async () => registry.book(),
    contactChanges: { registry, requests, endAccess: async (address, now) => { registry.ended.push(address); await revokeAddress(store, address, now); } },
    reports: {
      listReportsForDate: async (date) => reports.filter((r) => r.reportDate === date),
      listReportsForProvince: async (province) => reports.filter((r) => r.province === province),
    },
    submissions: {
      listForDate: async (date) => submissions.filter((s) => s.reportDate === date),
      listForObject: async (key) => submissions.filter((s) => s.objectKey === key),
    },
    snapshots: { get: async () => undefined },
    files: {
      presignUpload: async ({ key }) => ({ url: 'https://bucket.example/', fields: { key } }),
      presignDownload: async (key, name) => `https://bucket.example/${key}?ten=${encodeURIComponent(name)}`,
      putUpload: async ({ key, body, metadata }) => { written.push({ key, body, metadata }); },
    },
    mailer,
    portalUrl: PORTAL_URL,
    uploadOrigin: 'https://bucket.example',
    log: (level, message) => { logs.push({ level, message }); },
    ...overrides,
  };
  const portal: PortalUnderTest = {
    deps, registry, requests, store, mailer, reports, submissions, written, logs,
    now: at('2023-12-15', '10:00'),
    fetch: (request) => app.fetch(request),
    request: (path, { cookie, headers, ...init } = {}) =>
      Promise.resolve(app.request(path, { ...init, headers: { ...(cookie ? { cookie } : {}), ...headers as Record<string, string> } })),
    async signIn(address) {
      const asked = await portal.request('/dang-nhap', { method: 'POST', headers: ORIGIN, body: new URLSearchParams({ email: address }) });
      if (asked.status !== 200) throw new Error(`sign-in request answered ${asked.status}`);
      const link = /https:\/\/portal\.example(\/dang-nhap\/xac-nhan\?ma=[\w-]+)/.exec(mailer.to(address).at(-1)?.text ?? '')?.[1];
      if (!link) throw new Error(`no sign-in link mailed to ${address}`);
      const token = new URL(link, PORTAL_URL).searchParams.get('ma')!;
      const confirmed = await portal.request('/dang-nhap/xac-nhan', { method: 'POST', headers: ORIGIN, body: new URLSearchParams({ ma: token }) });
      const cookie = confirmed.headers.get('set-cookie')?.split(';')[0];
      if (confirmed.status !== 303 || !cookie) throw new Error(`sign-in confirmation answered ${confirmed.status}`);
      return cookie;
    },
  };
  const app = createPortalApp(deps, { clientIp: () => '203.0.113.7', clock: () => portal.now });
  return portal;
}
