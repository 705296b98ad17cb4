// The one bucket of the pipeline, and the bucket its access logs go to.
// Key layout (a contract with the handlers): incoming/<code>/<file> uploads, errors/<code>/… parser
// findings, summaries/<date>/… and summaries/latest/… national snapshots, config/… optional.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { CONFIG_PREFIX, ERRORS_PREFIX, INCOMING_PREFIX, MAIL_INBOUND_PREFIX, SUMMARY_PREFIX } from '../../shared/contract.ts';
import { LATEST } from '../../shared/domain/snapshot/keys.ts';
import { acknowledge } from '../nag.ts';

export const KEY_PREFIX = {
  incoming: INCOMING_PREFIX,
  errors: ERRORS_PREFIX,
  summaries: `${SUMMARY_PREFIX}/`,
  latestSummary: `${SUMMARY_PREFIX}/${LATEST}/`,
  config: CONFIG_PREFIX,
  /** Raw mail to the submission address, stored by SES's receipt rule (never triggers the parser). */
  mailInbound: MAIL_INBOUND_PREFIX,
} as const;

export interface ReportBucketProps {
  /** Uploads (current and old versions) are kept at least this long, then expire. */
  uploadRetentionDays: number;
}

export class ReportBucket extends Construct {
  readonly bucket: s3.Bucket;
  readonly accessLogBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: ReportBucketProps) {
    super(scope, id);
    // Access-log delivery authorised by a bucket policy for logging.s3.amazonaws.com rather than the
    // legacy LogDeliveryWrite ACL, so both buckets keep ACLs disabled (whatever the app's flags say).
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    const retention = props.uploadRetentionDays;

    this.accessLogBucket = accessLogBucket(this, 'AccessLogs', retention, 'report bucket');

    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...keptFilesBucketProps(this.accessLogBucket, 'report-bucket/'),
      lifecycleRules: [
        archiveRule('ArchiveUploads', KEY_PREFIX.incoming, retention),
        archiveRule('ArchiveErrorReports', KEY_PREFIX.errors, retention),
        archiveRule('ArchiveInboundMail', KEY_PREFIX.mailInbound, retention),
        // summaries/latest/ is overwritten every run; the dated copies are the archive.
        { id: 'ExpireReplacedLatestSnapshots', prefix: KEY_PREFIX.latestSummary, noncurrentVersionExpiration: Duration.days(30) },
        { id: 'AbortIncompleteUploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
    });
  }

  /** ARN pattern of every object under a key prefix, e.g. objectsUnder('incoming/'). */
  objectsUnder(prefix: string): string {
    return this.bucket.arnForObjects(`${prefix}*`);
  }
}

/** What every bucket holding what people sent shares: private, encrypted, TLS only, versioned, logged, kept. */
export function keptFilesBucketProps(logBucket: s3.IBucket, logPrefix: string): s3.BucketProps {
  return {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    // SSE-S3: provinces upload with plain s3:PutObject, no KMS grant to hand out per province.
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    // ACLs off: every object belongs to the bucket owner whoever wrote it.
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    // A re-upload of the same key keeps the earlier file (the audit trail, and replays by version).
    versioned: true,
    serverAccessLogsBucket: logBucket,
    serverAccessLogsPrefix: logPrefix,
    removalPolicy: RemovalPolicy.RETAIN,
    // Spreadsheets and mails are small; S3 skips transitions below 128 KB, where they would cost more, not less.
    transitionDefaultMinimumObjectSize: s3.TransitionDefaultMinimumObjectSize.ALL_STORAGE_CLASSES_128_K,
  };
}

/** The server access log target of a bucket (kept as long as the uploads: the audit trail of who wrote what). */
export function accessLogBucket(scope: Construct, id: string, retentionDays: number, of: string): s3.Bucket {
  const bucket = new s3.Bucket(scope, id, {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    // Server access log delivery only supports SSE-S3 on the target bucket.
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    removalPolicy: RemovalPolicy.RETAIN,
    lifecycleRules: [{
      id: 'ArchiveAccessLogs',
      transitions: transitionsWithin(retentionDays),
      expiration: Duration.days(retentionDays),
    }],
  });
  acknowledge(bucket, ['AwsSolutions-S1'],
    `This is the server access log target of the ${of}; logging it too would only log the log deliveries.`);
  return bucket;
}

/** Old files move to cheaper storage, and are deleted only once the retention has passed. */
export function archiveRule(id: string, prefix: string, retentionDays: number): s3.LifecycleRule {
  return {
    id,
    prefix,
    transitions: transitionsWithin(retentionDays),
    expiration: Duration.days(retentionDays),
    noncurrentVersionTransitions: transitionsWithin(retentionDays),
    // Counted from when a version was replaced, so never before `retentionDays` after its upload.
    noncurrentVersionExpiration: Duration.days(retentionDays),
  };
}

// Glacier Instant Retrieval keeps a replay or an audit a plain GetObject; Deep Archive for the long tail.
// A transition is only valid before the expiration, so short retentions drop the later tiers.
function transitionsWithin(retentionDays: number): Array<s3.Transition & s3.NoncurrentVersionTransition> {
  const tiers = [
    { storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, days: 90 },
    { storageClass: s3.StorageClass.DEEP_ARCHIVE, days: 365 },
  ];
  return tiers
    .filter((tier) => tier.days < retentionDays)
    .map((tier) => ({
      storageClass: tier.storageClass,
      transitionAfter: Duration.days(tier.days),
    }));
}
