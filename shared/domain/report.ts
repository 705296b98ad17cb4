// The report a province sends each day, and the verdict on one uploaded file.

/** Number of data columns on the official form. */
export const COLUMN_COUNT = 11;

/** The 11 values of the data row, columns 1..11, exact integers (each a safe JS integer). */
export type ReportValues = readonly number[];

/** One finding on a file: an error rejects it, a warning is kept and reported. */
export interface Finding {
  /** Stable machine code, e.g. "col3-gt-col1". */
  code: string;
  /** What a provincial clerk reads, in Vietnamese. */
  message: string;
  /** The cell it is about, e.g. "C11", where one applies. */
  cell?: string;
  /** On the last line of a cut list (code "more-findings"): how many findings that line stands for. */
  omitted?: number;
}

/** Where the values were read: the sheet (none for CSV), the sheet's row number (1-based) and the row's label. */
export interface ValueSource {
  sheet?: string;
  row: number;
  label?: string;
}

/** What the reader makes of one file, before any history is consulted. */
export interface ReadResult {
  /** Province code the file names (matched from its title line), if it could be read. */
  namedProvince?: string;
  /** The cell naming the province ("BẢO HIỂM XÃ HỘI TỈNH …"). */
  namedProvinceCell?: string;
  /** Report date (YYYY-MM-DD), if it could be read. */
  reportDate?: string;
  /** The cell the report date was read from. */
  reportDateCell?: string;
  /** The 11 values, present only when every one of them was read as an exact integer. */
  values?: ReportValues;
  /** When some cells could not be read: the others' values (null where a cell has an error), so the
   *  rules between columns still check what can be checked and the clerk fixes everything at once. */
  partialValues?: readonly (number | null)[];
  /** Where each value came from (A1 addresses), when the data row was found. */
  cells?: readonly string[];
  /** The row the values were read from, when one was chosen. */
  source?: ValueSource;
  errors: Finding[];
  warnings: Finding[];
}

/** The verdict on one uploaded file: the JSON contract of `bhxh parse --json`. */
export type Verdict = AcceptedVerdict | RejectedVerdict;

export interface AcceptedVerdict {
  status: 'accepted';
  province: string;
  reportDate: string;
  values: number[];
  /** Where the values were read (documented in docs/reader.md). */
  source?: ValueSource;
  warnings: Finding[];
  errors: [];
}

export interface RejectedVerdict {
  status: 'rejected';
  province: string;
  reportDate: string | null;
  values: number[] | null;
  /** The row the reader took the values from, when it found one. */
  source?: ValueSource;
  warnings: Finding[];
  errors: Finding[];
}

/** An accepted report as stored: the latest accepted upload for a province and date. */
export interface StoredReport {
  province: string;
  reportDate: string;
  values: number[];
  /** When S3 received the upload (event time), ISO-8601. */
  receivedAt: string;
  /** S3 sequencer of the upload's event, ordering uploads of one key. */
  sequencer: string;
  /** When the date's first accepted upload arrived (its on-time status); absent on items written before it was kept. */
  firstReceivedAt?: string;
  /** Whether the date's first accepted upload came after the deadline (a later correction does not change it). */
  late: boolean;
  objectKey: string;
  warnings: Finding[];
}

/** One upload, accepted or rejected: the audit trail. */
export interface SubmissionRecord {
  province: string;
  /** The report date the file names, or when unreadable the local date it was received. */
  reportDate: string;
  receivedAt: string;
  sequencer: string;
  objectKey: string;
  status: 'accepted' | 'rejected';
  late: boolean;
  /** Accepted but an upload received later already holds the report for that date. */
  superseded: boolean;
  values: number[] | null;
  warnings: Finding[];
  errors: Finding[];
  /** How the file came: uploaded on the portal, typed in its entry form, a mail (mail-intake), or any S3 client (absent on records older than this field). */
  origin?: 'portal' | 'entry-form' | 'mail' | 's3';
  /** For a mail: its Message-ID, so the audit trail leads from the mail to the report. */
  mailMessageId?: string;
  /** Why the mail to the province could not be sent, when it could not (the upload is recorded all the same). */
  mailError?: string;
  /**
   * The mail was claimed but its sending never recorded: a run stopped between the claim and the
   * record (or is sending right now). Mails are sent at most once, so such a province may have no
   * receipt: the operator is told (`bhxh status`).
   */
  mailUnconfirmed?: true;
  /** Where the reader took the values from (absent on records older than this field). */
  source?: ValueSource;
}

/** Sums columns exactly (BigInt), whatever the number of reports. */
export function sumValues(rows: Iterable<ReportValues>): bigint[] {
  const total = Array.from({ length: COLUMN_COUNT }, () => 0n);
  for (const row of rows) {
    for (let i = 0; i < COLUMN_COUNT; i++) total[i]! += BigInt(row[i] ?? 0);
  }
  return total;
}
