// The main region's end of receiving in another region (cdk/receiving-stack.ts): the mail queue
// subscribes to the receiving region's notification topic (a cross-region SQS subscription, made
// here so the receiving stack needs nothing of this one), and only that topic may send to the queue.
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { receivingArns, type ReceivingNames } from '../receiving-names.ts';

export interface RemoteMailFeedProps {
  names: ReceivingNames;
  /** The mail queue mail-intake consumes. */
  queue: sqs.Queue;
}

export class RemoteMailFeed extends Construct {
  readonly subscription: sns.Subscription;
  readonly arns: ReturnType<typeof receivingArns>;

  constructor(scope: Construct, id: string, props: RemoteMailFeedProps) {
    super(scope, id);
    const { names, queue } = props;
    this.arns = receivingArns(Stack.of(this), names);
    const allowTopic = queue.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'ReceivingRegionTopicDelivers',
      principals: [new iam.ServicePrincipal('sns.amazonaws.com')],
      actions: ['sqs:SendMessage'],
      resources: [queue.queueArn],
      conditions: { ArnEquals: { 'aws:SourceArn': this.arns.topic } },
    }));
    this.subscription = new sns.Subscription(this, 'Subscription', {
      topic: sns.Topic.fromTopicArn(this, 'ReceivedTopic', this.arns.topic),
      protocol: sns.SubscriptionProtocol.SQS,
      endpoint: queue.queueArn,
      // The subscription lives with the topic; its dead-letter queue must be in the topic's region.
      region: names.region,
      deadLetterQueue: sqs.Queue.fromQueueArn(this, 'ReceivedMailDeadLetterQueue', this.arns.deadLetterQueue),
    });
    if (allowTopic.policyDependable) this.subscription.node.addDependency(allowTopic.policyDependable);
  }
}
