// SheetJS types its SSF and CFB helpers as `any`; these are the parts the reader uses, typed.
import * as XLSX from '@e965/xlsx';

interface DateCode { y: number; m: number; d: number }
interface CfbEntry { content?: Uint8Array | number[] }

export const ssf = XLSX.SSF as {
  parse_date_code: (serial: number, options?: { date1904?: boolean }) => DateCode | undefined;
  format: (format: string, value: number, options?: { date1904?: boolean }) => string;
  is_date: (format: string) => boolean;
};

export const cfb = XLSX.CFB as {
  read: (data: Uint8Array, options: { type: 'buffer' }) => unknown;
  find: (container: unknown, path: string) => CfbEntry | null;
};
