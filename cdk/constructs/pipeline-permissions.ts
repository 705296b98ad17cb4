// What each function of the pipeline may do: exactly the actions its handler calls, on this stack's
// resources (read/write of the table, one key prefix of the bucket each, publishing ReportAccepted,
// sending as the configured sender), with the cdk-nag findings those grants raise acknowledged.
import { Stack } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { PipelineConfig } from '../config.ts';
import { acknowledge, arnInFinding, arnPatternInFinding, textInFinding } from '../nag.ts';
import type { PipelineFunction } from './pipeline-function.ts';
import { KEY_PREFIX, type ReportBucket } from './report-bucket.ts';
import { writableItems, writeOnly, type TableWriter } from '../table-writes.ts';
import type { ReportTable } from './report-table.ts';

export interface PipelinePermissionsProps {
  config: PipelineConfig;
  bucket: ReportBucket;
  table: ReportTable;
  eventBus: events.IEventBus;
  parser: PipelineFunction;
  reminder: PipelineFunction;
  aggregator: PipelineFunction;
  /** The portal's function (its bucket and table grants are the Portal construct's own). */
  portal: PipelineFunction;
  mailIntake?: PipelineFunction | undefined;
  /** The receiving region's bucket, where SES stores raw mail when it is not the report bucket. */
  mailBucketArn?: string;
}

/** Grants each function exactly the actions its handler calls, on this stack's resources. */
export class PipelinePermissions extends Construct {
  constructor(scope: Construct, id: string, props: PipelinePermissionsProps) {
    super(scope, id);
    const { bucket, table, config, parser, reminder, aggregator, portal, mailIntake } = props;
    const tableArns = [table.table.tableArn, table.indexArn];
    const readTable = new iam.PolicyStatement({
      sid: 'ReadReportTable',
      // No Scan: every access pattern is a key lookup or a Query.
      actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable'],
      resources: tableArns,
    });
    // Each function writes only its own items (leading keys), as the portal does.
    const writeTable = (writer: TableWriter) => writeOnly('WriteOwnItemsOnly', table.table.tableArn, writableItems(config.campaign.id)[writer]);
    // With s3:ListBucket a missing key reads as 404 (NoSuchKey), not 403, so handlers can tell them apart.
    const listPrefix = (sid: string, prefix: string, bucketArn = bucket.bucket.bucketArn) => new iam.PolicyStatement({
      sid,
      actions: ['s3:ListBucket'],
      resources: [bucketArn],
      conditions: { StringLike: { 's3:prefix': [`${prefix}*`] } },
    });

    for (const [fn, writer] of [[parser, 'parser'], [reminder, 'reminder'], [aggregator, 'aggregator']] as const) {
      fn.allow(readTable);
      fn.allow(writeTable(writer));
    }

    parser.allow(new iam.PolicyStatement({
      sid: 'ReadUploads',
      actions: ['s3:GetObject', 's3:GetObjectVersion'],
      resources: [bucket.objectsUnder(KEY_PREFIX.incoming)],
    }));
    parser.allow(listPrefix('ListUploads', KEY_PREFIX.incoming));
    parser.allow(new iam.PolicyStatement({
      sid: 'WriteErrorReports',
      actions: ['s3:PutObject'],
      resources: [bucket.objectsUnder(KEY_PREFIX.errors)],
    }));
    parser.allow(new iam.PolicyStatement({
      sid: 'PublishReportAccepted',
      actions: ['events:PutEvents'],
      resources: [props.eventBus.eventBusArn],
    }));

    reminder.allow(new iam.PolicyStatement({
      sid: 'ReadSnapshotsToAttach',
      actions: ['s3:GetObject'],
      resources: [bucket.objectsUnder(KEY_PREFIX.summaries)],
    }));
    reminder.allow(listPrefix('ListSnapshots', KEY_PREFIX.summaries));

    aggregator.allow(new iam.PolicyStatement({
      sid: 'ReadWriteSnapshots',
      actions: ['s3:GetObject', 's3:PutObject'],
      resources: [bucket.objectsUnder(KEY_PREFIX.summaries)],
    }));
    aggregator.allow(listPrefix('ListSnapshots', KEY_PREFIX.summaries));

    if (mailIntake) {
      mailIntake.allow(readTable);
      mailIntake.allow(writeTable('mailIntake'));
      // Raw mail is read where SES stored it: the report bucket, or only the receiving region's.
      const { mailBucketArn } = props;
      mailIntake.allow(new iam.PolicyStatement({
        sid: 'ReadInboundMail',
        actions: ['s3:GetObject'],
        resources: [mailBucketArn ? `${mailBucketArn}/${KEY_PREFIX.mailInbound}*` : bucket.objectsUnder(KEY_PREFIX.mailInbound)],
      }));
      mailIntake.allow(listPrefix('ListInboundMail', KEY_PREFIX.mailInbound, mailBucketArn));
      // Writes only where the parser picks files up; never summaries/, errors/ or mail/.
      mailIntake.allow(new iam.PolicyStatement({
        sid: 'HandUploadsToTheParser',
        actions: ['s3:PutObject'],
        resources: [bucket.objectsUnder(KEY_PREFIX.incoming)],
      }));
    }

    // The portal mails sign-in links.
    for (const fn of [parser, reminder, portal, ...(mailIntake ? [mailIntake] : [])]) {
      for (const statement of sesSendStatements(Stack.of(this), config)) fn.allow(statement);
    }

    const bucketArn = arnInFinding(bucket.bucket);
    const prefixWildcard = (prefix: string) => `AwsSolutions-IAM5[Resource::${bucketArn}/${prefix}*]`;
    const prefixReason = 'Object keys are only known at run time (province, date, file name); the wildcard is confined to one key prefix '
      + 'of the report bucket, the one the key-layout contract gives this handler.';
    acknowledge(parser.role, [prefixWildcard(KEY_PREFIX.incoming), prefixWildcard(KEY_PREFIX.errors)], prefixReason);
    acknowledge(reminder.role, [prefixWildcard(KEY_PREFIX.summaries)], prefixReason);
    acknowledge(aggregator.role, [prefixWildcard(KEY_PREFIX.summaries)], prefixReason);
    acknowledge(portal.role, [KEY_PREFIX.incoming, KEY_PREFIX.errors, KEY_PREFIX.summaries].map(prefixWildcard),
      `${prefixReason} The portal signs uploads under incoming/ (each presigned POST narrows it to one key of the signed-in province) `
      + 'and downloads of the files a signed-in person may see.');
    if (mailIntake) {
      const readMail = props.mailBucketArn
        ? `AwsSolutions-IAM5[Resource::${textInFinding(Stack.of(this), props.mailBucketArn)}/${KEY_PREFIX.mailInbound}*]`
        : prefixWildcard(KEY_PREFIX.mailInbound);
      acknowledge(mailIntake.role, [readMail, prefixWildcard(KEY_PREFIX.incoming)],
        `${prefixReason} Raw mail is read only under mail/inbound/ of the one bucket SES stores it in.`);
    }
    if (config.sesSandbox) {
      for (const fn of [parser, reminder, portal, ...(mailIntake ? [mailIntake] : [])]) {
        acknowledge(fn.role, [`AwsSolutions-IAM5[Resource::${arnPatternInFinding(Stack.of(this), 'ses', 'identity/*')}]`],
          'In the SES sandbox, SES authorises the caller against each recipient\'s verified identity too, and recipients are data '
          + '(the contact directory). Limited to this account and region, and to mail whose From is the configured sender '
          + '(ses:FromAddress). Set bhxh:sesSandbox=false after leaving the sandbox to drop it.');
      }
    }
  }
}

/** SES sending, scoped to the sender identity (the address, and its domain if that is the verified identity). */
function sesSendStatements(stack: Stack, config: PipelineConfig): iam.PolicyStatement[] {
  const identity = (name: string) => stack.formatArn({ service: 'ses', resource: 'identity', resourceName: name });
  const domain = config.senderAddress.split('@')[1]!;
  const statements = [new iam.PolicyStatement({
    sid: 'SendAsSender',
    actions: ['ses:SendEmail', 'ses:SendRawEmail'],
    resources: [identity(config.senderAddress), identity(domain)],
  })];
  if (config.sesSandbox) {
    // In the sandbox SES checks the caller against every recipient's (verified) identity as well.
    statements.push(new iam.PolicyStatement({
      sid: 'SendToVerifiedRecipientsWhileInSandbox',
      actions: ['ses:SendEmail', 'ses:SendRawEmail'],
      resources: [identity('*')],
      conditions: { StringEquals: { 'ses:FromAddress': config.senderAddress } },
    }));
  }
  return statements;
}
