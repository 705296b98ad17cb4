// The form reader: one uploaded file in, the province, date and 11 values it states out, with
// every problem found (not just the first). The container gate runs before any parsing.
import type { Campaign } from '../campaign.ts';
import { errors as E } from '../findings.ts';
import type { ReadResult } from '../report.ts';
import { inspectContainer, type ContainerLimits } from './container/index.ts';
import type { Grid } from './grid.ts';
import { readGrids } from './report-form.ts';
import { readCsvGrids, readSpreadsheetGrids, WorkbookReadError } from './workbook.ts';

export interface ReadOptions {
  limits?: ContainerLimits;
}

export async function readReport(bytes: Uint8Array, fileName: string, campaign: Campaign, options: ReadOptions = {}): Promise<ReadResult> {
  const container = await inspectContainer(bytes, fileName, options.limits);
  if (!container.ok) return { errors: [container.error], warnings: [] };

  let grids: Grid[];
  try {
    grids = container.format === 'csv' ? readCsvGrids(bytes) : readSpreadsheetGrids(bytes);
  } catch (error) {
    if (error instanceof WorkbookReadError) {
      return { errors: [error.reason === 'encrypted' ? E.encrypted() : E.corrupt()], warnings: [] };
    }
    throw error;
  }
  return readGrids(grids, campaign, { alternatives: container.format === 'csv' });
}

