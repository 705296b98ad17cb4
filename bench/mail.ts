// Mail received → reply sent, on the local stack: a registered contact mails a report over SMTP and
// the clock stops when the receipt answering it (In-Reply-To) is in the SES store. p50/p95 over N mails.
//   npx tsx bench/mail.ts [N]   this part alone, as JSON
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createTransport } from 'nodemailer';
import { defaultCampaign } from '../shared/config/campaign.ts';
import { exampleProvinceEmail } from '../shared/config/example-contacts.ts';
import { formatDateVi } from '../shared/domain/format.ts';
import { agencyLine, buildReportFile, sampleSpec } from '../shared/fixtures/report-files.ts';
import { smtpOf } from '../local/smtp-intake.ts';
import { startLocalStack } from '../local/stack.ts';
import { percentile } from './stats.ts';

export async function runMailReplies(mails: number): Promise<{ replyP50Ms: number; replyP95Ms: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bhxh-bench-mail-'));
  const stack = await startLocalStack({
    dataDir, s3Port: 0, dynamodbPort: 0, sesPort: 0, eventsPort: 0, ports: { smtp: 0 }, schedules: false, handlerLogLevel: 'SILENT', clean: true,
  });
  const campaign = defaultCampaign();
  const smtp = smtpOf(stack);
  const transport = createTransport({ host: smtp.host, port: smtp.port, secure: false, ignoreTLS: true, pool: true });
  const replied = async (messageId: string): Promise<boolean> => {
    const store = (await (await fetch(`${stack.endpoints.ses}/store`)).json()) as { emails: Array<{ headers?: Array<{ name: string; value: string }> }> };
    return store.emails.some((e) => e.headers?.some((h) => h.name.toLowerCase() === 'in-reply-to' && h.value === messageId));
  };
  const times: number[] = [];
  try {
    for (let i = 0; i < mails; i++) {
      const province = campaign.provinces[i % campaign.provinces.length]!;
      const date = campaign.reportDates[Math.floor(i / campaign.provinces.length) + 1]!;
      const file = buildReportFile(sampleSpec({ agencyLine: agencyLine(province), dateText: formatDateVi(date) }));
      const messageId = `<bench-${i}-${Date.now()}@example.gov.vn>`;
      const started = performance.now();
      await transport.sendMail({
        from: exampleProvinceEmail(province.code), to: smtp.submissionAddress, subject: `Báo cáo ngày ${formatDateVi(date)}`,
        messageId, text: 'Đơn vị gửi báo cáo đính kèm.', attachments: [{ filename: `bao-cao-${i}.xlsx`, content: Buffer.from(file) }],
      });
      const deadline = started + 30_000;
      while (!(await replied(messageId))) {
        if (performance.now() > deadline) throw new Error(`no reply to mail ${i} within 30 s`);
        await new Promise((r) => setTimeout(r, 5));
      }
      times.push(performance.now() - started);
    }
    await stack.idle();
  } finally {
    transport.close();
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return { replyP50Ms: Math.round(percentile(times, 50)), replyP95Ms: Math.round(percentile(times, 95)) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ||= 'true';
  process.stdout.write(`${JSON.stringify({ mail: await runMailReplies(Number(process.argv[2] ?? 50)) })}\n`);
}
