// In-memory stand-ins for the mail-intake use case: a bucket that keeps metadata, the mail log, a mailer.
import { StaticContactDirectory } from '../../shared/adapters/contacts.ts';
import { defaultCampaign } from '../../shared/config/campaign.ts';
import type { MailIntakeDeps } from '../../shared/domain/mail-intake/intake.ts';
import type { FileStore, InboundMailRecord, MailLog, MailMessage, Mailer } from '../../shared/ports/index.ts';

export class MetadataFileStore implements FileStore {
  readonly objects = new Map<string, { body: Uint8Array; contentType: string; metadata: Record<string, string> }>();
  async read(key: string, maxBytes: number) {
    const o = this.objects.get(key);
    if (!o) throw Object.assign(new Error(`NoSuchKey ${key}`), { name: 'NoSuchKey' });
    return o.body.byteLength > maxBytes ? { tooLarge: o.body.byteLength } : { body: o.body, metadata: { ...o.metadata } };
  }
  async write(key: string, body: Uint8Array | string, contentType: string, metadata: Record<string, string> = {}) {
    this.objects.set(key, { body: typeof body === 'string' ? new TextEncoder().encode(body) : body, contentType, metadata });
  }
  keys(prefix: string): string[] {
    return [...this.objects.keys()].filter((k) => k.startsWith(prefix));
  }
}

export class MemoryMailLog implements MailLog {
  readonly items = new Map<string, InboundMailRecord>();
  writes = 0;
  private id = (date: string, receivedAt: string, sesMessageId: string) => JSON.stringify([date, receivedAt, sesMessageId]);
  async get(date: string, receivedAt: string, sesMessageId: string) {
    const r = this.items.get(this.id(date, receivedAt, sesMessageId));
    return r ? structuredClone(r) : undefined;
  }
  async record(mail: InboundMailRecord) {
    this.writes++;
    this.items.set(this.id(mail.date, mail.receivedAt, mail.sesMessageId), structuredClone(mail));
  }
  async listForDate(date: string) {
    return [...this.items.values()].filter((r) => r.date === date).sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  }
}

export class RecordingMailer implements Mailer {
  readonly sent: MailMessage[] = [];
  async send(message: MailMessage) {
    this.sent.push(message);
    return { messageId: `sent-${this.sent.length}` };
  }
}

export const SUBMISSION_ADDRESS = 'nop-bao-cao@example.gov.vn';

export function mailIntakeFakes(overrides: Partial<MailIntakeDeps> = {}) {
  const files = new MetadataFileStore();
  const mailLog = new MemoryMailLog();
  const mailer = new RecordingMailer();
  const logs: Array<{ level: string; message: string; detail?: Record<string, unknown> }> = [];
  const deps: MailIntakeDeps = {
    campaign: defaultCampaign(),
    files,
    contacts: new StaticContactDirectory({
      provinces: [
        { province: '27', emails: ['bhxh-27@example.gov.vn', 'Ke.Toan@BacNinh.example.gov.vn'] },
        { province: '01', emails: ['bhxh-01@example.gov.vn', 'chung@example.gov.vn'] },
        { province: '02', emails: ['bhxh-02@example.gov.vn', 'chung@example.gov.vn'] },
      ],
      national: ['ban-quan-ly-thu@example.gov.vn'],
      sender: 'bao-cao@example.gov.vn',
    }),
    mailer,
    mailLog,
    submissionAddress: SUBMISSION_ADDRESS,
    checkAuthentication: false,
    log: (level, message, detail) => { logs.push({ level, message, ...(detail ? { detail } : {}) }); },
    ...overrides,
  };
  return { deps, files, mailLog, mailer, logs };
}
