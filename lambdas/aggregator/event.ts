// The aggregator's two events:
// - EventBridge "ReportAccepted" (source bhxh.reports): rebuild the snapshot of detail.reportDate;
//   its instant is the event's time (the parser sets it to the upload's receive time).
// - The schedule after the deadlines: {"kind":"final-snapshot","time":"<ISO instant>"}.
import * as z from 'zod/mini';
import { REPORT_ACCEPTED, REPORT_EVENT_SOURCE } from '../../shared/adapters/eventbridge-publisher.ts';

export type AggregatorEvent =
  | { kind: 'report-accepted'; reportDate: string; province: string; at: Date }
  | { kind: 'final-snapshot'; at: Date };

const instant = z.string().check(z.refine((s) => !Number.isNaN(Date.parse(s)), 'not an ISO instant'));
const reportAccepted = z.object({
  source: z.literal(REPORT_EVENT_SOURCE),
  'detail-type': z.literal(REPORT_ACCEPTED),
  time: z.optional(instant),
  detail: z.object({
    province: z.string().check(z.regex(/^\d{2}$/)),
    reportDate: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)),
    receivedAt: instant,
  }),
});
const finalSnapshot = z.object({ kind: z.literal('final-snapshot'), time: instant });

export class BadAggregatorEvent extends Error {
  override readonly name = 'BadAggregatorEvent';
}

export function decodeAggregatorEvent(event: unknown): AggregatorEvent {
  const scheduled = finalSnapshot.safeParse(event);
  if (scheduled.success) return { kind: 'final-snapshot', at: new Date(scheduled.data.time) };
  const accepted = reportAccepted.safeParse(event);
  if (accepted.success) {
    const { detail, time } = accepted.data;
    return { kind: 'report-accepted', reportDate: detail.reportDate, province: detail.province, at: new Date(time ?? detail.receivedAt) };
  }
  throw new BadAggregatorEvent(`Not a ReportAccepted or final-snapshot event: ${JSON.stringify(event).slice(0, 300)}`);
}
