import { describe, expect, it } from 'vitest';
import { defaultCampaign } from '../../shared/config/campaign.ts';
import { fetchSnapshot, listSnapshotKeys } from '../../shared/domain/snapshot/download.ts';
import { LATEST, RESULTS_FORMATS, resultsKey } from '../../shared/domain/snapshot/keys.ts';
import {
  publishDueFinalSnapshots, publishSnapshot, type SnapshotDeps,
} from '../../shared/domain/snapshot/publish.ts';
import type { SnapshotJson } from '../../shared/domain/snapshot/json.ts';
import { MemoryFileStore, MemoryReports, MemorySnapshotState, rejected, report } from './fixtures.ts';

const campaign = defaultCampaign();
const CAMPAIGN_ID = campaign.id;

function setup() {
  const reports = new MemoryReports();
  const files = new MemoryFileStore();
  const state = new MemorySnapshotState();
  const deps: SnapshotDeps = { campaign, reports, submissions: reports, files, state };
  const json = (folder: string) => JSON.parse(files.text(`summaries/${folder === 'latest' ? folder : `${CAMPAIGN_ID}/${folder}`}/tong-hop-toan-quoc.json`) ?? 'null') as SnapshotJson;
  return { reports, files, state, deps, json };
}

describe('publishSnapshot', () => {
  it('writes the four files under summaries/<campaign>/<date>/ and summaries/latest/', async () => {
    const { reports, files, deps, json } = setup();
    reports.put(report('01', '2023-12-15', '2023-12-15T02:00:00Z'));
    const result = await publishSnapshot(deps, '2023-12-15', { final: false, at: new Date('2023-12-15T02:00:05Z') });
    expect(result).toMatchObject({ outcome: 'published', latest: 'published', final: false, reports: 1 });
    expect([...files.objects.keys()].sort()).toEqual([
      ...listSnapshotKeys(CAMPAIGN_ID, '2023-12-15').map((k) => k.key), ...listSnapshotKeys(CAMPAIGN_ID).map((k) => k.key),
      ...RESULTS_FORMATS.flatMap((f) => [resultsKey(CAMPAIGN_ID, '2023-12-15', f), resultsKey(CAMPAIGN_ID, LATEST, f)]),
    ].sort());
    expect(files.objects.get('summaries/2023-12-late-payment/2023-12-15/tong-hop-toan-quoc.xlsx')!.contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(files.objects.get('summaries/2023-12-late-payment/2023-12-15/tong-hop-toan-quoc.csv')!.contentType).toBe('text/csv; charset=utf-8');
    expect(json('2023-12-15')).toMatchObject({ date: '2023-12-15', final: false, generatedAt: '2023-12-15T02:00:05.000Z', counts: { onTime: 1, missing: 62 } });
    expect(json('latest')).toEqual(json('2023-12-15'));
  });

  it('does nothing when nothing changed since the last snapshot', async () => {
    const { reports, files, deps } = setup();
    reports.put(report('01', '2023-12-15', '2023-12-15T02:00:00Z'));
    await publishSnapshot(deps, '2023-12-15', { final: false, at: new Date('2023-12-15T02:00:00Z') });
    const before = files.objects.get('summaries/2023-12-late-payment/2023-12-15/tong-hop-toan-quoc.json');
    const again = await publishSnapshot(deps, '2023-12-15', { final: false, at: new Date('2023-12-15T02:00:00Z') });
    expect(again.outcome).toBe('up-to-date');
    expect(files.objects.get('summaries/2023-12-late-payment/2023-12-15/tong-hop-toan-quoc.json')).toBe(before);
  });

  it('keeps latest/ on the newest date when an older date is republished', async () => {
    const { reports, deps, json } = setup();
    reports.put(report('01', '2023-12-15', '2023-12-15T02:00:00Z'));
    await publishSnapshot(deps, '2023-12-15', { final: false, at: new Date('2023-12-15T02:00:00Z') });
    reports.put(report('02', '2023-12-14', '2023-12-15T03:00:00Z', { late: true }));
    const older = await publishSnapshot(deps, '2023-12-14', { final: false, at: new Date('2023-12-15T03:00:00Z') });
    expect(older).toMatchObject({ outcome: 'published', latest: 'older-date', final: true });
    expect(json('latest').date).toBe('2023-12-15');
    expect(json('2023-12-14').provinces[1]).toMatchObject({ code: '02', status: 'late' });
  });

  it('marks a snapshot built at or after the deadline final, and keeps a date final afterwards', async () => {
    const { reports, deps, json } = setup();
    reports.put(report('01', '2023-12-15', '2023-12-15T02:00:00Z'));
    expect((await publishSnapshot(deps, '2023-12-15', { final: false, at: new Date('2023-12-15T11:29:59Z') })).final).toBe(false);
    expect((await publishSnapshot(deps, '2023-12-15', { final: false, at: new Date('2023-12-15T11:30:00Z') })).final).toBe(true);
    reports.put(report('02', '2023-12-15', '2023-12-15T11:20:00Z'));
    // A delayed event of an upload made before the deadline, processed after the final snapshot.
    const late = await publishSnapshot(deps, '2023-12-15', { final: false, at: new Date('2023-12-15T11:20:00Z') });
    expect(late).toMatchObject({ outcome: 'published', final: true });
    expect(json('2023-12-15')).toMatchObject({ final: true, counts: { onTime: 2 } });
  });

  it('takes rejected-only provinces from the submission log', async () => {
    const { reports, deps, json } = setup();
    reports.submissions.push(rejected('04', '2023-12-15', '2023-12-15T01:00:00Z'));
    await publishSnapshot(deps, '2023-12-15', { final: true, at: new Date('2023-12-15T11:35:00Z') });
    expect(json('2023-12-15').provinces[2]).toMatchObject({ code: '04', status: 'rejected_only', values: null });
  });

  it('reads one Query per date: the date and each earlier date of the trend', async () => {
    const { reports, deps } = setup();
    const asked: string[] = [];
    const list = reports.listReportsForDate.bind(reports);
    reports.listReportsForDate = async (d: string) => { asked.push(d); return list(d); };
    reports.put(report('01', '2023-12-11', '2023-12-11T02:00:00Z'));
    await publishSnapshot(deps, '2023-12-13', { final: false, at: new Date('2023-12-13T02:00:00Z') });
    expect(asked.sort()).toEqual(['2023-12-11', '2023-12-12', '2023-12-13']);
  });

  it('refuses a date outside the campaign', async () => {
    await expect(publishSnapshot(setup().deps, '2024-01-01', { final: false, at: new Date('2024-01-01T00:00:00Z') })).rejects.toThrow(/not a report date/);
  });
});

describe('publishDueFinalSnapshots', () => {
  it('publishes a final snapshot for every date whose deadline has passed, once', async () => {
    const { reports, deps, json } = setup();
    reports.put(report('01', '2023-12-12', '2023-12-12T02:00:00Z'));
    // 18:35 ICT on 13 Dec: due are 11 (deadline 12 Dec 08:30), 12 and 13.
    const first = await publishDueFinalSnapshots(deps, new Date('2023-12-13T11:35:00Z'));
    expect(first.map((r) => [r.date, r.outcome, r.final])).toEqual([
      ['2023-12-11', 'published', true], ['2023-12-12', 'published', true], ['2023-12-13', 'published', true],
    ]);
    expect(json('latest')).toMatchObject({ date: '2023-12-13', final: true, generatedAt: '2023-12-13T11:35:00.000Z' });
    expect(json('2023-12-12').counts).toEqual({ expected: 63, onTime: 1, late: 0, missing: 62, warned: 0, baselineChanged: 0, correctedAfterDeadline: 0 });
    expect(await publishDueFinalSnapshots(deps, new Date('2023-12-13T11:35:00Z'))).toEqual([]);
    // 08:35 the next morning: nothing new is due.
    expect(await publishDueFinalSnapshots(deps, new Date('2023-12-14T01:35:00Z'))).toEqual([]);
  });

  it('at 08:35 on 12 Dec publishes the first date, whose deadline is 08:30 that morning', async () => {
    const { deps } = setup();
    expect(await publishDueFinalSnapshots(deps, new Date('2023-12-12T01:25:00Z'))).toEqual([]);
    expect((await publishDueFinalSnapshots(deps, new Date('2023-12-12T01:35:00Z'))).map((r) => r.date)).toEqual(['2023-12-11']);
  });
});

describe('download and attachment', () => {
  it('fetches the four files of the latest snapshot, or of a given date, or nothing', async () => {
    const { reports, files, deps } = setup();
    expect(await fetchSnapshot(files, CAMPAIGN_ID)).toBeUndefined();
    reports.put(report('01', '2023-12-14', '2023-12-14T02:00:00Z'));
    reports.put(report('01', '2023-12-15', '2023-12-15T02:00:00Z'));
    await publishSnapshot(deps, '2023-12-14', { final: false, at: new Date('2023-12-14T02:00:00Z') });
    await publishSnapshot(deps, '2023-12-15', { final: false, at: new Date('2023-12-15T02:00:00Z') });
    const latest = await fetchSnapshot(files, CAMPAIGN_ID);
    expect(latest).toMatchObject({ date: '2023-12-15', final: false });
    expect(latest!.files.map((f) => f.filename)).toEqual(['xlsx', 'csv', 'html', 'json'].map((e) => `tong-hop-toan-quoc-2023-12-15.${e}`));
    const older = await fetchSnapshot(files, CAMPAIGN_ID, '2023-12-14');
    expect(older!.date).toBe('2023-12-14');
    expect(await fetchSnapshot(files, CAMPAIGN_ID, '2023-12-20')).toBeUndefined();
    await expect(fetchSnapshot(files, CAMPAIGN_ID, '../x')).rejects.toThrow(/Not a date/);
  });
});
