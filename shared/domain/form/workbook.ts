// Turning a file that passed the container gate into grids: SheetJS for the spreadsheet
// formats, csv-parse for CSV (so "1.234.567" stays the text the clerk typed).
import * as XLSX from '@e965/xlsx';
import { parse as parseCsv } from 'csv-parse/sync';
import { MAX_COLUMNS, MAX_ROWS, type CellValue, type Grid } from './grid.ts';

export class WorkbookReadError extends Error {
  constructor(readonly reason: 'encrypted' | 'corrupt', cause: unknown) {
    super(`workbook unreadable (${reason})`, { cause });
  }
}

export function readSpreadsheetGrids(bytes: Uint8Array): Grid[] {
  let workbook: XLSX.WorkBook;
  try {
    workbook = XLSX.read(bytes, {
      type: 'buffer',
      dense: true,
      sheetRows: MAX_ROWS,
      cellDates: false, // date cells stay serial numbers: no time-zone guessing
      cellFormula: false,
      cellHTML: false,
      cellText: false,
      cellStyles: false,
      bookVBA: false,
      WTF: false,
    });
  } catch (error) {
    throw new WorkbookReadError(/password|encrypt/i.test(String((error as Error)?.message)) ? 'encrypted' : 'corrupt', error);
  }
  return workbook.SheetNames.map((name) => toGrid(name, workbook.Sheets[name]));
}

function toGrid(sheetName: string, sheet: XLSX.WorkSheet | undefined): Grid {
  const data = (sheet?.['!data'] ?? []) as (XLSX.CellObject | undefined)[][];
  const rows: CellValue[][] = [];
  for (let r = 0; r < Math.min(data.length, MAX_ROWS); r++) {
    const source = data[r];
    const row: CellValue[] = [];
    if (source) {
      for (let c = 0; c < Math.min(source.length, MAX_COLUMNS); c++) row.push(cellValue(source[c]));
    }
    rows.push(row);
  }
  return { sheetName, rows };
}

function cellValue(cell: XLSX.CellObject | undefined): CellValue {
  if (!cell) return null;
  switch (cell.t) {
    case 'n': return typeof cell.v === 'number' ? cell.v : null;
    case 's': return typeof cell.v === 'string' ? cell.v : null;
    case 'b': return Boolean(cell.v);
    case 'd': return cell.v instanceof Date ? cell.v.toISOString().slice(0, 10) : null;
    // 'e' (#VALUE!, #REF!…) shows as its text so the clerk sees what the cell says.
    case 'e': return typeof cell.w === 'string' ? cell.w : '#ERROR';
    default: return null; // 'z' stub: a formula without a cached value counts as empty
  }
}

/** CSV as grids, one per plausible delimiter (the reader keeps the one holding the report). */
export function readCsvGrids(bytes: Uint8Array): Grid[] {
  const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
  const grids: Grid[] = [];
  for (const delimiter of [',', ';', '\t']) {
    if (!text.includes(delimiter)) continue;
    try {
      const records = parseCsv(text, {
        delimiter,
        relax_column_count: true,
        relax_quotes: true,
        skip_empty_lines: false,
        to: MAX_ROWS,
      });
      grids.push({
        sheetName: `CSV (${delimiter === '\t' ? 'tab' : delimiter})`,
        rows: records.map((record) => record.slice(0, MAX_COLUMNS).map((v) => (v.trim() === '' ? null : v))),
      });
    } catch {
      // Not parseable with this delimiter: another one may be the right one.
    }
  }
  return grids;
}
