/**
 * Every configuration the docs offer synthesizes with nothing unacknowledged:
 *
 * - cdk-nag (AWS Solutions) and cfn-guard (the Control Tower rules): a scan costs seconds a
 *   synth, so two cover every path between them, each in a process of its own while the
 *   other tests here run: dev with every setting that adds resources (the accept page, WAF,
 *   a webhook) and the default log groups, and prod (WAF, CodeDeploy, retained data) with
 *   its log groups under a KMS key. The other infra tests synthesize without cfn-guard.
 * - `-c account=... -c region=...` (docs/deploying.md) pins the stacks to an environment:
 *   every stage and documented variant still synthesizes, cdk-nag clean (the
 *   acknowledgements must name the resolved region and account, not their placeholders).
 *
 * All its tests are concurrent: the synchronous synths run while the scans' processes work.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, test, vi } from 'vitest';
import { synthesize } from './synth.ts';

vi.setConfig({ testTimeout: 180_000 });

const pinned = { account: '111122223333', region: 'eu-west-1' };
const prod = {
  stage: 'prod',
  linkBaseUrl: 'https://app.locks.test/invitations/accept',
  emailFrom: 'Invitations <invitations@locks.test>',
};

test.concurrent.each([
  [
    'dev with the accept page, WAF and a webhook',
    {
      acceptPage: 'true',
      waf: 'true',
      webhooks: JSON.stringify([
        { name: 'crm', url: 'https://crm.locks.test/hooks/invitations', secretName: 'crm-key' },
      ]),
    },
  ],
  ['prod with a logs key', { ...prod, logsKmsKey: 'true' }],
])('%s, pinned: cdk-nag and cfn-guard find nothing unacknowledged', async (_, context) => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['test/support/compliance-scan.ts', JSON.stringify({ ...context, ...pinned })],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const { plugins, findings } = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as {
    plugins: string[];
    findings: unknown[];
  };
  expect(plugins).toContain('cdk-validator-cfnguard');
  expect(findings).toEqual([]);
});

test.concurrent.each([
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
])('%s synthesizes pinned to an account and region', async (_, context) => {
  const { stack } = synthesize({ ...context, ...pinned });
  expect(stack.account).toBe(pinned.account);
  expect(stack.region).toBe(pinned.region);
});

test.concurrent('the same stage in two regions of one account names no account-wide resource alike', async () => {
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
