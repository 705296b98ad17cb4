// Publishes "ReportAccepted" on the event bus; the aggregator's rule matches source and detail-type.
import { PutEventsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { REPORT_ACCEPTED, REPORT_EVENT_SOURCE } from '../contract.ts';
import type { EventPublisher, ReportAcceptedEvent } from '../ports/index.ts';

export class EventBridgePublisher implements EventPublisher {
  constructor(private readonly client: EventBridgeClient, private readonly busName: string) {}

  async reportAccepted(event: ReportAcceptedEvent): Promise<void> {
    const result = await this.client.send(new PutEventsCommand({
      Entries: [{
        EventBusName: this.busName,
        Source: REPORT_EVENT_SOURCE,
        DetailType: REPORT_ACCEPTED,
        Detail: JSON.stringify(event),
        Time: new Date(event.receivedAt),
      }],
    }));
    // PutEvents reports per-entry failures in a 200 response: surface them so the message is retried.
    if (result.FailedEntryCount) {
      const entry = result.Entries?.find((e) => e.ErrorCode);
      throw new Error(`PutEvents failed: ${entry?.ErrorCode ?? 'unknown'} ${entry?.ErrorMessage ?? ''}`.trim());
    }
  }
}
