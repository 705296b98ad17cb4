// The national office (Ban Quản lý Thu - Sổ, Thẻ): reads the national snapshots and runs the CLI
// (`npm run bhxh -- … --aws`): `summary` (summaries/), `status` (table queries), `contacts import`
// (the contact items of the campaign's province list only, pk "CONTACTS#<list>", shared/adapters/contacts.ts), with names from this stack's
// outputs. It cannot upload for a province, change a report, or send mail (`bhxh remind` and replays
// are operator tasks).
import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { contactsPartition } from '../../shared/adapters/contacts.ts';
import { acknowledge, arnInFinding } from '../nag.ts';
import { KEY_PREFIX } from './report-bucket.ts';
import type { ReportTable } from './report-table.ts';

export interface NationalOfficeAccessProps {
  bucket: s3.IBucket;
  table: ReportTable;
  /** The campaign's province list (its contacts are the items the office may edit). */
  provinceListId: string;
}

export class NationalOfficeAccess extends Construct {
  readonly policy: iam.ManagedPolicy;
  readonly group: iam.Group;

  constructor(scope: Construct, id: string, props: NationalOfficeAccessProps) {
    super(scope, id);
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      description: 'National office: read the national snapshots, run the bhxh CLI, edit the contact directory',
      statements: [
        new iam.PolicyStatement({
          sid: 'ReadNationalSnapshots',
          actions: ['s3:GetObject'],
          resources: [props.bucket.arnForObjects(`${KEY_PREFIX.summaries}*`)],
        }),
        new iam.PolicyStatement({
          sid: 'ListNationalSnapshots',
          actions: ['s3:ListBucket'],
          resources: [props.bucket.bucketArn],
          conditions: { StringLike: { 's3:prefix': [`${KEY_PREFIX.summaries}*`] } },
        }),
        new iam.PolicyStatement({
          sid: 'ReadReportsAndSubmissions',
          // Query, never Scan (the table's access patterns are all keyed).
          actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:DescribeTable'],
          resources: [props.table.table.tableArn, props.table.indexArn],
        }),
        new iam.PolicyStatement({
          sid: 'EditContactDirectory',
          actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
          resources: [props.table.table.tableArn],
          // Only items whose partition key is the contact directory's: no report or log item.
          conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [contactsPartition(props.provinceListId)] } },
        }),
        new iam.PolicyStatement({
          sid: 'ReadStackOutputs',
          actions: ['cloudformation:DescribeStacks'],
          // The exact stack (its ARN includes the stack id): not any stack of the account.
          resources: [Aws.STACK_ID],
        }),
      ],
    });
    acknowledge(this.policy, [`AwsSolutions-IAM5[Resource::${arnInFinding(props.bucket)}/${KEY_PREFIX.summaries}*]`],
      'Snapshot keys are dated (summaries/<date>/…); the wildcard is confined to the summaries/ prefix of the report bucket.');
    this.group = new iam.Group(this, 'Group', { managedPolicies: [this.policy] });
  }
}
