// cdk-nag's AwsSolutions pack over the whole app: no unacknowledged finding, and every
// acknowledgement carries a reason. Checked environment-agnostic (plain synth) and with a concrete
// account/region (what the CLI passes from a profile), since some finding ids embed the region.
import { describe, expect, it } from 'vitest';
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { synthPipeline } from './synth.ts';

function acknowledgements(root: IConstruct): Array<{ path: string; id: string; reason: string }> {
  return root.node.findAll().flatMap((construct) => construct.node.metadata
    .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((entry) => Object.entries(entry.data as Record<string, string>)
      // CDK stores the id qualified ("Annotation::AwsSolutions-S1"); cdk-nag compares the bare id.
      .map(([id, reason]) => ({ path: construct.node.path, id: id.replace(/^\w+::/, ''), reason }))));
}

describe.each([
  ['environment-agnostic', undefined],
  ['with an account and region', { account: '123456789012', region: 'ap-southeast-1' }],
])('AwsSolutions checks, %s', (_label, env) => {
  const { app } = synthPipeline(env ? { env } : {});
  const report = new AwsSolutionsChecks(app).validateScope(app);

  it('report no unacknowledged finding', () => {
    const findings = report.violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
    expect(findings).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('every acknowledgement names one exact finding and says why', () => {
    const acks = acknowledgements(app).filter((a) => a.id.includes('AwsSolutions-'));
    expect(acks.length).toBeGreaterThan(5);
    for (const ack of acks) {
      expect(ack.id, ack.path).toMatch(/^AwsSolutions-[A-Z0-9]+(\[[^\]]+\])?$/);
      expect(ack.reason.length, `${ack.path} ${ack.id}`).toBeGreaterThanOrEqual(60);
    }
    // Wildcard acknowledgements are per resource pattern, never the whole IAM5 rule.
    expect(acks.filter((a) => a.id === 'AwsSolutions-IAM5')).toEqual([]);
  });
});
