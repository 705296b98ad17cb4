// Hostile and edge-case uploads, generated in code (nothing binary is checked in). One function
// per case so tests and bench/hostile.ts share them; HOSTILE_FILES lists them with the verdict
// the container gate must give.
import { Buffer } from 'node:buffer';
import * as XLSX from '@e965/xlsx';
import { DEFAULT_CONTAINER_LIMITS } from '../../shared/domain/form/container/index.ts';
import { deflateRaw, deflatedZeros, writeZip } from './zip-writer.ts';
import type { ZipEntrySpec } from './zip-writer.ts';

export interface HostileFile {
  name: string;
  bytes: Uint8Array;
}

// --- building blocks ---------------------------------------------------------------------------

/** The official form's layout (spec/report-template.md), filled in for one province and date. */
export function reportRows(): (string | number)[][] {
  return [
    ['BẢO HIỂM XÃ HỘI VIỆT NAM'],
    ['BẢO HIỂM XÃ HỘI TỈNH BẮC NINH'],
    ['BÁO CÁO TỔNG HỢP TÌNH HÌNH ĐÔN ĐỐC, THU HỒI SỐ TIỀN CHẬM ĐÓNG BHXH, BHTN, BHYT'],
    ['Ngày báo cáo: 15/12/2023'],
    ['Tổng số đơn vị chậm đóng phải tính lãi', '', '', '', 'Các giải pháp đôn đốc', '', '', 'Tổng số chậm đóng phải tính lãi (tính đến ngày báo cáo)'],
    ['Số đơn vị', 'Số tiền chậm đóng', 'Số đơn vị', 'Số tiền chậm đóng', 'Công văn', 'Thư mời', 'Làm việc', 'Số đơn vị', 'Số tiền chậm đóng', 'Số đơn vị', 'Số tiền chậm đóng'],
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
    [1200, 45_600_000_000, 300, 12_300_000_000, 150, 80, 40, 1150, 43_200_000_000, 280, 11_900_000_000],
    ['Lưu ý: số liệu cột 5-7 là lũy kế từ ngày 01/12/2023.'],
  ];
}

function workbook(rows: (string | number)[][]): XLSX.WorkBook {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), 'Báo cáo');
  return wb;
}

function write(rows: (string | number)[][], bookType: XLSX.BookType): Buffer {
  return XLSX.write(workbook(rows), { type: 'buffer', bookType, compression: true }) as Buffer;
}

/** The parts of a SheetJS-written xlsx, to re-zip with additions or lies. */
function xlsxParts(rows: (string | number)[][] = reportRows()): { name: string; data: Buffer }[] {
  const zip = (XLSX.CFB as { read(data: Buffer, options: { type: 'buffer' }): unknown }).read(write(rows, 'xlsx'), { type: 'buffer' }) as {
    FullPaths: string[];
    FileIndex: { type: number; content?: Uint8Array }[];
  };
  return zip.FileIndex.flatMap((f, i) => {
    const path = zip.FullPaths[i]!.replace(/^Root Entry\//, '');
    // SheetJS's container keeps a CFB placeholder stream that is not a zip part.
    if (f.type !== 2 || !f.content || path.startsWith('\u0001')) return [];
    return [{ name: path, data: Buffer.from(f.content) }];
  });
}

function rezip(parts: { name: string; data: Buffer }[], extra: ZipEntrySpec[] = []): Buffer {
  return writeZip([...parts.map((p) => ({ name: p.name, data: p.data })), ...extra]);
}

type CfbContainer = { FileIndex: { name: string; content: Uint8Array; size: number }[]; FullPaths: string[] };
const CFB = XLSX.CFB as {
  read(data: Uint8Array, opts: { type: 'buffer' }): CfbContainer;
  write(cfb: CfbContainer, opts: { type: 'buffer' }): Buffer;
  find(cfb: CfbContainer, path: string): { content: Uint8Array; size: number } | null;
  utils: { cfb_new(): CfbContainer; cfb_add(cfb: CfbContainer, name: string, content: Uint8Array): void };
};

// --- the cases ---------------------------------------------------------------------------------

export const emptyFile = (): HostileFile => ({ name: 'bao-cao.xlsx', bytes: new Uint8Array(0) });

export const pdfRenamedXlsx = (): HostileFile => ({
  name: 'bao-cao.xlsx',
  bytes: Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1'),
});

export const proseRenamedXlsx = (): HostileFile => ({
  name: 'bao-cao.xlsx',
  bytes: Buffer.from(
    'Kính gửi: Ban Quản lý Thu - Sổ, Thẻ.\n' +
      'Bảo hiểm xã hội tỉnh Bắc Ninh xin báo cáo tình hình đôn đốc thu nợ như sau.\n' +
      'Trong tuần, đơn vị đã gửi công văn đôn đốc tới các doanh nghiệp, mời làm việc và kiểm tra trực tiếp.\n' +
      'Số liệu chi tiết sẽ được gửi kèm theo mẫu báo cáo.\n',
    'utf8',
  ),
});

export const validXlsx = (): HostileFile => ({ name: 'bao-cao.xlsx', bytes: write(reportRows(), 'xlsx') });

export const truncatedXlsx = (): HostileFile => {
  const whole = write(reportRows(), 'xlsx');
  return { name: 'bao-cao.xlsx', bytes: whole.subarray(0, Math.floor(whole.length / 2)) };
};

/** What Excel writes for "Encrypt with Password": a CFB wrapping the encrypted OOXML package. */
export const encryptedWorkbook = (): HostileFile => {
  const cfb = CFB.utils.cfb_new();
  const info = Buffer.alloc(64);
  info.writeUInt16LE(4, 0); // agile encryption version 4.4
  info.writeUInt16LE(4, 2);
  info.writeUInt32LE(0x40, 4);
  Buffer.from('<?xml version="1.0"?><encryption/>').copy(info, 8);
  CFB.utils.cfb_add(cfb, '/EncryptionInfo', info);
  CFB.utils.cfb_add(cfb, '/EncryptedPackage', Buffer.alloc(8192, 0x5a));
  return { name: 'bao-cao.xlsx', bytes: CFB.write(cfb, { type: 'buffer' }) };
};

export const legacyXls = (): HostileFile => ({ name: 'bao-cao.xls', bytes: write(reportRows(), 'biff8') });

/** A .xls with a workbook password: a FILEPASS record right after the globals' BOF. */
export const passwordXls = (): HostileFile => {
  const cfb = CFB.read(write(reportRows(), 'biff8'), { type: 'buffer' });
  const stream = CFB.find(cfb, 'Workbook')!;
  const biff = Buffer.from(stream.content);
  const bofEnd = 4 + biff.readUInt16LE(2);
  const filePass = Buffer.alloc(4 + 6);
  filePass.writeUInt16LE(0x002f, 0);
  filePass.writeUInt16LE(6, 2); // XOR obfuscation: type 0, key, verifier
  const content = Buffer.concat([biff.subarray(0, bofEnd), filePass, biff.subarray(bofEnd)]);
  stream.content = content;
  stream.size = content.length;
  return { name: 'bao-cao.xls', bytes: CFB.write(cfb, { type: 'buffer' }) };
};

export const wordDoc = (): HostileFile => {
  const cfb = CFB.utils.cfb_new();
  CFB.utils.cfb_add(cfb, '/WordDocument', Buffer.alloc(5000, 0x20));
  CFB.utils.cfb_add(cfb, '/1Table', Buffer.alloc(600, 0));
  return { name: 'bao-cao.xls', bytes: CFB.write(cfb, { type: 'buffer' }) };
};

/**
 * A .xls whose Workbook stream starts in the middle of a two-sector cycle. SheetJS builds chains
 * from chain heads with a cycle check, but follows a stream starting mid-chain without one:
 * without the gate, XLSX.read never returns and exhausts the heap.
 */
export const cyclicCfbChain = (): HostileFile => {
  const rows = Array.from({ length: 400 }, (_, i) => [`dòng ${i}`, i, i * 3]);
  const bytes = Buffer.from(write(rows, 'biff8'));
  const entry = bytes.indexOf(Buffer.from('Workbook\0', 'utf16le'));
  const start = bytes.readInt32LE(entry + 116);
  const fatAt = (bytes.readInt32LE(0x4c) + 1) * 512;
  bytes.writeInt32LE(start + 1, fatAt + 4 * start);
  bytes.writeInt32LE(start, fatAt + 4 * (start + 1));
  bytes.writeInt32LE(start + 1, entry + 116);
  return { name: 'bao-cao.xls', bytes };
};

/** A directory entry that links to itself: SheetJS's path builder can chase such links forever. */
export const cyclicCfbTree = (): HostileFile => {
  const bytes = Buffer.from(write(reportRows(), 'biff8'));
  const entry = bytes.indexOf(Buffer.from('Workbook\0', 'utf16le'));
  const index = ((entry - (bytes.readInt32LE(0x30) + 1) * 512) / 128) | 0;
  bytes.writeInt32LE(index, entry + 72); // right sibling = itself
  return { name: 'bao-cao.xls', bytes };
};

export const validOds = (): HostileFile => ({ name: 'bao-cao.ods', bytes: write(reportRows(), 'ods') });

export const xlsm = (): HostileFile => ({
  name: 'bao-cao.xlsm',
  bytes: rezip(xlsxParts(), [{ name: 'xl/vbaProject.bin', data: Buffer.alloc(2048, 0xcc) }]),
});

/** An honest zip bomb: a 200 MiB sheet of zeros in ~200 KB, sizes truthfully declared. */
export const zipBomb = (): HostileFile => {
  const zeros = deflatedZeros(200);
  const parts = xlsxParts().filter((p) => p.name !== 'xl/worksheets/sheet1.xml');
  return {
    name: 'bao-cao.xlsx',
    bytes: rezip(parts, [{ name: 'xl/worksheets/sheet1.xml', compressed: zeros.compressed, crc32: zeros.crc32, uncompressedSize: zeros.size }]),
  };
};

/** A bomb below the per-entry cap, so only the compression ratio gives it away. */
export const ratioBomb = (): HostileFile => {
  const zeros = deflatedZeros(16);
  const parts = xlsxParts().filter((p) => p.name !== 'xl/worksheets/sheet1.xml');
  return {
    name: 'bao-cao.xlsx',
    bytes: rezip(parts, [{ name: 'xl/worksheets/sheet1.xml', compressed: zeros.compressed, crc32: zeros.crc32, uncompressedSize: zeros.size }]),
  };
};

/** Both headers declare 1 KB; the data inflates to 128 MiB. Only inflating with a cap finds out. */
export const lyingZip = (): HostileFile => {
  const zeros = deflatedZeros(128);
  const parts = xlsxParts().filter((p) => p.name !== 'xl/worksheets/sheet1.xml');
  return {
    name: 'bao-cao.xlsx',
    bytes: rezip(parts, [{ name: 'xl/worksheets/sheet1.xml', compressed: zeros.compressed, crc32: zeros.crc32, uncompressedSize: 1024 }]),
  };
};

/** "Billion laughs": nested entities in xl/workbook.xml. */
export const billionLaughs = (): HostileFile => {
  const lol = [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
    '<!DOCTYPE workbook [',
    '<!ENTITY lol "lol">',
    ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`),
    ']>',
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="&lol9;" sheetId="1" r:id="rId1" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/></sheets></workbook>',
  ].join('\n');
  const parts = xlsxParts().map((p) => (p.name === 'xl/workbook.xml' ? { name: p.name, data: Buffer.from(lol) } : p));
  return { name: 'bao-cao.xlsx', bytes: rezip(parts) };
};

export const docxLike = (): HostileFile => ({
  name: 'bao-cao.xlsx',
  bytes: writeZip([
    {
      name: '[Content_Types].xml',
      data: Buffer.from(
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
      ),
    },
    { name: '_rels/.rels', data: Buffer.from('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>') },
    { name: 'word/document.xml', data: Buffer.from('<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>') },
  ]),
});

export const plainZip = (): HostileFile => ({
  name: 'bao-cao.zip',
  bytes: writeZip([{ name: 'bao-cao.xlsx', data: write(reportRows(), 'xlsx'), method: 0 }]),
});

/** One byte over the limit; the content looks like a zip, to show size is checked first. */
export const oversized = (maxBytes = DEFAULT_CONTAINER_LIMITS.maxBytes): HostileFile => {
  const bytes = Buffer.alloc(maxBytes + 1);
  bytes.writeUInt32LE(0x04034b50, 0);
  return { name: 'bao-cao.xlsx', bytes };
};

/** 50,000 rows of junk below the report: legitimate but large; the gate must pass it cheaply. */
export const junkRows50k = (): HostileFile => {
  const rows: (string | number)[][] = reportRows();
  for (let i = 0; i < 50_000; i++) rows.push([`rác ${i}`, i, (i * 7919) % 100_003, `ghi chú ${i % 97}`, i * 0.5]);
  return { name: 'bao-cao.xlsx', bytes: write(rows, 'xlsx') };
};

function csv(rows: (string | number)[][], sep: string): string {
  return rows.map((r) => r.map((v) => (typeof v === 'string' && (v.includes(sep) || v.includes('"')) ? `"${v.replace(/"/g, '""')}"` : String(v))).join(sep)).join('\r\n');
}

export const csvBomSemicolon = (): HostileFile => ({
  name: 'bao-cao.csv',
  bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv(reportRows(), ';'), 'utf8')]),
});

export const csvCommaRenamedXlsx = (): HostileFile => ({ name: 'bao-cao.xlsx', bytes: Buffer.from(csv(reportRows(), ','), 'utf8') });

/** Plain "CSV" from Excel on a legacy code page: delimited, but not UTF-8. */
export const legacyEncodedCsv = (): HostileFile => {
  // Single-byte text with accented letters (0xE0 for "à"), as a legacy code page writes it.
  const singleByte = (s: string): string => [...s.normalize('NFD')].filter((ch) => ch.charCodeAt(0) <= 0xff).join('');
  const text = csv(reportRows().map((r) => r.map((v) => (typeof v === 'string' ? singleByte(v) : v))), ',').replace(/a/g, 'à');
  return { name: 'bao-cao.csv', bytes: Buffer.from(text, 'latin1') };
};

export const htmlRenamedXls = (): HostileFile => ({
  name: 'bao-cao.xls',
  bytes: Buffer.from('<html><head><meta charset="utf-8"></head><body><table><tr><td>1</td><td>2</td></tr></table></body></html>', 'utf8'),
});

export const pngImage = (): HostileFile => ({
  name: 'anh-chup-bao-cao.xlsx',
  bytes: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100)]),
});

export const tooManyEntries = (): HostileFile => ({
  name: 'bao-cao.xlsx',
  bytes: rezip(
    xlsxParts(),
    Array.from({ length: 300 }, (_, i) => ({ name: `xl/media/junk${i}.txt`, data: Buffer.from('x') })),
  ),
});

/** The local header names a different part than the central directory (SheetJS reads the local one). */
export const localNameMismatch = (): HostileFile => ({
  name: 'bao-cao.xlsx',
  bytes: rezip(xlsxParts(), [{ name: 'xl/media/image1.png', data: Buffer.alloc(64, 1), local: { name: 'xl/vbaProject.bin' } }]),
});

/** The EOCD "entries on this disk" (SheetJS) and "total entries" (yauzl) disagree: each would see a different archive. */
export const eocdDisagreement = (): HostileFile => {
  const parts = xlsxParts();
  const bytes = rezip(parts, [{ name: 'xl/hidden.xml', compressed: deflateRaw(Buffer.from('<x/>')), uncompressedSize: 4 }]);
  bytes.writeUInt16LE(parts.length, bytes.length - 22 + 10); // total: the benign part only
  return { name: 'bao-cao.xlsx', bytes };
};

/** Every case, with the verdict the container gate must give ('ok:<format>' or an error code). */
export const HOSTILE_FILES: ReadonlyArray<{ id: string; make: () => HostileFile; expected: string }> = [
  { id: 'empty', make: emptyFile, expected: 'empty-file' },
  { id: 'pdf-renamed-xlsx', make: pdfRenamedXlsx, expected: 'file-type' },
  { id: 'prose-renamed-xlsx', make: proseRenamedXlsx, expected: 'file-type' },
  { id: 'html-renamed-xls', make: htmlRenamedXls, expected: 'file-type' },
  { id: 'png-image', make: pngImage, expected: 'file-type' },
  { id: 'truncated-xlsx', make: truncatedXlsx, expected: 'file-corrupt' },
  { id: 'encrypted-workbook', make: encryptedWorkbook, expected: 'file-encrypted' },
  { id: 'password-xls', make: passwordXls, expected: 'file-encrypted' },
  { id: 'word-doc', make: wordDoc, expected: 'file-type' },
  { id: 'cyclic-cfb-chain', make: cyclicCfbChain, expected: 'file-corrupt' },
  { id: 'cyclic-cfb-tree', make: cyclicCfbTree, expected: 'file-corrupt' },
  { id: 'legacy-xls', make: legacyXls, expected: 'ok:xls' },
  { id: 'valid-xlsx', make: validXlsx, expected: 'ok:xlsx' },
  { id: 'valid-ods', make: validOds, expected: 'ok:ods' },
  { id: 'xlsm', make: xlsm, expected: 'file-macro' },
  { id: 'zip-bomb-200mib', make: zipBomb, expected: 'file-too-complex' },
  { id: 'ratio-bomb-16mib', make: ratioBomb, expected: 'file-too-complex' },
  { id: 'lying-zip-128mib', make: lyingZip, expected: 'file-too-complex' },
  { id: 'billion-laughs', make: billionLaughs, expected: 'file-too-complex' },
  { id: 'docx-like', make: docxLike, expected: 'file-type' },
  { id: 'plain-zip', make: plainZip, expected: 'file-type' },
  { id: 'too-many-entries', make: tooManyEntries, expected: 'file-too-complex' },
  { id: 'local-name-mismatch', make: localNameMismatch, expected: 'file-corrupt' },
  { id: 'eocd-disagreement', make: eocdDisagreement, expected: 'file-corrupt' },
  { id: 'oversized', make: () => oversized(), expected: 'file-too-large' },
  { id: 'junk-rows-50k', make: junkRows50k, expected: 'ok:xlsx' },
  { id: 'csv-bom-semicolon', make: csvBomSemicolon, expected: 'ok:csv' },
  { id: 'csv-comma-renamed-xlsx', make: csvCommaRenamedXlsx, expected: 'ok:csv' },
  { id: 'csv-legacy-encoding', make: legacyEncodedCsv, expected: 'csv-encoding' },
];
