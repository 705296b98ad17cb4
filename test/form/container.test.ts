import { Buffer } from 'node:buffer';
import { describe, it, expect } from 'vitest';
import { DEFAULT_CONTAINER_LIMITS, inspectContainer } from '../../shared/domain/form/container/index.ts';
import type { ContainerVerdict } from '../../shared/domain/form/container/index.ts';
import * as hostile from '../support/hostile-files.ts';
import { HOSTILE_FILES } from '../support/hostile-files.ts';
import { deflateRaw, writeZip } from '../support/zip-writer.ts';

/** Vietnamese text: has letters only Vietnamese uses (ă, ơ, ư, đ, or stacked tone marks). */
const VIETNAMESE = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i;

function describeVerdict(v: ContainerVerdict): string {
  return v.ok ? `ok:${v.format}` : v.error.code;
}

function expectRefused(v: ContainerVerdict, code: string): void {
  expect(describeVerdict(v)).toBe(code);
  if (!v.ok) {
    expect(v.error.message.length).toBeGreaterThan(20);
    expect(v.error.message).toMatch(VIETNAMESE);
  }
}

const file = (name: string, text: string | Buffer): { name: string; bytes: Uint8Array } => ({
  name,
  bytes: typeof text === 'string' ? Buffer.from(text, 'utf8') : text,
});

describe('inspectContainer: every generated hostile file', () => {
  for (const c of HOSTILE_FILES) {
    it(`${c.id} → ${c.expected}`, async () => {
      const f = c.make();
      const started = performance.now();
      const verdict = await inspectContainer(f.bytes, f.name);
      expect(performance.now() - started).toBeLessThan(2000);
      if (c.expected.startsWith('ok:')) expect(verdict).toEqual({ ok: true, format: c.expected.slice(3) });
      else expectRefused(verdict, c.expected);
    });
  }
});

describe('inspectContainer: what the file is', () => {
  it('names what a refused file really is, and that it was renamed', async () => {
    const pdf = hostile.pdfRenamedXlsx();
    const v = await inspectContainer(pdf.bytes, pdf.name);
    expect(v.ok ? '' : v.error.message).toContain('tệp PDF được đổi tên thành .xlsx');
    const doc = hostile.docxLike();
    const w = await inspectContainer(doc.bytes, 'bao-cao.docx');
    expect(w.ok ? '' : w.error.message).toContain('(tệp Word)');
  });

  it('lets content, not the extension, decide (an .xls name on an xlsx passes as xlsx)', async () => {
    const x = hostile.validXlsx();
    expect(await inspectContainer(x.bytes, 'bao-cao.xls')).toEqual({ ok: true, format: 'xlsx' });
    const c = hostile.csvBomSemicolon();
    expect(await inspectContainer(c.bytes, 'bao-cao.ods')).toEqual({ ok: true, format: 'csv' });
  });

  it('accepts UTF-8 CSV without a BOM, semicolon or comma', async () => {
    const rows = ['Tỉnh;Ngày;1;2;3;4;5;6;7;8;9;10;11', 'Bắc Ninh;15/12/2023;1;2;3;4;5;6;7;8;9;10;11'].join('\n');
    expect(await inspectContainer(Buffer.from(rows), 'a.csv')).toEqual({ ok: true, format: 'csv' });
    expect(await inspectContainer(Buffer.from(rows.replace(/;/g, ',')), 'a.csv')).toEqual({ ok: true, format: 'csv' });
  });

  it('refuses prose even when it has a few commas', async () => {
    const prose = 'Kính gửi, các đơn vị, các phòng.\nĐề nghị, khẩn trương thực hiện.\nTrân trọng.';
    expectRefused(await inspectContainer(Buffer.from(prose), 'a.csv'), 'file-type');
  });

  it('refuses binary junk, UTF-16 text, Excel 2003 XML, RTF', async () => {
    const cases = [
      file('a.csv', Buffer.from([0x01, 0x02, 0x03, 0x2c, 0x2c, 0x2c])),
      file('a.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b,c,d,e\n1,2,3,4,5', 'utf16le')])),
      file('a.xls', '<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>'),
      file('a.xlsx', '{\\rtf1\\ansi a,b,c,d,e}'),
    ];
    for (const c of cases) expectRefused(await inspectContainer(c.bytes, c.name), 'file-type');
  });

  it('refuses an ODF file that is not a spreadsheet', async () => {
    const odt = writeZip([
      { name: 'mimetype', data: Buffer.from('application/vnd.oasis.opendocument.text'), method: 0 },
      { name: 'content.xml', data: Buffer.from('<office:document-content/>') },
    ]);
    expectRefused(await inspectContainer(odt, 'a.ods'), 'file-type');
  });

  it('treats a macro-enabled workbook content type as macros even without vbaProject.bin', async () => {
    const xlsm = writeZip([
      {
        name: '[Content_Types].xml',
        data: Buffer.from('<Types><Override PartName="/xl/workbook.xml" ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>'),
      },
      { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
    ]);
    expectRefused(await inspectContainer(xlsm, 'a.xlsx'), 'file-macro');
  });

  it('refuses LibreOffice Basic macros in an .ods', async () => {
    const ods = writeZip([
      { name: 'mimetype', data: Buffer.from('application/vnd.oasis.opendocument.spreadsheet'), method: 0 },
      { name: 'content.xml', data: Buffer.from('<office:document-content/>') },
      { name: 'Basic/Standard/Module1.xml', data: Buffer.from('<script:module/>') },
    ]);
    expectRefused(await inspectContainer(ods, 'a.ods'), 'file-macro');
  });
});

describe('inspectContainer: hostile ZIP structure', () => {
  const minimalXlsx = (workbookXml: Buffer, extra: Parameters<typeof writeZip>[0] = []): Buffer =>
    writeZip([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'xl/workbook.xml', data: workbookXml },
      ...extra,
    ]);

  it('finds a DOCTYPE split across inflate chunks, in any case', async () => {
    const padding = 'x'.repeat(16 * 1024 - 4);
    const xml = Buffer.from(`<?xml version="1.0"?><!--${padding}--><!dOcTyPe workbook><workbook/>`);
    expectRefused(await inspectContainer(minimalXlsx(xml), 'a.xlsx'), 'file-too-complex');
  });

  it('finds an ENTITY declaration in UTF-16 XML', async () => {
    const xml = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<?xml version="1.0"?><!ENTITY a "b"><workbook/>', 'utf16le')]);
    expectRefused(await inspectContainer(minimalXlsx(Buffer.from('<workbook/>'), [{ name: 'xl/styles.xml', data: xml }]), 'a.xlsx'), 'file-too-complex');
  });

  it('refuses a stored entry whose local header declares another size than the central directory', async () => {
    const zip = minimalXlsx(Buffer.from('<workbook/>'), [
      { name: 'xl/styles.xml', data: Buffer.from('<styleSheet/>'), method: 0, local: { compressedSize: 2, uncompressedSize: 2 } },
    ]);
    expectRefused(await inspectContainer(zip, 'a.xlsx'), 'file-too-complex');
  });

  it('refuses a ZIP64 size field (SheetJS and yauzl would read different sizes)', async () => {
    const zip64 = Buffer.alloc(4 + 16);
    zip64.writeUInt16LE(0x0001, 0);
    zip64.writeUInt16LE(16, 2);
    const zip = minimalXlsx(Buffer.from('<workbook/>'), [{ name: 'xl/styles.xml', data: Buffer.from('<s/>'), extra: zip64 }]);
    expectRefused(await inspectContainer(zip, 'a.xlsx'), 'file-too-complex');
  });

  it('refuses duplicate part names', async () => {
    const zip = minimalXlsx(Buffer.from('<workbook/>'), [{ name: 'XL/Workbook.xml', data: Buffer.from('<workbook/>') }]);
    expectRefused(await inspectContainer(zip, 'a.xlsx'), 'file-corrupt');
  });

  it('refuses a part that inflates to less than declared, and garbage deflate data', async () => {
    const short = minimalXlsx(Buffer.from('<workbook/>'), [
      { name: 'xl/styles.xml', compressed: deflateRaw(Buffer.from('<s/>')), uncompressedSize: 400 },
    ]);
    expectRefused(await inspectContainer(short, 'a.xlsx'), 'file-corrupt');
    const garbage = minimalXlsx(Buffer.from('<workbook/>'), [
      { name: 'xl/styles.xml', compressed: Buffer.alloc(64, 0xff), uncompressedSize: 400 },
    ]);
    expectRefused(await inspectContainer(garbage, 'a.xlsx'), 'file-corrupt');
  });

  it('refuses a part that inflates to even one byte more than declared, also when declared empty', async () => {
    const overByOne = minimalXlsx(Buffer.from('<workbook/>'), [
      { name: 'xl/styles.xml', compressed: deflateRaw(Buffer.from('<s/>x')), uncompressedSize: 4 },
    ]);
    expectRefused(await inspectContainer(overByOne, 'a.xlsx'), 'file-too-complex');
    const notEmpty = minimalXlsx(Buffer.from('<workbook/>'), [
      { name: 'xl/styles.xml', compressed: deflateRaw(Buffer.from('x')), uncompressedSize: 0 },
    ]);
    expectRefused(await inspectContainer(notEmpty, 'a.xlsx'), 'file-too-complex');
    const empty = minimalXlsx(Buffer.from('<workbook/>'), [
      { name: 'xl/styles.xml', compressed: deflateRaw(Buffer.alloc(0)), uncompressedSize: 0 },
    ]);
    expect(await inspectContainer(empty, 'a.xlsx')).toEqual({ ok: true, format: 'xlsx' });
  });

  it('refuses a DOCTYPE in a part that also lies about its size or is cut short', async () => {
    const xml = Buffer.from('<!DOCTYPE w [<!ENTITY a "aaaa">]><workbook/>');
    const lying = minimalXlsx(Buffer.from('<workbook/>'), [{ name: 'xl/styles.xml', compressed: deflateRaw(xml), uncompressedSize: 10 }]);
    expectRefused(await inspectContainer(lying, 'a.xlsx'), 'file-too-complex');
    const cut = deflateRaw(xml).subarray(0, -2);
    const short = minimalXlsx(Buffer.from('<workbook/>'), [{ name: 'xl/styles.xml', compressed: cut, uncompressedSize: xml.length }]);
    expect(describeVerdict(await inspectContainer(short, 'a.xlsx'))).not.toMatch(/^ok/);
  });

  it('refuses an end-of-central-directory signature hidden in trailing bytes', async () => {
    const x = Buffer.from(hostile.validXlsx().bytes);
    expectRefused(await inspectContainer(Buffer.concat([x, Buffer.from('PK\u0005\u0006')]), 'a.xlsx'), 'file-corrupt');
  });

  it('enforces the limits it is given', async () => {
    const x = hostile.validXlsx();
    const tight = { ...DEFAULT_CONTAINER_LIMITS, maxEntryBytes: 1000 };
    expectRefused(await inspectContainer(x.bytes, x.name, tight), 'file-too-complex');
    const small = { ...DEFAULT_CONTAINER_LIMITS, maxBytes: 1000 };
    expectRefused(await inspectContainer(x.bytes, x.name, small), 'file-too-large');
    const over = hostile.oversized(1000);
    expectRefused(await inspectContainer(over.bytes, over.name, small), 'file-too-large');
  });

  it('says how large a file over the default limit is, rounded up so it never reads as the limit', async () => {
    const over = hostile.oversized();
    const verdict = await inspectContainer(over.bytes, over.name);
    expect(verdict.ok ? null : verdict.error.message).toBe('Tệp quá lớn (5,1 MB); báo cáo ngày chỉ được tối đa 5 MB. Vui lòng chỉ gửi mẫu báo cáo.');
  });
});

describe('inspectContainer: never throws', () => {
  it('gives a verdict for every truncation and byte flip of real xlsx, xls and ods files', async () => {
    const allowed = new Set(['ok:xlsx', 'ok:xls', 'ok:ods', 'ok:csv', 'file-corrupt', 'file-too-complex', 'file-type', 'file-encrypted', 'file-macro', 'csv-encoding']);
    const seeds = [hostile.validXlsx(), hostile.legacyXls(), hostile.validOds()];
    let seed = 12345;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const s of seeds) {
      const bytes = Buffer.from(s.bytes);
      for (let cut = 1; cut < bytes.length; cut += Math.max(1, Math.floor(bytes.length / 40))) {
        const v = await inspectContainer(bytes.subarray(0, cut), s.name);
        expect(allowed).toContain(describeVerdict(v));
      }
      for (let n = 0; n < 60; n++) {
        const flipped = Buffer.from(bytes);
        for (let k = 0; k < 4; k++) flipped[Math.floor(random() * flipped.length)] = Math.floor(random() * 256);
        const v = await inspectContainer(flipped, s.name);
        expect(allowed).toContain(describeVerdict(v));
      }
    }
  });
});
