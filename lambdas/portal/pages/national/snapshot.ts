// The national snapshot of one date as the national pages read it (live until it is final).
import { loadSnapshot } from '../../../../shared/domain/snapshot/load.ts';
import type { Snapshot } from '../../../../shared/domain/snapshot/model.ts';
import type { StoredReport } from '../../../../shared/domain/report.ts';
import type { SnapshotSlotState } from '../../../../shared/ports/index.ts';
import { landingDate } from '../../../../shared/domain/portal/dates.ts';
import { requestedDate, type PortalContext, type PortalDeps } from '../../context.ts';

export async function snapshotOf(deps: PortalDeps, date: string, now: Date): Promise<Snapshot> {
  return (await snapshotWithReports(deps, date, now)).snapshot;
}

/** The snapshot, the accepted reports it was built from, and whether the date's files are published (`state`). */
export async function snapshotWithReports(deps: PortalDeps, date: string, now: Date): Promise<{ snapshot: Snapshot; reports: StoredReport[]; state: SnapshotSlotState | undefined }> {
  const state = await deps.snapshots.get(date);
  return { ...await loadSnapshot(deps, date, { final: Boolean(state?.final), at: now }), state };
}

/** The date a national page shows: the one asked for (?ngay=), else where the national pages open. */
export async function nationalDate(c: PortalContext): Promise<string> {
  return requestedDate(c) ?? await landingDate(c.var.deps, c.var.now);
}
