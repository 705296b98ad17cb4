// The use case: build a date's national snapshot from the stored reports and publish its files under
// summaries/<date>/ and, when the date is the newest published one, summaries/latest/.
//
// Stale writers: runs may overlap (a burst of uploads, retries, the local stack), and S3 has no
// conditional overwrite we can rely on everywhere. Each slot ("<date>", "latest") therefore carries
// a state item with the version the files were built from:
//   1. read the inputs (one strongly consistent Query for the date) and derive their version;
//   2. skip when the slot already holds a written version >= ours (a burst collapses into few builds);
//   3. claim the slot (conditional: no strictly greater version holds it), write the files;
//   4. commit (conditional: our claim still holds). If another run claimed in between, our files may
//      have overwritten newer ones: repair by looping from 1 (re-read, re-claim, re-write) until a
//      commit succeeds. The last files written are therefore always those of a run that committed
//      with no claim after its own, i.e. built from the newest inputs.
// A report's receivedAt only grows (latest upload wins), so the version below only grows with time.
//
// The trend: each run also stores the date's national totals (DateTotalsStore), conditionally on the
// same kind of version, BEFORE it claims the slot. So whenever a snapshot of date E is committed, E's
// totals item holds a version at least as new, and a later date's trend, which reads every earlier
// date's totals with one Query, is never staler for E than E's own snapshot. A run that finds its
// snapshot up to date skips the write (the run that committed that snapshot wrote totals at least as
// new). A date without a totals item (never rebuilt, e.g. seeded data) falls back to a Query of its reports.
import { randomUUID } from 'node:crypto';
import type { FileStore, Log, SnapshotSlotState, SnapshotStateStore } from '../../ports/index.ts';
import { SILENT_LOG } from '../../ports/index.ts';
import { snapshotVersion } from './model.ts';
import { isNotFound } from './download.ts';
import { loadSnapshot, type PublishOptions, type SnapshotReadDeps } from './load.ts';
import {
  CONTENT_TYPES, LATEST, renderResultsFiles, renderSnapshotFiles, RESULTS_FORMATS, resultsKey, SNAPSHOT_FORMATS, snapshotKey,
} from './files.ts';

export interface SnapshotDeps extends SnapshotReadDeps {
  files: Pick<FileStore, 'read' | 'write'>;
  state: SnapshotStateStore;
  /** A unique id per claim (tests pass a deterministic one). */
  newToken?: () => string;
  log?: Log;
  /** Repair loops before giving up (the invocation then fails and is retried). */
  maxAttempts?: number;
}

export type SlotOutcome = 'published' | 'up-to-date' | 'superseded' | 'handed-over';

export interface PublishResult {
  date: string;
  outcome: SlotOutcome;
  latest: SlotOutcome | 'older-date' | 'not-run';
  final: boolean;
  version: string;
  attempts: number;
  reports: number;
}

/** Largest snapshot file we copy into latest/ (a 10,000-row workbook is a few MB). */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

export { snapshotVersion };

/** Builds and publishes a date's snapshot; never lets a stale run's files stand over a newer run's. */
export async function publishSnapshot(deps: SnapshotDeps, date: string, options: PublishOptions): Promise<PublishResult> {
  const log = deps.log ?? SILENT_LOG;
  let built: { version: string; final: boolean; reports: number } = { version: '', final: options.final, reports: 0 };
  let totalsStored: string | undefined;
  const run = await publishSlot<never>(deps, date, false, async (current, repair) => {
    const { snapshot, reports } = await loadSnapshot(deps, date, {
      // Once a date has a final snapshot, later ones (a late upload) stay final: the deadline has passed.
      final: options.final || Boolean(current?.final), at: options.at,
    });
    if (snapshot.ignored.length) log.info('reports of provinces outside the registry left out', { date, provinces: snapshot.ignored });
    const dated = reports.filter((r) => r.reportDate === date);
    const version = snapshotVersion(dated, snapshot.final);
    built = { version, final: snapshot.final, reports: reports.length };
    // Before the claim (see the top of this file); not when this run will stop as up to date.
    const totalsVersion = snapshotVersion(dated, false);
    const upToDate = !repair && current?.written === true && current.version >= version;
    if (deps.totals && !upToDate && totalsStored !== totalsVersion) {
      const byProvince = Object.fromEntries(snapshot.rows.filter((r) => r.values).map((r) => [r.code, r.values!]));
      const late = snapshot.rows.filter((r) => r.status === 'late').map((r) => r.code);
      await deps.totals.put({
        date, reported: snapshot.counts.onTime + snapshot.counts.late, total: snapshot.total, byProvince, late, version: totalsVersion,
      });
      totalsStored = totalsVersion;
    }
    return {
      version, date, final: snapshot.final, generatedAt: snapshot.generatedAt,
      write: async () => {
        // The results first: the snapshot's json, which tools poll, stays the last file written.
        for (const file of await renderResultsFiles(snapshot, deps.campaign.config.results.markedProvinces)) {
          await deps.files.write(resultsKey(deps.campaign.id, date, file.format), file.body, file.contentType);
        }
        for (const file of await renderSnapshotFiles(snapshot)) {
          await deps.files.write(snapshotKey(deps.campaign.id, date, file.format), file.body, file.contentType);
        }
      },
    };
  });
  let latest: PublishResult['latest'] = 'not-run';
  if (run.outcome === 'published') {
    log.info('snapshot published', { date, version: built.version, final: built.final, attempts: run.attempts, repaired: run.repaired });
    // After a repair, latest/ may hold a copy of the files we overwrote: copy again.
    latest = await publishLatest(deps, date, run.repaired);
  }
  return { date, outcome: run.outcome, latest, final: built.final, version: built.version, attempts: run.attempts, reports: built.reports };
}

/**
 * Copies a date's files into latest/ when it is the newest published date. `force` after a dated
 * repair: latest/ may have been copied from files we overwrote, so copy again.
 */
export async function publishLatest(deps: SnapshotDeps, date: string, force = false): Promise<SlotOutcome | 'older-date'> {
  const run = await publishSlot<'older-date'>(deps, LATEST, force, async (current, repair) => {
    if (!repair && current && current.date > date) return 'older-date';
    // Repairing restores the newest date's files, whichever run published them.
    const target = current && current.date > date ? current.date : date;
    const source = await deps.state.get(target);
    if (!source) return 'older-date';
    return {
      version: `${target}#${source.version}`, date: target, final: source.final, generatedAt: source.generatedAt,
      write: () => copyFolder(deps.files, deps.campaign.id, target, LATEST),
    };
  });
  return run.outcome;
}

interface SlotWork {
  version: string;
  date: string;
  final: boolean;
  generatedAt: string;
  write: () => Promise<void>;
}

/**
 * The claim / write / commit protocol on one slot. `prepare` reads the inputs (given the slot's state)
 * and says what to write, or why not to. After a lost commit (or when `force`d) the run is repairing:
 * its files may have overwritten newer ones, so it does not stop until files newer than its own write
 * are in place: it either rewrites them itself, or marks the run currently writing "dirty", which makes
 * that run's commit fail and that run rewrite (it writes after our write, so it wins).
 */
async function publishSlot<Stop extends string>(
  deps: SnapshotDeps, slot: string, force: boolean,
  prepare: (current: SnapshotSlotState | undefined, repair: boolean) => Promise<SlotWork | Stop>,
): Promise<{ outcome: SlotOutcome | 'handed-over' | Stop; attempts: number; repaired: boolean }> {
  const maxAttempts = deps.maxAttempts ?? 10;
  const newToken = deps.newToken ?? randomUUID;
  let repair = force;
  let mine: string | undefined;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const done = (outcome: SlotOutcome | 'handed-over' | Stop) => ({ outcome, attempts: attempt, repaired: repair });
    const current = await deps.state.get(slot);
    const work = await prepare(current, repair);
    if (typeof work === 'string') return done(work);
    if (!repair) {
      if (current?.written && current.version >= work.version) return done('up-to-date');
      if (current && current.version > work.version) return done('superseded');
    } else if (current && !current.written && current.token !== mine && current.version >= work.version) {
      // Another run, with inputs at least as new, is between claim and commit: once told to redo,
      // it writes after our write. (An older one is simply claimed over: its commit will fail.)
      if (await deps.state.markDirty(slot, current.token)) return done('handed-over');
      continue;
    }
    const token = newToken();
    mine = token;
    const claimed = await deps.state.claim({ slot, version: work.version, token, date: work.date, final: work.final, generatedAt: work.generatedAt });
    if (!claimed) {
      // A run with newer inputs holds the slot and writes after its claim; a repairing run goes on.
      if (!repair) return done('superseded');
      continue;
    }
    await work.write();
    if (await deps.state.commit(slot, token)) return done('published');
    (deps.log ?? SILENT_LOG).info('snapshot claim lost while writing; repairing', { slot, version: work.version, attempt });
    repair = true;
  }
  throw new Error(`Snapshot slot ${slot} not published after ${maxAttempts} attempts (contention)`);
}

async function copyFolder(files: SnapshotDeps['files'], campaignId: string, from: string, to: string): Promise<void> {
  const copy = async (source: string, target: string, contentType: string): Promise<void> => {
    const object = await files.read(source, MAX_FILE_BYTES);
    if (!('body' in object)) throw new Error(`${source} is larger than ${MAX_FILE_BYTES} bytes`);
    await files.write(target, object.body, contentType);
  };
  // The results first and the snapshot's json last, as in a date's folder. A date published before the
  // results existed has none: nothing to copy.
  for (const format of RESULTS_FORMATS) {
    try {
      await copy(resultsKey(campaignId, from, format), resultsKey(campaignId, to, format), CONTENT_TYPES[format]);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
  for (const format of SNAPSHOT_FORMATS) {
    await copy(snapshotKey(campaignId, from, format), snapshotKey(campaignId, to, format), CONTENT_TYPES[format]);
  }
}

/**
 * The run after the deadlines (08:35 and 18:35 ICT): a final snapshot for every report date whose
 * deadline has passed by `time` and that has none yet.
 */
export async function publishDueFinalSnapshots(deps: SnapshotDeps, time: Date): Promise<PublishResult[]> {
  const results: PublishResult[] = [];
  for (const date of deps.campaign.datesDueBy(time)) {
    const state: SnapshotSlotState | undefined = await deps.state.get(date);
    if (state?.final && state.written) continue;
    results.push(await publishSnapshot(deps, date, { final: true, at: time }));
  }
  return results;
}
