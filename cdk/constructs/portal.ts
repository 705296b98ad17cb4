// The web portal: its Lambda behind a function URL (the portal authenticates people itself: magic
// links, server-side sessions), its own least-privilege role, and the report bucket's CORS rule that
// lets browsers POST uploads from the portal's origin only.
//
// Dependency cycle: the function names the bucket (environment, policy), and the bucket's CORS must
// name the function URL's origin, known only at deploy. So the CORS rule is not a bucket property: a
// custom resource writes it (PutBucketCors) once both exist.
import { contactsPartition } from '../../shared/adapters/contacts.ts';
import { Duration, Fn } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledge } from '../nag.ts';
import { PipelineFunction, type PipelineFunctionProps } from './pipeline-function.ts';
import { KEY_PREFIX, type ReportBucket } from './report-bucket.ts';
import type { ReportTable } from './report-table.ts';
import { PORTAL_MEMORY_MB, PORTAL_TIMEOUT_SECONDS } from '../sizes.ts';

/** The portal's items on the shared table (shared/adapters/portal-store.ts): the only ones it writes. */
export const PORTAL_ITEM_PREFIX = 'PORTAL#';

export interface PortalProps extends Pick<PipelineFunctionProps, 'projectRoot' | 'campaignFile' | 'campaignFileName' | 'logRetention'> {
  bucket: ReportBucket;
  table: ReportTable;
  environment: Record<string, string>;
  /** The portal's public URL when a domain (e.g. CloudFront) is in front: bhxh:portalUrl. */
  publicUrl?: string;
  /** The campaign's province list: the national office edits its contact items in the portal. */
  provinceListId: string;
}

export class Portal extends Construct {
  readonly function: PipelineFunction;
  readonly functionUrl: lambda.FunctionUrl;
  /** What people open and every mail links to: bhxh:portalUrl, else the function URL. */
  readonly url: string;
  /** The origin the bucket's CORS rule allows (scheme and host of `url`). */
  readonly origin: string;
  /** The deploy-time writer of the bucket's CORS rule. */
  readonly corsWriter: cr.AwsCustomResource;

  constructor(scope: Construct, id: string, props: PortalProps) {
    super(scope, id);
    this.function = new PipelineFunction(this, 'Portal', {
      projectRoot: props.projectRoot,
      campaignFile: props.campaignFile,
      campaignFileName: props.campaignFileName,
      logRetention: props.logRetention,
      handlerName: 'portal',
      description: 'Web portal: sign-in by mailed link, province submissions and history, the national office\'s day',
      environment: {
        ...props.environment,
        POWERTOOLS_SERVICE_NAME: 'bhxh-portal',
        ...(props.publicUrl ? { BHXH_PORTAL_URL: props.publicUrl } : {}),
      },
      timeout: Duration.seconds(PORTAL_TIMEOUT_SECONDS),
      memorySize: PORTAL_MEMORY_MB,
    });
    // Public on purpose: the portal itself signs people in (single-use mailed links, sessions).
    this.functionUrl = this.function.function.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
    this.url = props.publicUrl ?? this.functionUrl.url;
    this.origin = props.publicUrl ? new URL(props.publicUrl).origin : `https://${Fn.select(2, Fn.split('/', this.functionUrl.url))}`;

    this.grant(props.bucket, props.table, props.provinceListId);
    this.corsWriter = this.allowUploadsFrom(props.bucket.bucket);
  }

  private grant(bucket: ReportBucket, table: ReportTable, provinceListId: string): void {
    const fn = this.function;
    fn.allow(new iam.PolicyStatement({
      sid: 'ReadReportTable',
      // Reports, submissions, contacts, snapshot state, per-date totals, its own tokens and sessions.
      actions: ['dynamodb:GetItem', 'dynamodb:Query'],
      resources: [table.table.tableArn, table.indexArn],
    }));
    fn.allow(new iam.PolicyStatement({
      sid: 'WritePortalItemsOnly',
      actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
      resources: [table.table.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${PORTAL_ITEM_PREFIX}*`] } },
    }));
    // The national office's contacts pages: one conditional update of a province's item (list and record).
    fn.allow(new iam.PolicyStatement({
      sid: 'EditContactsOfTheList',
      actions: ['dynamodb:UpdateItem'],
      resources: [table.table.tableArn],
      conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [contactsPartition(provinceListId)] } },
    }));
    // A presigned POST is the role's own PutObject, narrowed further by the policy it signs; the entry
    // form's file ("Nhập số liệu") is the one object the portal writes itself, under the province's prefix.
    fn.allow(new iam.PolicyStatement({
      sid: 'SignUploads',
      actions: ['s3:PutObject'],
      resources: [bucket.objectsUnder(KEY_PREFIX.incoming)],
    }));
    fn.allow(new iam.PolicyStatement({
      sid: 'SignDownloads',
      actions: ['s3:GetObject'],
      resources: [KEY_PREFIX.incoming, KEY_PREFIX.errors, KEY_PREFIX.summaries].map((p) => bucket.objectsUnder(p)),
    }));
  }

  private allowUploadsFrom(bucket: s3.IBucket): cr.AwsCustomResource {
    const cors = {
      Bucket: bucket.bucketName,
      CORSConfiguration: {
        CORSRules: [{ AllowedOrigins: [this.origin], AllowedMethods: ['POST'], AllowedHeaders: ['*'], MaxAgeSeconds: 3000 }],
      },
    };
    return new cr.AwsCustomResource(this, 'UploadCors', {
      onCreate: { service: 'S3', action: 'putBucketCors', parameters: cors, physicalResourceId: cr.PhysicalResourceId.of(`${bucket.bucketName}-cors`) },
      onUpdate: { service: 'S3', action: 'putBucketCors', parameters: cors, physicalResourceId: cr.PhysicalResourceId.of(`${bucket.bucketName}-cors`) },
      onDelete: { service: 'S3', action: 'deleteBucketCors', parameters: { Bucket: bucket.bucketName } },
      policy: cr.AwsCustomResourcePolicy.fromStatements([new iam.PolicyStatement({
        actions: ['s3:PutBucketCORS'],
        resources: [bucket.bucketArn],
      })]),
      installLatestAwsSdk: false,
    });
  }
}

/** Acknowledges the findings on aws-cdk-lib's AwsCustomResource singleton (deploy-time only). */
export function acknowledgeCustomResourceProvider(scope: Construct): void {
  acknowledge(scope, ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]'],
    'aws-cdk-lib\'s AwsCustomResource provider (runs only during deployment, to write the bucket\'s CORS rule) has a fixed role with '
    + 'AWSLambdaBasicExecutionRole, which only lets it write its own logs.');
  acknowledge(scope, ['AwsSolutions-L1'],
    'aws-cdk-lib pins the runtime of its AwsCustomResource provider; it runs only during deployment and handles no user input.');
}
