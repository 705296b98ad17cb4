// A played report date for the national table's tests: all 63 provinces, some missing, some late,
// some with warnings, some corrected after the deadline, each with its own figures. Returns who is
// what, so tests compute the expected rows from the data they put in.
import { warnings as W } from '../../shared/domain/findings.ts';
import type { StoredReport, SubmissionRecord } from '../../shared/domain/report.ts';
import { campaign } from '../reminder/fakes.ts';
import type { PortalUnderTest } from './portal-app.ts';

export const DAY = '2023-12-15';

export interface PlayedDay {
  codes: string[];
  missing: string[];
  late: string[];
  warned: string[];
  corrected: string[];
  /** Col 9 (late amount at the report date) of each province that reported. */
  col9: Map<string, number>;
}

/** The 11 values of the i-th province: col 9 differs for every province (and is not in registry order). */
function figures(i: number): number[] {
  const units = 200 + i;
  const amount = 1_000_000_000 + i * 7_919_000;
  const now = amount - ((i * 37) % 63) * 3_000_000;
  return [units, amount, units - 50, Math.floor(amount / 2), 40 + i, 20, 10, units - 5, now, units - 60, Math.floor(now / 2)];
}

/** Plays the day into the portal's stores; `allWarned` gives every report two warnings (the largest page). */
export function playDay(portal: PortalUnderTest, options: { allWarned?: boolean } = {}): PlayedDay {
  const day: PlayedDay = { codes: [], missing: [], late: [], warned: [], corrected: [], col9: new Map() };
  campaign.provinces.forEach((p, i) => {
    day.codes.push(p.code);
    if (i % 9 === 4) {
      day.missing.push(p.code);
      return;
    }
    const late = i % 7 === 1;
    const values = figures(i);
    const warned = options.allWarned || i % 5 === 2;
    const receivedAt = late ? '2023-12-15T12:10:00.000Z' : `2023-12-15T0${i % 9}:${String(10 + (i % 50)).padStart(2, '0')}:00.000Z`;
    const report: StoredReport = {
      province: p.code, reportDate: DAY, values, receivedAt, sequencer: '0055AA', late,
      objectKey: `incoming/${p.code}/bao-cao.xlsx`,
      warnings: warned
        ? [W.cumulativeDecreased(5, 'F12', 80 + i, 40 + i, '14/12/2023'), W.cumulativeDecreased(6, 'G12', 30, 20, '14/12/2023')]
        : [],
    };
    if (i % 11 === 3) {
      // Sent on time, corrected the next morning: col 9 lowered by 1.000.000.
      const first: SubmissionRecord = {
        province: p.code, reportDate: DAY, receivedAt, sequencer: '0055AA', objectKey: report.objectKey, status: 'accepted',
        late, superseded: true, values: values.map((v, j) => (j === 8 ? v + 1_000_000 : v)), warnings: [], errors: [],
      };
      portal.submissions.push(first);
      Object.assign(report, { receivedAt: '2023-12-16T02:00:00.000Z', firstReceivedAt: receivedAt, sequencer: '0066BB' });
      day.corrected.push(p.code);
    }
    portal.reports.push(report);
    if (late) day.late.push(p.code);
    if (report.warnings.length) day.warned.push(p.code);
    day.col9.set(p.code, values[8]!);
  });
  return day;
}
