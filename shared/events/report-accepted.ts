// "ReportAccepted", as the aggregator receives it: an EventBridge event whose
// detail names the province, the report date and the upload's receive time, delivered directly or
// wrapped in an SQS record by the aggregation queue.
import * as z from 'zod/mini';
import { REPORT_ACCEPTED, REPORT_EVENT_SOURCE } from '../contract.ts';
import { EventBridgeEvent, SqsRecord } from './envelopes.ts';
import { describeIssues, MalformedEvent } from './malformed.ts';

export const ReportAcceptedSchema = z.extend(EventBridgeEvent, {
  source: z.literal(REPORT_EVENT_SOURCE),
  'detail-type': z.literal(REPORT_ACCEPTED),
  detail: z.object({
    province: z.string().check(z.regex(/^\d{2}$/)),
    reportDate: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)),
    receivedAt: z.iso.datetime({ offset: true }),
  }),
});

export interface ReportAccepted {
  province: string;
  reportDate: string;
  /** The snapshot's instant: the event's time (the parser sets it to the upload's receive time). */
  at: Date;
}

export function decodeReportAccepted(event: unknown): ReportAccepted {
  const parsed = ReportAcceptedSchema.safeParse(event);
  if (!parsed.success) throw new MalformedEvent(`Not a ReportAccepted event: ${describeIssues(parsed.error)}`);
  const { detail, time } = parsed.data;
  return { province: detail.province, reportDate: detail.reportDate, at: new Date(time) };
}

/** One record of the aggregation queue: its id and the ReportAccepted event in its body. */
export function decodeQueuedReportAccepted(record: unknown): ReportAccepted & { messageId: string } {
  const parsed = SqsRecord.safeParse(record);
  if (!parsed.success) throw new MalformedEvent(`Not an SQS record: ${describeIssues(parsed.error)}`);
  let body: unknown;
  try {
    body = JSON.parse(parsed.data.body);
  } catch {
    throw new MalformedEvent(`Message ${parsed.data.messageId}: body is not JSON`);
  }
  return { messageId: parsed.data.messageId, ...decodeReportAccepted(body) };
}
