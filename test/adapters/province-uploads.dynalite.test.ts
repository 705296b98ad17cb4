// One province's uploads of one date as the DynamoDB adapter reads them (a province's page): only that
// province's (never another whose code starts the same), only that date's, only this campaign's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoReportTable } from '../../shared/adapters/dynamo-table.ts';
import type { SubmissionRecord } from '../../shared/domain/report.ts';
import { startDynaliteTable, type DynaliteTable } from '../support/dynalite-table.ts';

const TABLE = 'bhxh-province-uploads-test';
let table: DynaliteTable;

beforeAll(async () => {
  table = await startDynaliteTable(TABLE);
});

afterAll(async () => {
  await table?.stop();
});

function upload(province: string, reportDate: string, receivedAt: string, sequencer: string): SubmissionRecord {
  return {
    province, reportDate, receivedAt, sequencer, objectKey: `incoming/${province}/${sequencer}.xlsx`, status: 'rejected',
    late: false, superseded: false, values: null, warnings: [], errors: [{ code: 'negative', message: 'Ô âm' }],
  };
}

describe('DynamoReportTable.listForProvinceOnDate on dynalite', () => {
  it('reads one province\'s uploads of one date', async () => {
    const ours = new DynamoReportTable(table.doc, TABLE, 'c1');
    const other = new DynamoReportTable(table.doc, TABLE, 'c2');
    const record = (t: DynamoReportTable, s: SubmissionRecord) =>
      t.record(s, { bucket: 'b', key: s.objectKey, size: 10, receivedAt: s.receivedAt, sequencer: s.sequencer });
    await record(ours, upload('1', '2023-12-14', '2023-12-14T03:00:00.000Z', 'A1'));
    await record(ours, upload('1', '2023-12-14', '2023-12-14T04:00:00.000Z', 'A2'));
    await record(ours, upload('10', '2023-12-14', '2023-12-14T03:30:00.000Z', 'B1'));
    await record(ours, upload('1', '2023-12-15', '2023-12-15T03:00:00.000Z', 'C1'));
    await record(other, upload('1', '2023-12-14', '2023-12-14T05:00:00.000Z', 'D1'));
    const found = await ours.listForProvinceOnDate('2023-12-14', '1');
    expect(found.map((s) => s.sequencer).sort()).toEqual(['A1', 'A2']);
    expect(found[0]).toMatchObject({ province: '1', reportDate: '2023-12-14', status: 'rejected', errors: [{ code: 'negative', message: 'Ô âm' }] });
    expect(await ours.listForProvinceOnDate('2023-12-13', '1')).toEqual([]);
  });
});
