// One model, one renderer: the same blocks read the same in the text part and the HTML part.
import { describe, expect, it } from 'vitest';
import { code, list, note, paragraph, strong, table, type Message } from '../../shared/domain/messages/model.ts';
import { renderHtml, renderMail, renderText } from '../../shared/domain/messages/render.ts';

const message: Message = {
  subject: 'Đã nhận báo cáo <ngày> 15/12/2023',
  blocks: [
    paragraph('Kính gửi Bảo hiểm xã hội tỉnh Bắc Ninh,'),
    paragraph(['Hệ thống đã nhận báo cáo ngày ', strong('15/12/2023'), ' (tệp <script>.xlsx).'], 'Dòng thứ hai.'),
    list(['Một', { text: 'Hai', detail: 'chi tiết' }], { title: 'Danh sách:', ordered: true }),
    list(['- không tiêu đề']),
    table('Số liệu đã ghi nhận:', ['Cột', 'Số liệu'], [['1. Số đơn vị', '4.162'], ['5. Công văn', ['1.604 → ', strong('1.614')]]], { intro: 'Đọc ở dòng 11.' }),
    { type: 'button', url: 'https://portal.example/x?a=1&b=2', label: 'Mở cổng báo cáo', note: 'Dùng một lần.' },
    paragraph(['Lệnh: ', code('bhxh parse <tệp>')]),
    note('Thư tự động.'),
  ],
};

describe('the message renderer', () => {
  it('plain text: blocks apart by a blank line, titled lists and tables indented, the button as label: url', () => {
    expect(renderText(message.blocks)).toBe([
      'Kính gửi Bảo hiểm xã hội tỉnh Bắc Ninh,',
      '',
      'Hệ thống đã nhận báo cáo ngày 15/12/2023 (tệp <script>.xlsx).',
      'Dòng thứ hai.',
      '',
      'Danh sách:',
      '  1. Một',
      '  2. Hai',
      '    chi tiết',
      '',
      '- - không tiêu đề',
      '',
      'Số liệu đã ghi nhận:',
      'Đọc ở dòng 11.',
      '  1. Số đơn vị: 4.162',
      '  5. Công văn: 1.604 → 1.614',
      '',
      'Mở cổng báo cáo: https://portal.example/x?a=1&b=2',
      'Dùng một lần.',
      '',
      'Lệnh: bhxh parse <tệp>',
      '',
      'Thư tự động.',
      '',
    ].join('\n'));
  });

  it('HTML: the same words, every piece of data escaped, emphasis and code kept as markup', () => {
    const html = renderHtml(message.blocks).html;
    expect(html).toContain('<p>Hệ thống đã nhận báo cáo ngày <b>15/12/2023</b> (tệp &lt;script&gt;.xlsx).<br>Dòng thứ hai.</p>');
    expect(html).toContain('<p><b>Danh sách:</b></p><ol><li>Một</li><li>Hai<br>chi tiết</li></ol>');
    expect(html).toContain('1.604 → <b>1.614</b>');
    expect(html).toContain('<p><b>Số liệu đã ghi nhận:</b><br>Đọc ở dòng 11.</p>');
    expect(html).toContain('href="https://portal.example/x?a=1&amp;b=2"');
    expect(html).toContain('<code>bhxh parse &lt;tệp&gt;</code>');
    expect(html).toContain('<p style="color:#777;font-size:12px">Thư tự động.</p>');
    expect(html).not.toMatch(/<script>/);
  });

  it('a mail: the subject as the document title (escaped), UTF-8 and a phone-width viewport declared', () => {
    const mail = renderMail(message);
    expect(mail.subject).toBe(message.subject);
    expect(mail.html).toContain('<title>Đã nhận báo cáo &lt;ngày&gt; 15/12/2023</title>');
    expect(mail.html).toContain('<meta charset="utf-8">');
    expect(mail.html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(renderMail({ ...message, title: 'Tiêu đề khác' }).html).toContain('<title>Tiêu đề khác</title>');
  });
});
