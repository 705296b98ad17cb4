// Raw MIME messages written the way real mail clients write them (headers, structure, encodings),
// generated in code so the tests need no files from outside the repository.
import { buildReportFile, sampleSpec } from '../../shared/fixtures/report-files.ts';

export interface Sample {
  name: string;
  raw: Buffer;
  /** The attachment file name the client meant. */
  fileName: string;
  messageId: string;
}

const CRLF = '\r\n';

export function base64Lines(bytes: Uint8Array): string {
  return (Buffer.from(bytes).toString('base64').match(/.{1,76}/g) ?? []).join(CRLF);
}

/** Quoted-printable (RFC 2045), soft line breaks at 76. */
export function quotedPrintable(text: string): string {
  const bytes = Buffer.from(text.replace(/\r?\n/g, '\n'), 'utf8');
  const lines: string[] = [];
  let line = '';
  const push = (token: string): void => {
    if (line.length + token.length > 75) {
      lines.push(`${line}=`);
      line = '';
    }
    line += token;
  };
  for (const b of bytes) {
    if (b === 0x0a) {
      lines.push(line);
      line = '';
    } else if ((b >= 33 && b <= 126 && b !== 61) || b === 32) {
      push(String.fromCharCode(b));
    } else {
      push(`=${b.toString(16).toUpperCase().padStart(2, '0')}`);
    }
  }
  lines.push(line);
  return lines.map((l) => l.replace(/ $/, '=20')).join(CRLF);
}

/** RFC 2231 extended parameter value: utf-8''percent-encoded. */
export function rfc2231(value: string): string {
  return `utf-8''${encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

/** RFC 2047 encoded word (base64). */
export function encodedWord(value: string): string {
  return `=?utf-8?B?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const BODY = 'Kính gửi Ban Quản lý Thu,\nĐơn vị gửi báo cáo ngày 15/12/2023 đính kèm.\nTrân trọng.';

export function report(date = '15/12/2023', agencyLine = 'BẢO HIỂM XÃ HỘI TỈNH BẮC NINH', format: 'xlsx' | 'xls' | 'ods' | 'csv' = 'xlsx'): Uint8Array {
  return buildReportFile(sampleSpec({ dateText: date, agencyLine }), format);
}

interface Common {
  from?: string;
  to?: string;
  subject?: string;
  messageId?: string;
  extraHeaders?: string[];
}

function head(c: Common, defaults: { messageId: string; subject: string }, contentType: string, more: string[] = []): string[] {
  return [
    `From: ${c.from ?? 'Phòng Thu BHXH Bắc Ninh <bhxh-27@example.gov.vn>'}`,
    `To: ${c.to ?? 'nop-bao-cao@example.gov.vn'}`,
    `Subject: ${encodedWord(c.subject ?? defaults.subject)}`,
    'Date: Fri, 15 Dec 2023 16:02:11 +0700',
    `Message-ID: ${c.messageId ?? defaults.messageId}`,
    ...more,
    ...(c.extraHeaders ?? []),
    'MIME-Version: 1.0',
    `Content-Type: ${contentType}`,
  ];
}

/** Outlook (Windows, Vietnamese locale): base64 attachment, the name in RFC 2231 and RFC 2047, QP body. */
export function outlookMail(c: Common & { fileName?: string; file?: Uint8Array; inReplyTo?: string } = {}): Sample {
  const fileName = c.fileName ?? 'Báo cáo ngày 15.12.2023.xlsx';
  const messageId = c.messageId ?? '<SEYPR01MB5678ABCD1234@SEYPR01MB5678.apcprd01.prod.exchangelabs.com>';
  const html = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body><p>${BODY.replace(/\n/g, '<br>')}</p></body></html>`;
  const lines = [
    ...head(c, { messageId, subject: 'TL: Nhắc nộp báo cáo ngày 15/12/2023' }, 'multipart/mixed;\r\n\tboundary="_004_SEYPR01MB5678_"', [
      'Thread-Topic: Nhắc nộp báo cáo',
      'Thread-Index: AdovH1c2Y5bQn3tXQ0a0u8Vw==',
      ...(c.inReplyTo ? [`In-Reply-To: ${c.inReplyTo}`, `References: ${c.inReplyTo}`] : []),
      'Content-Language: vi-VN',
      'X-MS-Has-Attach: yes',
      'X-Mailer: Microsoft Outlook 16.0',
    ]),
    '',
    '--_004_SEYPR01MB5678_',
    'Content-Type: multipart/alternative;\r\n\tboundary="_000_SEYPR01MB5678_"',
    '',
    '--_000_SEYPR01MB5678_',
    'Content-Type: text/plain; charset="utf-8"',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    quotedPrintable(BODY),
    '',
    '--_000_SEYPR01MB5678_',
    'Content-Type: text/html; charset="utf-8"',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    quotedPrintable(html),
    '',
    '--_000_SEYPR01MB5678_--',
    '',
    '--_004_SEYPR01MB5678_',
    `Content-Type: ${XLSX_TYPE};\r\n\tname="${encodedWord(fileName)}"`,
    `Content-Description: ${encodedWord(fileName)}`,
    `Content-Disposition: attachment;\r\n\tfilename*=${rfc2231(fileName)};\r\n\tsize=${(c.file ?? report()).length};\r\n\tcreation-date="Fri, 15 Dec 2023 09:01:58 GMT"`,
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(c.file ?? report()),
    '',
    '--_004_SEYPR01MB5678_--',
    '',
  ];
  return { name: 'Outlook', raw: Buffer.from(lines.join(CRLF), 'utf8'), fileName, messageId };
}

/** Gmail (web): 7bit/QP alternative parts, the attachment with X-Attachment-Id and quoted filename. */
export function gmailMail(c: Common & { files?: Array<{ name: string; bytes: Uint8Array; type?: string }> } = {}): Sample {
  const files = c.files ?? [{ name: 'bao-cao-15-12.xlsx', bytes: report() }];
  const messageId = c.messageId ?? '<CAF3k9ZpQ_example_gmail_4r7@mail.gmail.com>';
  const b = '00000000000056a8c8060c3b1f2e';
  const alt = '00000000000056a8c5060c3b1f2c';
  const lines = [
    ...head(c, { messageId, subject: 'Báo cáo ngày 15/12/2023 - BHXH Bắc Ninh' }, `multipart/mixed; boundary="${b}"`),
    '',
    `--${b}`,
    `Content-Type: multipart/alternative; boundary="${alt}"`,
    '',
    `--${alt}`,
    'Content-Type: text/plain; charset="UTF-8"',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    quotedPrintable(BODY),
    '',
    `--${alt}`,
    'Content-Type: text/html; charset="UTF-8"',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    quotedPrintable(`<div dir="ltr">${BODY.replace(/\n/g, '<br>')}</div>`),
    '',
    `--${alt}--`,
    ...files.flatMap((f, i) => [
      `--${b}`,
      `Content-Type: ${f.type ?? XLSX_TYPE}; name="${f.name}"`,
      `Content-Disposition: attachment; filename="${f.name}"`,
      'Content-Transfer-Encoding: base64',
      `Content-ID: <f_lq6x${i}ab0>`,
      `X-Attachment-Id: f_lq6x${i}ab0`,
      '',
      base64Lines(f.bytes),
    ]),
    `--${b}--`,
    '',
  ];
  return { name: 'Gmail', raw: Buffer.from(lines.join(CRLF), 'utf8'), fileName: files[0]?.name ?? '', messageId };
}

/** Thunderbird: format=flowed 8bit body, the file name split in RFC 2231 continuations. */
export function thunderbirdMail(c: Common = {}): Sample {
  const fileName = 'Báo cáo tình hình đôn đốc thu hồi nợ ngày 15-12-2023.ods';
  const messageId = c.messageId ?? '<8f2c1a3e-5b6d-4e7f-9a0b-1c2d3e4f5a6b@example.gov.vn>';
  const encoded = rfc2231(fileName);
  const parts = encoded.match(/.{1,40}/g)!;
  const lines = [
    ...head(c, { messageId, subject: 'Báo cáo ngày 15/12' }, 'multipart/mixed;\r\n boundary="------------0aB1cD2eF3gH4iJ5kL6mN7oP"', [
      'User-Agent: Mozilla Thunderbird',
      'Content-Language: vi',
    ]),
    '',
    'This is a multi-part message in MIME format.',
    '--------------0aB1cD2eF3gH4iJ5kL6mN7oP',
    'Content-Type: text/plain; charset=UTF-8; format=flowed',
    'Content-Transfer-Encoding: 8bit',
    '',
    BODY.replace(/\n/g, CRLF),
    '',
    '--------------0aB1cD2eF3gH4iJ5kL6mN7oP',
    'Content-Type: application/vnd.oasis.opendocument.spreadsheet;',
    ...parts.map((p, i) => ` name*${i}*=${p}${i < parts.length - 1 ? ';' : ''}`),
    'Content-Disposition: attachment;',
    ...parts.map((p, i) => ` filename*${i}*=${p}${i < parts.length - 1 ? ';' : ''}`),
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(report(undefined, undefined, 'ods')),
    '',
    '--------------0aB1cD2eF3gH4iJ5kL6mN7oP--',
    '',
  ];
  return { name: 'Thunderbird', raw: Buffer.from(lines.join(CRLF), 'utf8'), fileName, messageId };
}

/** Apple Mail: base64 text body, x-unix-mode, an unquoted ASCII name, .xls. */
export function appleMail(c: Common = {}): Sample {
  const fileName = 'BaoCao_15122023.xls';
  const messageId = c.messageId ?? '<6A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D@example.gov.vn>';
  const lines = [
    ...head(c, { messageId, subject: 'Báo cáo ngày 15/12/2023' }, 'multipart/mixed;\r\n\tboundary="Apple-Mail=_7F3A9C1E-2B4D-4E6F-8A0C-1D3E5F7A9B2C"', [
      'X-Mailer: Apple Mail (2.3774.300.61.1.2)',
      'Content-Transfer-Encoding: 7bit',
    ]),
    '',
    '--Apple-Mail=_7F3A9C1E-2B4D-4E6F-8A0C-1D3E5F7A9B2C',
    'Content-Transfer-Encoding: base64',
    'Content-Type: text/plain;\r\n\tcharset=utf-8',
    '',
    base64Lines(Buffer.from(BODY, 'utf8')),
    '',
    '--Apple-Mail=_7F3A9C1E-2B4D-4E6F-8A0C-1D3E5F7A9B2C',
    'Content-Disposition: attachment;\r\n\tfilename=BaoCao_15122023.xls',
    'Content-Type: application/vnd.ms-excel;\r\n\tx-unix-mode=0644;\r\n\tname="BaoCao_15122023.xls"',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(report(undefined, undefined, 'xls')),
    '',
    '--Apple-Mail=_7F3A9C1E-2B4D-4E6F-8A0C-1D3E5F7A9B2C--',
    '',
  ];
  return { name: 'Apple Mail', raw: Buffer.from(lines.join(CRLF), 'utf8'), fileName, messageId };
}

/** A clerk forwards a colleague's mail as an attachment (message/rfc822, as Outlook's "Forward as attachment"). */
export function forwardedMail(c: Common = {}): Sample {
  const inner = gmailMail({ from: 'Nguyễn Văn A <nguyen.van.a@gmail.com>', to: 'bhxh-27@example.gov.vn' });
  const messageId = c.messageId ?? '<FWD01MB1111@SEYPR01MB5678.apcprd01.prod.exchangelabs.com>';
  const lines = [
    ...head(c, { messageId, subject: 'FW: Báo cáo ngày 15/12/2023 - BHXH Bắc Ninh' }, 'multipart/mixed; boundary="fwd-boundary-1"'),
    '',
    '--fwd-boundary-1',
    'Content-Type: text/plain; charset="utf-8"',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(Buffer.from('Chuyển tiếp báo cáo của đơn vị.', 'utf8')),
    '',
    '--fwd-boundary-1',
    'Content-Type: message/rfc822',
    'Content-Disposition: attachment; filename="Báo cáo ngày 15.eml"',
    '',
    inner.raw.toString('utf8'),
    '--fwd-boundary-1--',
    '',
  ];
  return { name: 'forwarded', raw: Buffer.from(lines.join(CRLF), 'utf8'), fileName: inner.fileName, messageId };
}

/** Outlook in Rich Text mode: the file sealed in winmail.dat (TNEF). */
export function winmailMail(c: Common = {}): Sample {
  const tnef = Buffer.concat([Buffer.from([0x78, 0x9f, 0x3e, 0x22, 0x01, 0x00]), Buffer.alloc(200, 7)]);
  const messageId = c.messageId ?? '<TNEF01MB2222@SEYPR01MB5678.apcprd01.prod.exchangelabs.com>';
  const lines = [
    ...head(c, { messageId, subject: 'Báo cáo ngày 15/12/2023' }, 'multipart/mixed; boundary="tnef-b"', ['X-MS-TNEF-Correlator: <TNEF01MB2222>']),
    '',
    '--tnef-b',
    'Content-Type: text/plain; charset="utf-8"',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    quotedPrintable(BODY),
    '',
    '--tnef-b',
    'Content-Type: application/ms-tnef; name="winmail.dat"',
    'Content-Disposition: attachment; filename="winmail.dat"',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(tnef),
    '',
    '--tnef-b--',
    '',
  ];
  return { name: 'winmail.dat', raw: Buffer.from(lines.join(CRLF), 'utf8'), fileName: 'winmail.dat', messageId };
}

/** A plain mail with no attachment (a link to a shared file, optionally). */
export function plainMail(c: Common & { body?: string } = {}): Sample {
  const messageId = c.messageId ?? '<plain-1@example.gov.vn>';
  const lines = [
    ...head(c, { messageId, subject: 'Báo cáo ngày 15/12/2023' }, 'text/plain; charset="utf-8"', ['Content-Transfer-Encoding: base64']),
    '',
    base64Lines(Buffer.from(c.body ?? BODY, 'utf8')),
    '',
  ];
  return { name: 'plain', raw: Buffer.from(lines.join(CRLF), 'utf8'), fileName: '', messageId };
}

/** An out-of-office answer (Exchange, RFC 3834): no attachment, "Automatic reply: Re: …". */
export function outOfOfficeMail(c: Common & { inReplyTo?: string } = {}): Sample {
  return plainMail({
    subject: 'Trả lời tự động: Nhắc nộp báo cáo', messageId: '<ooo-1@example.gov.vn>', body: 'Tôi đang nghỉ phép đến hết ngày 20/12.',
    ...c,
    extraHeaders: ['Auto-Submitted: auto-replied', 'X-Auto-Response-Suppress: All', ...(c.inReplyTo ? [`In-Reply-To: ${c.inReplyTo}`] : []), ...(c.extraHeaders ?? [])],
  });
}

/** A delivery status notification (RFC 3464): multipart/report from MAILER-DAEMON with a null return path. */
export function bounceMail(c: Common = {}): Sample {
  const messageId = c.messageId ?? '<bounce-1@mx.example.gov.vn>';
  const lines = [
    ...head({ from: 'Mail Delivery System <MAILER-DAEMON@mx.example.gov.vn>', ...c }, { messageId, subject: 'Undelivered Mail Returned to Sender' },
      'multipart/report; report-type=delivery-status; boundary="dsn-1"', ['Return-Path: <>']),
    '',
    '--dsn-1',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'This is the mail system at host mx.example.gov.vn. Your message could not be delivered.',
    '',
    '--dsn-1',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.gov.vn',
    '',
    'Final-Recipient: rfc822; nobody@example.gov.vn',
    'Action: failed',
    'Status: 5.1.1',
    '',
    '--dsn-1--',
    '',
  ];
  return { name: 'bounce', raw: Buffer.from(lines.join(CRLF), 'utf8'), fileName: '', messageId };
}
