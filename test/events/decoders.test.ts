// The event decoders (shared/events): what each reads from the envelope AWS delivers, and the one
// MalformedEvent, naming the field, for anything else (the handler fails that record alone).
import { describe, expect, it } from 'vitest';
import { MalformedEvent } from '../../shared/events/malformed.ts';
import { decodeQueuedReportAccepted, decodeReportAccepted } from '../../shared/events/report-accepted.ts';
import { uploadsFromIntakeRecord } from '../../shared/events/s3-notification.ts';
import { inboundMailFromRecord, receivedNotificationBody } from '../../shared/events/ses-received.ts';
import { s3CreatedRecord, sqsRecord } from '../support/events.ts';

const created = s3CreatedRecord({ key: 'incoming/27/b%C3%A1o+c%C3%A1o.xlsx', eventTime: '2023-12-15T09:00:00.000Z', sequencer: '0A', size: 123 });
const accepted = {
  version: '0', id: 'e-1', source: 'bhxh.reports', 'detail-type': 'ReportAccepted', account: '123456789012',
  time: '2023-12-15T09:00:00Z', region: 'ap-southeast-1', resources: [],
  detail: { province: '27', reportDate: '2023-12-15', receivedAt: '2023-12-15T09:00:00.000Z' },
};
const mailBody = (overrides: Partial<Parameters<typeof receivedNotificationBody>[0]> = {}) => receivedNotificationBody({
  bucket: 'b', key: 'mail/inbound/abc', sesMessageId: 'abc', receivedAt: '2023-12-15T09:00:00.000Z', envelopeFrom: 'a@example.vn',
  verdicts: { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS', spam: 'PASS', virus: 'PASS' }, ...overrides,
});
const malformed = (f: () => unknown, says: RegExp) => {
  expect(f).toThrow(MalformedEvent);
  expect(f).toThrow(says);
};

describe('S3 notifications in SQS (parser)', () => {
  it('reads the upload: bucket, decoded key, size, sequencer, receive time', () => {
    expect(uploadsFromIntakeRecord(sqsRecord({ Records: [created] }))).toEqual([{
      bucket: 'reports-bucket', key: 'incoming/27/báo cáo.xlsx', size: 123, sequencer: '0A', receivedAt: '2023-12-15T09:00:00.000Z',
    }]);
  });

  it('takes an upload from an IPv6 address (dual-stack endpoint)', () => {
    const v6 = { ...created, requestParameters: { sourceIPAddress: '2001:db8::7' } };
    expect(uploadsFromIntakeRecord(sqsRecord({ Records: [v6] }))).toHaveLength(1);
  });

  it("announces nothing for S3's test event and for records other than ObjectCreated", () => {
    expect(uploadsFromIntakeRecord(sqsRecord({ Service: 'Amazon S3', Event: 's3:TestEvent' }))).toEqual([]);
    expect(uploadsFromIntakeRecord(sqsRecord({ Records: [{ ...created, eventName: 'ObjectRemoved:Delete' }] }))).toEqual([]);
  });

  it('refuses, naming the field, what is not an S3 notification in an SQS record', () => {
    malformed(() => uploadsFromIntakeRecord({ ...sqsRecord({ Records: [created] }), eventSource: 'aws:sns' }), /Not an SQS record: eventSource/);
    malformed(() => uploadsFromIntakeRecord(sqsRecord('{"Records":')), /not JSON/);
    malformed(() => uploadsFromIntakeRecord(sqsRecord({ Records: [{ ...created, eventTime: '15/12/2023' }] })), /Records\.0\.eventTime/);
    malformed(() => uploadsFromIntakeRecord(sqsRecord({ Records: [{ ...created, eventSource: 'aws:sqs' }] })), /Records\.0\.eventSource/);
    malformed(() => uploadsFromIntakeRecord(sqsRecord({ Records: [{ ...created, s3: { ...created.s3, object: { key: 'k', size: '12' } } }] })), /Records\.0\.s3\.object\.size/);
    malformed(() => uploadsFromIntakeRecord(sqsRecord({ Records: [] })), /Records/);
  });
});

describe('ReportAccepted (aggregator)', () => {
  it("reads the province, the date and the event's time, directly or from the aggregation queue", () => {
    const decoded = { province: '27', reportDate: '2023-12-15', at: new Date('2023-12-15T09:00:00Z') };
    expect(decodeReportAccepted(accepted)).toEqual(decoded);
    expect(decodeQueuedReportAccepted(sqsRecord(accepted, 'q-1', 'aggregation'))).toEqual({ messageId: 'q-1', ...decoded });
  });

  it('refuses another source or type, a bad detail, a time without a zone', () => {
    malformed(() => decodeReportAccepted({ ...accepted, 'detail-type': 'ReportRejected' }), /detail-type/);
    malformed(() => decodeReportAccepted({ ...accepted, detail: { ...accepted.detail, province: '1' } }), /detail\.province/);
    malformed(() => decodeReportAccepted({ ...accepted, detail: { ...accepted.detail, receivedAt: 'yesterday' } }), /detail\.receivedAt/);
    malformed(() => decodeReportAccepted({ ...accepted, time: '2023-12-15T09:00:00' }), /time/);
    malformed(() => decodeQueuedReportAccepted(sqsRecord('not json', 'q-2', 'aggregation')), /q-2: body is not JSON/);
  });
});

describe('SES receipts via SNS in SQS (mail-intake)', () => {
  it("reads the raw mail's key, SES's id, the envelope sender and the verdicts", () => {
    expect(inboundMailFromRecord(sqsRecord(mailBody()), 'b')).toEqual({
      key: 'mail/inbound/abc', sesMessageId: 'abc', receivedAt: '2023-12-15T09:00:00.000Z', envelopeFrom: 'a@example.vn',
      verdicts: { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS', spam: 'PASS', virus: 'PASS' },
    });
  });

  it("announces nothing for SES's set-up notification", () => {
    const sns = JSON.parse(mailBody()) as Record<string, unknown>;
    expect(inboundMailFromRecord(sqsRecord({ ...sns, Message: JSON.stringify({ Event: 'Amazon SES Setup Notification' }) }), 'b')).toBeUndefined();
  });

  it('refuses, naming what is wrong, anything else', () => {
    const sns = JSON.parse(mailBody()) as Record<string, unknown>;
    malformed(() => inboundMailFromRecord(sqsRecord('not json'), 'b'), /not JSON/);
    malformed(() => inboundMailFromRecord(sqsRecord({ ...sns, Type: 'SubscriptionConfirmation' }), 'b'), /Not an SNS notification: Type/);
    malformed(() => inboundMailFromRecord(sqsRecord({ ...sns, Message: '{' }), 'b'), /message is not JSON/);
    malformed(() => inboundMailFromRecord(sqsRecord({ ...sns, Message: JSON.stringify({ notificationType: 'Bounce' }) }), 'b'), /Unexpected notification type "Bounce"/);
    malformed(() => inboundMailFromRecord(sqsRecord(mailBody({ sesMessageId: '../../etc' })), 'b'), /mail\.messageId/);
    malformed(() => inboundMailFromRecord(sqsRecord(mailBody({ key: 'incoming/27/x.xlsx' })), 'b'), /not under s3:\/\/b\/mail\/inbound\//);
    malformed(() => inboundMailFromRecord(sqsRecord(mailBody()), 'other-bucket'), /not under s3:\/\/other-bucket/);
  });
});
