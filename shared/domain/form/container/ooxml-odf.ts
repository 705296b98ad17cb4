// What a sound ZIP holds: an OOXML workbook, an ODF spreadsheet, a macro-enabled one, or another
// Office/LibreOffice document (named for the clerk), judged from part names and content types.
import { errors } from '../../findings.ts';
import { fail, notSpreadsheet, ok, type ContainerVerdict } from './verdict.ts';

/** What we keep of an entry after inflating it (only the small parts classification needs). */
export interface SeenEntry {
  name: string; // normalised: lower case, forward slashes, no leading slash (as SheetJS looks names up)
  text?: string;
}


export function classifyZip(entries: SeenEntry[], fileName: string): ContainerVerdict {
  const names = new Set(entries.map((e) => e.name));
  const textOf = (name: string): string => entries.find((e) => e.name === name)?.text ?? '';
  const contentTypes = textOf('[content_types].xml');
  const mimetype = textOf('mimetype').trim();

  if (mimetype.startsWith('application/vnd.oasis.opendocument.')) {
    if (!/^application\/vnd\.oasis\.opendocument\.spreadsheet(-template)?$/.test(mimetype)) {
      return notSpreadsheet(describeOdf(mimetype), fileName);
    }
    // LibreOffice keeps Basic macros under Basic/ and other scripts under Scripts/.
    if ([...names].some((n) => n.startsWith('basic/') || n.startsWith('scripts/'))) return fail(errors.macroEnabled());
    if (!names.has('content.xml')) return fail(errors.corrupt());
    return ok('ods');
  }

  if (names.has('[content_types].xml')) {
    // Only <Override> (per-part) types count: SheetJS itself writes a <Default> mapping "bin" to a
    // macro-enabled type in every plain .xlsx.
    const overrides = (contentTypes.match(/<Override\b[^>]*>/gi) ?? []).join('\n');
    const isMacro =
      [...names].some((n) => n.endsWith('vbaproject.bin') || n.startsWith('xl/macrosheets/')) ||
      /macroEnabled|vbaProject|ms-excel\.(intl)?macrosheet/i.test(overrides);
    const isWorkbook = names.has('xl/workbook.xml') || /spreadsheetml\.(sheet|template)\.main\+xml/i.test(contentTypes);
    if (names.has('xl/workbook.bin')) return notSpreadsheet('tệp Excel nhị phân .xlsb', fileName);
    if (isWorkbook || names.has('xl/vbaproject.bin')) {
      if (isMacro) return fail(errors.macroEnabled());
      return ok('xlsx');
    }
    if (names.has('word/document.xml') || /wordprocessingml/i.test(contentTypes)) return notSpreadsheet('tệp Word', fileName);
    if (names.has('ppt/presentation.xml') || /presentationml/i.test(contentTypes)) return notSpreadsheet('tệp PowerPoint', fileName);
    return notSpreadsheet('tệp Office không phải bảng tính', fileName);
  }
  return notSpreadsheet('tệp nén ZIP', fileName, true);
}

function describeOdf(mimetype: string): string {
  if (mimetype.includes('.text')) return 'tệp văn bản LibreOffice/OpenOffice (.odt)';
  if (mimetype.includes('.presentation')) return 'tệp trình chiếu LibreOffice/OpenOffice (.odp)';
  return 'tệp LibreOffice/OpenOffice không phải bảng tính';
}
