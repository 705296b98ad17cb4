// Downloads: a short-lived link to a stored object the principal may read (its own uploads; for the
// national office uploads, error reports and snapshots), and a national snapshot in one format.
import { canReadObject } from '../../../shared/domain/portal/roles.ts';
import { downloadName, snapshotKey, type SnapshotFormat } from '../../../shared/domain/snapshot/keys.ts';
import { badRequest, forbidden, principalOf, requestedDate, type PortalContext } from '../context.ts';
import { fileNameOf } from '../views/submissions.ts';

const SNAPSHOT_FORMATS: readonly SnapshotFormat[] = ['xlsx', 'csv', 'json', 'html'];

export async function snapshotDownload(c: PortalContext): Promise<Response> {
  const { deps } = c.var;
  const date = requestedDate(c);
  const format = c.req.query('dinh-dang') as SnapshotFormat;
  if (!date || !SNAPSHOT_FORMATS.includes(format)) throw badRequest('Thiếu ngày hoặc định dạng tệp.');
  return c.redirect(await deps.files.presignDownload(snapshotKey(deps.campaign.id, date, format), downloadName(date, format)), 303);
}

export async function fileDownload(c: PortalContext): Promise<Response> {
  const key = c.req.query('key') ?? '';
  if (!key || !canReadObject(await principalOf(c), key)) throw forbidden();
  return c.redirect(await c.var.deps.files.presignDownload(key, fileNameOf(key)), 303);
}
