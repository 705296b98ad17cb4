// Downloads: a short-lived link to a stored object the principal may read (its own uploads; for the
// national office uploads, error reports and snapshots), a national snapshot or a date's results in one format.
import { canReadObject } from '../../../shared/domain/portal/roles.ts';
import {
  downloadName, RESULTS_FORMATS, resultsDownloadName, resultsKey, snapshotKey, type SnapshotFormat,
} from '../../../shared/domain/snapshot/keys.ts';
import { badRequest, forbidden, principalOf, requestedDate, type PortalContext } from '../context.ts';
import { fileNameOf } from '../views/submissions.ts';

const SNAPSHOT_FORMATS: readonly SnapshotFormat[] = ['xlsx', 'csv', 'json', 'html'];

/** A file of a date in a format the request names (?ngay=&dinh-dang=), as a short-lived link. */
async function datedDownload<F extends string>(
  c: PortalContext, formats: readonly F[], key: (campaignId: string, date: string, format: F) => string, name: (date: string, format: F) => string,
): Promise<Response> {
  const { deps } = c.var;
  const date = requestedDate(c);
  const format = c.req.query('dinh-dang') as F;
  if (!date || !formats.includes(format)) throw badRequest('Thiếu ngày hoặc định dạng tệp.');
  return c.redirect(await deps.files.presignDownload(key(deps.campaign.id, date, format), name(date, format)), 303);
}

export const snapshotDownload = (c: PortalContext): Promise<Response> => datedDownload(c, SNAPSHOT_FORMATS, snapshotKey, downloadName);

/** The results of a date (ket-qua.xlsx/csv/json, written beside its snapshot). */
export const resultsDownload = (c: PortalContext): Promise<Response> => datedDownload(c, RESULTS_FORMATS, resultsKey, resultsDownloadName);

export async function fileDownload(c: PortalContext): Promise<Response> {
  const key = c.req.query('key') ?? '';
  if (!key || !canReadObject(await principalOf(c), key)) throw forbidden();
  return c.redirect(await c.var.deps.files.presignDownload(key, fileNameOf(key)), 303);
}
