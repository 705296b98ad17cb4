// Who may upload what: attribute-based access control with one principal tag.
// A province's principal carries the tag bhxh-province=<2-digit code>. The group policy allows
// s3:PutObject only on incoming/${aws:PrincipalTag/bhxh-province}/*, and only for a tag value that is
// a province code of the campaign; nothing else is granted (no read, no list). The bucket policy backs
// this up with a deny: a tagged principal can do nothing but write, whatever else someone attaches to
// it later.
// By default one IAM user per campaign province is created (tagged, in the group, without keys: the
// operator creates the access key and hands it over, docs/deploy.md). With bhxh:provinceUsers=false,
// bring your own principals (federated roles with the session tag, IAM Identity Center…) and attach
// the managed policy.
import { Stack, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge, arnInFinding } from '../nag.ts';
import { KEY_PREFIX } from './report-bucket.ts';

export const PROVINCE_TAG_KEY = 'bhxh-province';
const PROVINCE_TAG = `\${aws:PrincipalTag/${PROVINCE_TAG_KEY}}`;

export interface ProvinceUploadAccessProps {
  bucket: s3.IBucket;
  /** The campaign's province codes: the only tag values that grant anything. */
  provinceCodes: readonly string[];
  createUsers: boolean;
}

export class ProvinceUploadAccess extends Construct {
  readonly policy: iam.ManagedPolicy;
  readonly group: iam.Group;
  readonly users = new Map<string, iam.User>();

  constructor(scope: Construct, id: string, props: ProvinceUploadAccessProps) {
    super(scope, id);
    const ownPrefix = props.bucket.arnForObjects(`${KEY_PREFIX.incoming}${PROVINCE_TAG}/*`);
    const knownProvince = { [`aws:PrincipalTag/${PROVINCE_TAG_KEY}`]: [...props.provinceCodes] };

    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      description: 'A province uploads its daily report under incoming/<its code>/ and can read nothing',
      statements: [new iam.PolicyStatement({
        sid: 'UploadUnderOwnProvincePrefix',
        // AbortMultipartUpload: the AWS CLI switches to multipart for large files and cleans up after itself.
        actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
        resources: [ownPrefix],
        conditions: { StringEquals: knownProvince },
      })],
    });
    acknowledge(this.policy, [`AwsSolutions-IAM5[Resource::${arnInFinding(props.bucket)}/${KEY_PREFIX.incoming}<aws:PrincipalTag/${PROVINCE_TAG_KEY}>/*]`],
      'Object keys are chosen by the province at upload time; the wildcard is confined to incoming/<the caller\'s own province tag>/, '
      + 'and only for tag values that are province codes of the campaign.');

    this.group = new iam.Group(this, 'Group', { managedPolicies: [this.policy] });

    // The bucket's side: a tagged principal may do nothing but write, whatever else is ever attached
    // to it. (Where it may write is the identity policy's Resource above; AWS documents policy
    // variables in Resource, not in NotResource, so the bucket policy does not repeat the prefix.)
    props.bucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'ProvincesWriteOnly',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      notActions: ['s3:PutObject', 's3:AbortMultipartUpload'],
      resources: [props.bucket.bucketArn, props.bucket.arnForObjects('*')],
      conditions: { Null: { [`aws:PrincipalTag/${PROVINCE_TAG_KEY}`]: 'false' } },
    }));

    if (props.createUsers) {
      const stackName = Stack.of(this).stackName;
      for (const code of props.provinceCodes) {
        const user = new iam.User(this, `Province${code}`, {
          userName: `${stackName}-province-${code}`,
          groups: [this.group],
        });
        Tags.of(user).add(PROVINCE_TAG_KEY, code);
        this.users.set(code, user);
      }
    }
  }
}
