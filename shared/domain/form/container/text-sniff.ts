// Everything that is neither ZIP nor CFB: recognise what it is from its signature or its text, or
// accept it as CSV if it is delimited UTF-8 text.
import { type Buffer, isUtf8 } from 'node:buffer';
import { errors } from '../../findings.ts';
import { fail, notSpreadsheet, ok, startsWith, type ContainerVerdict } from './verdict.ts';

const SIGNATURES: ReadonlyArray<{ magic: number[]; at?: number; what: string; archive?: boolean }> = [
  { magic: [0x25, 0x50, 0x44, 0x46, 0x2d], what: 'tệp PDF' }, // %PDF-
  { magic: [0x89, 0x50, 0x4e, 0x47], what: 'tệp ảnh' }, // PNG
  { magic: [0xff, 0xd8, 0xff], what: 'tệp ảnh' }, // JPEG
  { magic: [0x47, 0x49, 0x46, 0x38], what: 'tệp ảnh' }, // GIF8
  { magic: [0x49, 0x49, 0x2a, 0x00], what: 'tệp ảnh' }, // TIFF (LE)
  { magic: [0x4d, 0x4d, 0x00, 0x2a], what: 'tệp ảnh' }, // TIFF (BE)
  { magic: [0x57, 0x45, 0x42, 0x50], at: 8, what: 'tệp ảnh' }, // RIFF....WEBP
  { magic: [0x7b, 0x5c, 0x72, 0x74, 0x66], what: 'tệp RTF' }, // {\rtf
  { magic: [0x50, 0x4b, 0x05, 0x06], what: 'tệp nén ZIP rỗng', archive: true },
  { magic: [0x50, 0x4b, 0x07, 0x08], what: 'tệp nén ZIP', archive: true },
  { magic: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07], what: 'tệp nén RAR', archive: true },
  { magic: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], what: 'tệp nén 7z', archive: true },
  { magic: [0x1f, 0x8b], what: 'tệp nén GZIP', archive: true },
  { magic: [0x09, 0x08], what: 'tệp Excel đời cũ (trước Excel 97)' }, // raw BIFF BOF, no CFB
  { magic: [0x09, 0x04], what: 'tệp Excel đời cũ (trước Excel 97)' },
  { magic: [0x09, 0x02], what: 'tệp Excel đời cũ (trước Excel 97)' },
  { magic: [0x09, 0x00], what: 'tệp Excel đời cũ (trước Excel 97)' },
  { magic: [0xff, 0xfe], what: 'tệp văn bản UTF-16, không phải CSV' },
  { magic: [0xfe, 0xff], what: 'tệp văn bản UTF-16, không phải CSV' },
];

/** How much of a text file the sniffing looks at: enough for any real report's table. */
const SNIFF_BYTES = 256 * 1024;

export function inspectOther(buf: Buffer, fileName: string): ContainerVerdict {
  for (const sig of SIGNATURES) if (startsWith(buf, sig.magic, sig.at ?? 0)) return notSpreadsheet(sig.what, fileName, sig.archive);

  const body = startsWith(buf, [0xef, 0xbb, 0xbf]) ? buf.subarray(3) : buf;
  // Text never holds control characters other than tab, CR, LF (and a trailing Ctrl-Z from old tools).
  const sample = body.subarray(0, SNIFF_BYTES);
  for (let i = 0; i < sample.length; i++) {
    const b = sample[i]!;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && !(b === 0x1a && i === body.length - 1)) {
      return notSpreadsheet('tệp nhị phân không rõ loại', fileName);
    }
  }

  // Validates without decoding, so a 5 MB upload costs no 10 MB string.
  const utf8 = isUtf8(body);
  // Decoding only the sample keeps the string small; latin1 keeps a legacy-encoded file's delimiters visible.
  const text = sample.toString(utf8 ? 'utf8' : 'latin1');
  const head = text.trimStart().slice(0, 512).toLowerCase();
  if (/^<(!doctype html|html|head|body|table|meta|!--)/.test(head)) return notSpreadsheet('tệp HTML (trang web)', fileName);
  if (head.startsWith('<?xml') || head.startsWith('<')) {
    return notSpreadsheet(
      text.includes('urn:schemas-microsoft-com:office:spreadsheet') ? 'tệp Excel XML 2003' : 'tệp XML hoặc HTML',
      fileName,
    );
  }
  if (head.startsWith('id;p')) return notSpreadsheet('tệp SYLK', fileName);
  if (!looksDelimited(text)) return notSpreadsheet('tệp văn bản, không có bảng phân tách bằng dấu phẩy hoặc chấm phẩy', fileName);
  if (!utf8) return fail(errors.csvEncoding());
  return ok('csv');
}

/**
 * A table, not prose: at least two lines with two or more separators of one kind (outside
 * quotes), and one line with four or more. The report's column-number row alone has ten.
 */
function looksDelimited(text: string): boolean {
  const lines = text.split(/\r\n|\n|\r/, 2000);
  for (const sep of [',', ';']) {
    let rows = 0;
    let widest = 0;
    for (const line of lines) {
      let count = 0;
      let quoted = false;
      for (const ch of line) {
        if (ch === '"') quoted = !quoted;
        else if (ch === sep && !quoted) count++;
      }
      if (count >= 2) rows++;
      widest = Math.max(widest, count);
    }
    if (rows >= 2 && widest >= 4) return true;
  }
  return false;
}
