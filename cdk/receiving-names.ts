// The names of what the receiving-region stack creates, chosen here rather than generated, so that
// the main stack can name them too (its queue subscribes to the topic, mail-intake reads the bucket)
// without a CDK cross-region reference: neither stack exports anything, and no custom resource copies
// values between regions. Both stacks are in the same account (one CLI profile deploys both).
import { Arn, ArnFormat, Aws, type Stack } from 'aws-cdk-lib';

export interface ReceivingNames {
  /** The main stack's region, where mail-intake runs. */
  mainRegion: string;
  /** Where SES receives the submission address's mail. */
  region: string;
  stackName: string;
  bucketName: string;
  topicName: string;
  ruleSetName: string;
  ruleName: string;
  /** Notifications SNS could not deliver to the main region's mail queue. */
  deadLetterQueueName: string;
}

/** The receiving stack's names, from the main stack's name (at most 40 characters of it are used). */
export function receivingNames(mainStackName: string, mainRegion: string, region: string): ReceivingNames {
  const base = mainStackName.slice(0, 40);
  // S3: 3-63 lowercase letters, digits and hyphens, globally unique: the account and region make it so.
  const bucketBase = base.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 24).replace(/-+$/, '');
  return {
    mainRegion,
    region,
    stackName: `${base}MailReceiving`,
    bucketName: `${bucketBase}-mail-${Aws.ACCOUNT_ID}-${region}`,
    topicName: `${base}-mail-received`,
    ruleSetName: `${base}-submission`,
    ruleName: 'StoreSubmission',
    deadLetterQueueName: `${base}-mail-received-dlq`,
  };
}

/** The ARNs of those resources, as `stack` (either one: same account and partition) writes them. */
export function receivingArns(stack: Stack, names: ReceivingNames) {
  const inRegion = (service: string, resource: string) =>
    Arn.format({ service, region: names.region, resource, arnFormat: ArnFormat.NO_RESOURCE_NAME }, stack);
  return {
    bucket: Arn.format({ service: 's3', region: '', account: '', resource: names.bucketName, arnFormat: ArnFormat.NO_RESOURCE_NAME }, stack),
    topic: inRegion('sns', names.topicName),
    deadLetterQueue: inRegion('sqs', names.deadLetterQueueName),
    /** What SES names as aws:SourceArn when the rule writes to the bucket. */
    rule: inRegion('ses', `receipt-rule-set/${names.ruleSetName}:receipt-rule/${names.ruleName}`),
  };
}
