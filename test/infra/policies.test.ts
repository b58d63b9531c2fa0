/**
 * The stack's policies evaluated for the principals that use them (@cloud-copilot/iam-simulate
 * on the synthesized template, its intrinsics resolved for one account and region), not
 * compared as text: what AWS would allow or deny once deployed.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { describe, expect, test, vi } from 'vitest';
import { arnsIn, identityPoliciesOf, resolveIntrinsics } from '../support/template-values.ts';
import { synthesize } from './synth.ts';

vi.setConfig({ testTimeout: 120_000 });

const account = '111122223333';
const region = 'eu-west-1';
const deployment = arnsIn(account, region);

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

describe.each([
  ['dev', {}],
  [
    'prod',
    {
      stage: 'prod',
      linkBaseUrl: 'https://app.locks.test/invitations/accept',
      emailFrom: 'Invitations <invitations@locks.test>',
    },
  ],
])('%s', (_stage, context) => {
  const { template } = synthesize({ alarmEmail: 'oncall@locks.test', ...context });
  const resources = template.toJSON().Resources as Resources;
  const resolved = (value: unknown) => resolveIntrinsics(value, deployment, resources);

  test('CloudWatch may publish an alarm of this account to the alarm topic; nobody else may', async () => {
    const [topicId] =
      Object.entries(resources).find(
        ([id, resource]) => resource.Type === 'AWS::SNS::Topic' && id.includes('AlarmTopic'),
      ) ?? [];
    expect(topicId).toBeDefined();
    const topicArn = deployment.arnOf(topicId ?? '', 'AWS::SNS::Topic');
    const policies = Object.values(resources).filter(
      (resource) =>
        resource.Type === 'AWS::SNS::TopicPolicy' &&
        JSON.stringify(resource.Properties.Topics).includes(topicId ?? ''),
    );
    expect(policies).toHaveLength(1);
    const resourcePolicy = resolved(policies[0]?.Properties.PolicyDocument);
    const publish = async (sourceAccount: string, secure = 'true') => {
      const response = await runSimulation(
        {
          request: {
            principal: 'cloudwatch.amazonaws.com',
            action: 'sns:Publish',
            resource: { accountId: account, resource: topicArn },
            contextVariables: {
              'aws:SourceAccount': sourceAccount,
              'aws:SourceArn': `arn:aws:cloudwatch:${region}:${sourceAccount}:alarm:Api5xxRate`,
              'aws:SecureTransport': secure,
            },
          },
          identityPolicies: [],
          serviceControlPolicies: [],
          resourceControlPolicies: [],
          // biome-ignore lint/suspicious/noExplicitAny: a resolved template policy document.
          resourcePolicy: resourcePolicy as any,
        },
        {},
      );
      if (response.resultType === 'error') throw new Error(JSON.stringify(response.errors));
      return response.overallResult;
    };
    expect(await publish(account)).toBe('Allowed');
    expect(await publish('444455556666')).not.toBe('Allowed');
    expect(await publish(account, 'false')).not.toBe('Allowed');
  });

  /** The function whose logical id starts with `prefix`. */
  const functionOf = (prefix: string) => {
    const found = Object.entries(resources).find(
      ([id, resource]) => resource.Type === 'AWS::Lambda::Function' && id.startsWith(prefix),
    );
    if (!found) throw new Error(`no function ${prefix}`);
    return found[1].Properties as { Environment: { Variables: Record<string, unknown> } };
  };
  const environmentOf = (prefix: string) => functionOf(prefix).Environment.Variables;
  const secretArn = (prefix: string) =>
    deployment.arnOf(
      Object.keys(resources).find((id) => id.startsWith(prefix)) ?? '',
      'AWS::SecretsManager::Secret',
    );
  const mayRead = async (functionPrefix: string, secret: string) => {
    const response = await runSimulation(
      {
        request: {
          principal: `arn:aws:iam::${account}:role/${functionPrefix}Role`,
          action: 'secretsmanager:GetSecretValue',
          resource: { accountId: account, resource: secret },
          contextVariables: {},
        },
        identityPolicies: identityPoliciesOf(resources, functionPrefix, resolved),
        serviceControlPolicies: [],
        resourceControlPolicies: [],
      },
      {},
    );
    if (response.resultType === 'error') throw new Error(JSON.stringify(response.errors));
    return response.overallResult;
  };

  test.each([
    ['listinvitations', 'LIST_CURSOR_KEY_SECRET_ARN', 'ListCursorKey', 'UserIdKey'],
    ['createinvitation', 'USER_ID_KEY_SECRET_ARN', 'UserIdKey', 'ListCursorKey'],
  ])(
    '%s reads the secret its environment names, and no other',
    async (fn, variable, own, other) => {
      expect(resolved(environmentOf(fn)[variable])).toBe(secretArn(own));
      expect(await mayRead(fn, secretArn(own))).toBe('Allowed');
      expect(await mayRead(fn, secretArn(other))).not.toBe('Allowed');
      // The key itself is in no function's configuration.
      expect(JSON.stringify(environmentOf(fn))).not.toMatch(/SecretString|resolve:secretsmanager/);
    },
  );
  test('no other function may read either key', async () => {
    for (const fn of ['updateinvitation', 'getinvitation', 'sendinvitation', 'authorizer']) {
      for (const key of ['ListCursorKey', 'UserIdKey']) {
        expect(await mayRead(fn, secretArn(key)), `${fn} ${key}`).not.toBe('Allowed');
      }
    }
  });
});
