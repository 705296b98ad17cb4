// cdk-nag v3 acknowledgements go through CDK's Validations API, one exact finding id at a time
// (e.g. "AwsSolutions-IAM5[Resource::<ReportBucketBucket1234.Arn>/incoming/*]"), never a whole rule.
import { Stack, Token, Validations, type CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** Acknowledges findings on a construct (and the resources under it), with the reviewer's reason. */
export function acknowledge(scope: IConstruct, findingIds: readonly string[], reason: string): void {
  for (const id of findingIds) Validations.of(scope).acknowledge({ id, reason });
}

/** How cdk-nag prints an ARN attribute of a construct's resource in a finding: `<LogicalId.Arn>`. */
export function arnInFinding(construct: IConstruct): string {
  const resource = (construct.node.defaultChild ?? construct) as CfnElement;
  return `<${Stack.of(construct).getLogicalId(resource)}.Arn>`;
}

/** How cdk-nag prints an ARN built with Stack.formatArn: pseudo parameters as <AWS::…> unless the env is concrete. */
export function arnPatternInFinding(stack: Stack, service: string, resource: string): string {
  const pseudo = (value: string, name: string) => (Token.isUnresolved(value) ? `<AWS::${name}>` : value);
  return `arn:${pseudo(stack.partition, 'Partition')}:${service}:${pseudo(stack.region, 'Region')}:${pseudo(stack.account, 'AccountId')}:${resource}`;
}

/** How cdk-nag prints a string built of tokens (Fn::Join of text and Ref/GetAtt) in a finding id. */
export function textInFinding(stack: Stack, value: string): string {
  const render = (v: unknown): string => {
    if (typeof v === 'string') return v;
    const o = v as Record<string, unknown>;
    if ('Ref' in o) return `<${String(o.Ref)}>`;
    if ('Fn::GetAtt' in o) return `<${(o['Fn::GetAtt'] as string[]).join('.')}>`;
    if ('Fn::Join' in o) {
      const [separator, parts] = o['Fn::Join'] as [string, unknown[]];
      return parts.map(render).join(separator);
    }
    throw new Error(`textInFinding: cannot render ${JSON.stringify(v)}`);
  };
  return render(stack.resolve(value));
}
