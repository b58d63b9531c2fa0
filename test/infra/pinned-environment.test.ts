/**
 * `-c account=... -c region=...` (docs/deploying.md) pins the stacks to an environment:
 * every stage and documented variant still synthesizes, cdk-nag and cfn-guard clean (the
 * acknowledgements must name the resolved region and account, not their placeholders).
 */
import { expect, test, vi } from 'vitest';
import { synthesize } from './synth.ts';

vi.setConfig({ testTimeout: 180_000 });

const pinned = { account: '111122223333', region: 'eu-west-1' };
const prod = {
  stage: 'prod',
  linkBaseUrl: 'https://app.locks.test/invitations/accept',
  emailFrom: 'Invitations <invitations@locks.test>',
};

test.each([
  ['dev', {}],
  ['prod', prod],
  ['prod with the accept page', { ...prod, linkBaseUrl: undefined, acceptPage: 'true' }],
  ['dev with WAF', { waf: 'true' }],
  ['dev with KMS-encrypted logs', { logsKmsKey: 'true' }],
  [
    'dev with a webhook',
    {
      webhooks: JSON.stringify([
        {
          name: 'crm',
          url: 'https://crm.locks.test/hooks/invitations',
          secretName: 'crm-hook-key',
        },
      ]),
    },
  ],
  [
    'dev with a custom domain',
    {
      domainName: 'invitations.locks.test',
      certificateArn: `arn:aws:acm:eu-west-1:111122223333:certificate/0a1b2c3d-1111-2222-3333-444455556666`,
    },
  ],
])('%s synthesizes pinned to an account and region', (_, context) => {
  const { stack } = synthesize({ ...context, ...pinned });
  expect(stack.account).toBe(pinned.account);
  expect(stack.region).toBe(pinned.region);
});

test('the same stage in two regions of one account names no account-wide resource alike', () => {
  // CloudFront's policies and origin access controls are named per account, not per region.
  const accountWide = [
    ['AWS::CloudFront::ResponseHeadersPolicy', 'ResponseHeadersPolicyConfig'],
    ['AWS::CloudFront::OriginAccessControl', 'OriginAccessControlConfig'],
  ] as const;
  const namesIn = (region: string) => {
    const { template } = synthesize({
      ...prod,
      linkBaseUrl: undefined,
      acceptPage: 'true',
      account: pinned.account,
      region,
    });
    return accountWide.flatMap(([type, config]) =>
      Object.values(
        template.findResources(type) as Record<
          string,
          { Properties: Record<string, { Name: string }> }
        >,
      ).map((resource) => resource.Properties[config]?.Name),
    );
  };
  const first = namesIn('eu-west-1');
  const second = namesIn('us-east-1');
  expect(first).toHaveLength(2);
  for (const name of second) expect(first).not.toContain(name);
});
