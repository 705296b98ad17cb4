// Least privilege in the synthesized policies: what each function may do, the per-province upload
// access (shown by evaluating the policies for tagged principals), the national office, SES scoping.
import { describe, expect, it } from 'vitest';
import {
  actionsOf, allStatements, render, resourcesOf, resourcesOfType, roleStatements, synthPipeline, type PolicyStatementJson,
} from './synth.ts';

const { template, stack, config } = synthPipeline();
const logicalId = (construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as never);
const bucketArn = `\${${logicalId(stack.reportBucket.bucket)}.Arn}`;
const tableArn = `\${${logicalId(stack.reportTable.table)}.Arn}`;
const allows = allStatements(template).filter(({ statement }) => statement.Effect === 'Allow');

/** action → resources it is allowed on, for one role's policy. */
function grants(statements: PolicyStatementJson[]): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const statement of statements.filter((s) => s.Effect === 'Allow')) {
    for (const action of actionsOf(statement)) result.set(action, [...(result.get(action) ?? []), ...resourcesOf(statement)]);
  }
  return result;
}

describe('no broad grants anywhere', () => {
  it('no Allow statement grants *, s3:* or dynamodb:*', () => {
    for (const { owner, statement } of allows) {
      for (const action of actionsOf(statement)) {
        expect(['*', 's3:*', 'dynamodb:*'], `${owner} ${statement.Sid ?? ''}`).not.toContain(action);
      }
    }
  });

  it('no identity policy has a wildcard action or a Resource "*"', () => {
    const identityPolicies = allows.filter(({ type, statement }) =>
      (type === 'AWS::IAM::Policy' || type === 'AWS::IAM::ManagedPolicy') && statement.Principal === undefined);
    expect(identityPolicies.length).toBeGreaterThan(10);
    for (const { owner, statement } of identityPolicies) {
      for (const action of actionsOf(statement)) expect(action, owner).not.toContain('*');
      expect(resourcesOf(statement), owner).not.toContain('*');
    }
  });
});

describe('function roles', () => {
  const parser = grants(roleStatements(template, 'ParserRole'));
  const reminder = grants(roleStatements(template, 'ReminderRole'));
  const aggregator = grants(roleStatements(template, 'AggregatorRole'));

  it('parser: reads incoming/, writes errors/, the table, PutEvents on the bus, SES, its queue and logs', () => {
    expect(parser.get('s3:GetObject')).toEqual([`${bucketArn}/incoming/*`]);
    expect(parser.get('s3:GetObjectVersion')).toEqual([`${bucketArn}/incoming/*`]);
    expect(parser.get('s3:PutObject')).toEqual([`${bucketArn}/errors/*`]);
    expect(parser.get('events:PutEvents')).toEqual([`\${${logicalId(stack.eventBus)}.Arn}`]);
    expect(parser.get('dynamodb:PutItem')).toEqual([tableArn]);
    expect(parser.get('dynamodb:Query')).toEqual([tableArn, `${tableArn}/index/gsi1`]);
    expect(parser.has('ses:SendRawEmail')).toBe(true);
    expect(parser.get('sqs:ReceiveMessage')).toEqual([`\${${logicalId(stack.intake.queue)}.Arn}`]);
    expect([...parser.keys()].filter((a) => a.startsWith('s3:')).sort()).toEqual(['s3:GetObject', 's3:GetObjectVersion', 's3:ListBucket', 's3:PutObject']);
  });

  it('reminder: the table, reads summaries/, SES; never writes objects or publishes events', () => {
    expect(reminder.get('s3:GetObject')).toEqual([`${bucketArn}/summaries/*`]);
    expect(reminder.has('s3:PutObject')).toBe(false);
    expect(reminder.has('events:PutEvents')).toBe(false);
    expect(reminder.has('ses:SendRawEmail')).toBe(true);
    expect(reminder.get('dynamodb:UpdateItem')).toEqual([tableArn]);
  });

  it('aggregator: the table, reads and writes summaries/ only; no mail, no events', () => {
    expect(aggregator.get('s3:PutObject')).toEqual([`${bucketArn}/summaries/*`]);
    expect(aggregator.get('s3:GetObject')).toEqual([`${bucketArn}/summaries/*`]);
    expect([...aggregator.keys()].some((a) => a.startsWith('ses:') || a.startsWith('events:'))).toBe(false);
  });

  it('no function may Scan the table (every access pattern is a key lookup or a Query)', () => {
    for (const role of [parser, reminder, aggregator]) expect(role.has('dynamodb:Scan')).toBe(false);
  });

  it('lists only under the prefix a function reads', () => {
    const prefixes = (role: string) => roleStatements(template, role)
      .filter((s) => actionsOf(s).includes('s3:ListBucket'))
      .map((s) => s.Condition);
    expect(prefixes('ParserRole')).toEqual([{ StringLike: { 's3:prefix': ['incoming/*'] } }]);
    expect(prefixes('ReminderRole')).toEqual([{ StringLike: { 's3:prefix': ['summaries/*'] } }]);
  });

  it('SES: sending only as the configured sender identity (address or its domain)', () => {
    const statements = roleStatements(template, 'ParserRole').filter((s) => actionsOf(s).includes('ses:SendRawEmail'));
    const asSender = statements.find((s) => s.Sid === 'SendAsSender')!;
    expect(resourcesOf(asSender)).toEqual([
      'arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/bao-cao@example.gov.vn',
      'arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/example.gov.vn',
    ]);
    // The sandbox statement (default on) authorises recipients' identities, only with this From.
    const sandbox = statements.find((s) => s.Sid === 'SendToVerifiedRecipientsWhileInSandbox')!;
    expect(sandbox.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'bao-cao@example.gov.vn' } });
  });
});

// A minimal IAM evaluator for the statements involved: explicit deny wins, then any allow.
interface Request { action: string; key: string; provinceTag?: string }
const glob = (pattern: string) => new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
function matches(statement: PolicyStatementJson, request: Request): boolean {
  const tagVariable = '${aws:PrincipalTag/bhxh-province}';
  const notActions = statement.NotAction === undefined ? undefined : [statement.NotAction].flat();
  if (notActions ? notActions.some((a) => glob(a).test(request.action)) : !actionsOf(statement).some((a) => glob(a).test(request.action))) return false;
  const resource = request.key === '' ? bucketArn : `${bucketArn}/${request.key}`;
  const substitute = (pattern: string) => (pattern.includes(tagVariable) ? (request.provinceTag === undefined ? undefined : pattern.split(tagVariable).join(request.provinceTag)) : pattern);
  const listed = statement.Resource !== undefined ? resourcesOf(statement) : resourcesOf({ ...statement, Resource: statement.NotResource });
  const hit = listed.map(substitute).some((p) => p !== undefined && glob(p).test(resource));
  if (statement.Resource !== undefined ? !hit : hit) return false;
  for (const [operator, entries] of Object.entries(statement.Condition ?? {})) {
    for (const [key, expected] of Object.entries(entries)) {
      if (key !== 'aws:PrincipalTag/bhxh-province') throw new Error(`evaluator does not know ${key}`);
      if (operator === 'StringEquals' && !(Array.isArray(expected) ? expected : [expected]).includes(request.provinceTag)) return false;
      if (operator === 'Null' && (expected === 'false') !== (request.provinceTag !== undefined)) return false;
    }
  }
  return true;
}

describe('per-province upload access', () => {
  const managedPolicies = resourcesOfType(template, 'AWS::IAM::ManagedPolicy');
  const provincePolicyId = logicalId(stack.provinceAccess.policy);
  const provincePolicy = (managedPolicies.find(([id]) => id === provincePolicyId)![1].Properties!.PolicyDocument as { Statement: PolicyStatementJson[] }).Statement;
  const bucketDenies = allStatements(template)
    .filter(({ type, statement }) => type === 'AWS::S3::BucketPolicy' && statement.Effect === 'Deny' && statement.Condition?.Null)
    .map(({ statement }) => statement);
  const allowed = (request: Request) =>
    !bucketDenies.some((s) => matches(s, request)) && provincePolicy.some((s) => s.Effect === 'Allow' && matches(s, request));

  it('the synthesized policy: PutObject under incoming/${aws:PrincipalTag/bhxh-province}/ for the campaign\'s codes', () => {
    expect(provincePolicy).toHaveLength(1);
    const [statement] = provincePolicy;
    expect(actionsOf(statement!)).toEqual(['s3:PutObject', 's3:AbortMultipartUpload']);
    expect(resourcesOf(statement!)).toEqual([`${bucketArn}/incoming/\${aws:PrincipalTag/bhxh-province}/*`]);
    const codes = config.campaign.provinces.map((p) => p.code);
    expect(codes).toHaveLength(63);
    expect(statement!.Condition).toEqual({ StringEquals: { 'aws:PrincipalTag/bhxh-province': codes } });
  });

  it('province 27 may upload under incoming/27/ and nowhere else', () => {
    expect(allowed({ action: 's3:PutObject', key: 'incoming/27/bao-cao-2023-12-11.xlsx', provinceTag: '27' })).toBe(true);
    expect(allowed({ action: 's3:PutObject', key: 'incoming/01/bao-cao.xlsx', provinceTag: '27' })).toBe(false);
    expect(allowed({ action: 's3:PutObject', key: 'incoming/27', provinceTag: '27' })).toBe(false);
    expect(allowed({ action: 's3:PutObject', key: 'summaries/latest/tong-hop-toan-quoc.xlsx', provinceTag: '27' })).toBe(false);
    expect(allowed({ action: 's3:PutObject', key: 'errors/27/x.json', provinceTag: '27' })).toBe(false);
  });

  it('a province reads nothing, not even its own uploads', () => {
    for (const key of ['incoming/27/bao-cao.xlsx', 'summaries/latest/tong-hop-toan-quoc.xlsx', 'errors/27/x.json']) {
      expect(allowed({ action: 's3:GetObject', key, provinceTag: '27' })).toBe(false);
    }
    expect(provincePolicy.flatMap(actionsOf).some((a) => a.startsWith('s3:Get') || a.startsWith('s3:List'))).toBe(false);
  });

  it('a tag that is not a campaign province code, or no tag, grants nothing', () => {
    expect(allowed({ action: 's3:PutObject', key: 'incoming/99/x.xlsx', provinceTag: '99' })).toBe(false);
    expect(allowed({ action: 's3:PutObject', key: 'incoming/*/x.xlsx', provinceTag: '*' })).toBe(false);
    expect(allowed({ action: 's3:PutObject', key: 'incoming/27/x.xlsx' })).toBe(false);
  });

  it('the bucket policy denies a tagged principal anything but writing, whatever else it is granted', () => {
    const [deny] = bucketDenies;
    expect(deny).toMatchObject({
      Effect: 'Deny', Principal: { AWS: '*' }, NotAction: ['s3:PutObject', 's3:AbortMultipartUpload'],
      Condition: { Null: { 'aws:PrincipalTag/bhxh-province': 'false' } },
    });
    expect(resourcesOf(deny!)).toEqual([bucketArn, `${bucketArn}/*`]);
    for (const action of ['s3:GetObject', 's3:GetObjectVersion', 's3:DeleteObject', 's3:PutObjectAcl']) {
      expect(matches(deny!, { action, key: 'incoming/27/a.xlsx', provinceTag: '27' }), action).toBe(true);
    }
    expect(matches(deny!, { action: 's3:ListBucket', key: '', provinceTag: '27' })).toBe(true);
    expect(matches(deny!, { action: 's3:PutObject', key: 'incoming/27/a.xlsx', provinceTag: '27' })).toBe(false);
    // Untagged principals (the Lambdas, the national office) are not concerned.
    expect(matches(deny!, { action: 's3:GetObject', key: 'summaries/latest/a.xlsx' })).toBe(false);
  });

  it('none by default (provinces submit through the portal); with bhxh:provinceUsers=true one IAM user per province, tagged with its code, in the uploaders group', () => {
    expect(resourcesOfType(template, 'AWS::IAM::User')).toHaveLength(0);
    const withUsers = synthPipeline({ context: { 'bhxh:provinceUsers': 'true' } });
    const users = resourcesOfType(withUsers.template, 'AWS::IAM::User');
    expect(users).toHaveLength(63);
    const groupRef = { Ref: logicalId(stack.provinceAccess.group) };
    const user27 = users.find(([, u]) => u.Properties!.UserName === 'BhxhReportPipeline-province-27')![1];
    expect(user27.Properties).toMatchObject({ Groups: [groupRef], Tags: expect.arrayContaining([{ Key: 'bhxh-province', Value: '27' }]) as unknown });
    expect(user27.Properties!.Policies).toBeUndefined();
    withUsers.template.hasResourceProperties('AWS::IAM::Group', { ManagedPolicyArns: [{ Ref: provincePolicyId }] });
  });
});

describe('portal', () => {
  const portal = grants(roleStatements(template, 'PortalRole'));
  const statements = roleStatements(template, 'PortalRole');

  it('reads the table (no Scan) and writes only its own items (leading key PORTAL#) and the campaign list\'s contacts (update only)', () => {
    expect(portal.get('dynamodb:Query')).toEqual([tableArn, `${tableArn}/index/gsi1`]);
    expect(portal.has('dynamodb:Scan')).toBe(false);
    const writes = statements.filter((s) => actionsOf(s).some((a) => /^dynamodb:(Put|Update|Delete)/.test(a)));
    expect(writes).toHaveLength(2);
    expect(writes[0]!.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['PORTAL#*'] } });
    expect(actionsOf(writes[1]!)).toEqual(['dynamodb:UpdateItem']);
    expect(writes[1]!.Condition).toEqual({ 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['CONTACTS#vn-63-provinces'] } });
  });

  it('signs uploads under incoming/ only, downloads of incoming/, errors/ and summaries/; mails as the sender; nothing else', () => {
    expect(portal.get('s3:PutObject')).toEqual([`${bucketArn}/incoming/*`]);
    expect(portal.get('s3:GetObject')).toEqual([`${bucketArn}/incoming/*`, `${bucketArn}/errors/*`, `${bucketArn}/summaries/*`]);
    expect(portal.has('ses:SendRawEmail')).toBe(true);
    expect([...portal.keys()].filter((a) => !/^(dynamodb|s3|ses|logs):/.test(a))).toEqual([]);
    expect(portal.has('events:PutEvents')).toBe(false);
  });

  it('is served by a function URL (the portal signs people in itself) whose URL is an output and in the mails', () => {
    template.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'NONE' });
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(JSON.stringify(outputs.PortalUrl!.Value)).toContain('FunctionUrl');
    for (const fn of [stack.parser, stack.reminder]) {
      const resources = (template.toJSON() as { Resources: Record<string, { Properties: { Environment: { Variables: Record<string, unknown> } } }> }).Resources;
      const env = resources[logicalId(fn.function)]!.Properties.Environment.Variables;
      expect(JSON.stringify(env.BHXH_PORTAL_URL)).toContain('FunctionUrl');
    }
  });

  it('the bucket allows browser POSTs from the portal\'s origin only, set after both exist (no dependency cycle)', () => {
    const writer = resourcesOfType(template, 'Custom::AWS')[0]![1];
    const create = render(writer.Properties!.Create);
    expect(create).toContain('"action":"putBucketCors"');
    expect(create).toContain('"AllowedMethods":["POST"]');
    expect(create).toMatch(/"AllowedOrigins":\["https:\/\/.*FunctionUrl/);
    const bucket = (template.toJSON() as { Resources: Record<string, { Properties: Record<string, unknown> }> }).Resources[logicalId(stack.reportBucket.bucket)]!.Properties;
    expect(bucket.CorsConfiguration).toBeUndefined();
  });

  it('with bhxh:portalUrl (a domain in front) the mails, the CORS origin and the output use that URL', () => {
    const custom = synthPipeline({ context: { 'bhxh:portalUrl': 'https://baocao.bhxh.gov.vn' } });
    const outputs = custom.template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(outputs.PortalUrl!.Value).toBe('https://baocao.bhxh.gov.vn');
    const writer = resourcesOfType(custom.template, 'Custom::AWS')[0]![1];
    expect(render(writer.Properties!.Create)).toContain('"AllowedOrigins":["https://baocao.bhxh.gov.vn"]');
  });
});

describe('national office', () => {
  const policyId = logicalId(stack.nationalOfficeAccess.policy);
  const statements = allows.filter(({ owner }) => owner === policyId).map(({ statement }) => statement);
  const national = grants(statements);

  it('reads summaries/ and lists only that prefix', () => {
    expect(national.get('s3:GetObject')).toEqual([`${bucketArn}/summaries/*`]);
    expect(statements.find((s) => actionsOf(s).includes('s3:ListBucket'))!.Condition).toEqual({ StringLike: { 's3:prefix': ['summaries/*'] } });
    expect([...national.keys()].filter((a) => a.startsWith('s3:')).sort()).toEqual(['s3:GetObject', 's3:ListBucket']);
  });

  it('runs the CLI: this stack\'s outputs, queries on the table, writes to contact items only', () => {
    expect(national.get('cloudformation:DescribeStacks')).toEqual(['${AWS::StackId}']);
    expect(national.get('dynamodb:Query')).toEqual([tableArn, `${tableArn}/index/gsi1`]);
    expect(national.has('dynamodb:Scan')).toBe(false);
    const writes = statements.filter((s) => actionsOf(s).some((a) => /^dynamodb:(Put|Update|Delete|BatchWrite)/.test(a)));
    expect(writes).toHaveLength(1);
    expect(resourcesOf(writes[0]!)).toEqual([tableArn]);
    expect(writes[0]!.Condition).toEqual({ 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['CONTACTS#vn-63-provinces'] } });
  });

  it('cannot upload, mail, or publish events', () => {
    expect([...national.keys()].filter((a) => ['s3:PutObject', 'ses:SendRawEmail', 'ses:SendEmail', 'events:PutEvents'].includes(a))).toEqual([]);
  });
});

describe('after leaving the SES sandbox (bhxh:sesSandbox=false)', () => {
  it('SES permissions are the sender identity only', () => {
    const production = synthPipeline({ context: { 'bhxh:sesSandbox': 'false', 'bhxh:provinceUsers': 'false' } });
    for (const role of ['ParserRole', 'ReminderRole']) {
      const ses = roleStatements(production.template, role).filter((s) => actionsOf(s).some((a) => a.startsWith('ses:')));
      expect(ses.flatMap(resourcesOf)).toEqual([
        'arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/bao-cao@example.gov.vn',
        'arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/example.gov.vn',
      ]);
    }
    // bhxh:provinceUsers=false: the policy and group stay, the users are brought by the operator.
    production.template.resourceCountIs('AWS::IAM::User', 0);
    production.template.resourceCountIs('AWS::IAM::Group', 2);
  });
});
