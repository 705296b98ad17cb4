// The aggregator's two events, decoded with their schemas (shared/events):
// - EventBridge "ReportAccepted" (source bhxh.reports): rebuild the snapshot of detail.reportDate;
//   its instant is the event's time (the parser sets it to the upload's receive time).
// - The schedule after the deadlines: {"kind":"final-snapshot","time":"<ISO instant>"}.
import { MalformedEvent } from '../../shared/events/malformed.ts';
import { decodeReportAccepted } from '../../shared/events/report-accepted.ts';
import { FinalSnapshotScheduleSchema } from '../../shared/events/schedule.ts';

export type AggregatorEvent =
  | { kind: 'report-accepted'; reportDate: string; province: string; at: Date }
  | { kind: 'final-snapshot'; at: Date };

export function decodeAggregatorEvent(event: unknown): AggregatorEvent {
  const scheduled = FinalSnapshotScheduleSchema.safeParse(event);
  if (scheduled.success) return { kind: 'final-snapshot', at: scheduled.data.time };
  if (event && typeof event === 'object' && 'kind' in event) {
    throw new MalformedEvent(`Not a final-snapshot schedule input: ${JSON.stringify(event).slice(0, 200)}`);
  }
  return { kind: 'report-accepted', ...decodeReportAccepted(event) };
}
