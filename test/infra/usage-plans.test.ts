/**
 * Fair shares as a deployment would have them: from the synthesized template, the key the
 * authorizer falls back to followed to its usage plan and the API's stage, the methods that
 * count against a key, the organizations' plan; and the local gateway's limits checked
 * against the template's, so that what `npm start` throttles is what API Gateway would.
 */
import { describe, expect, test, vi } from 'vitest';
import { routes } from '../../infra/routes.ts';
import { defaultThrottling } from '../../infra/throttling.ts';
import { arnsIn, resolveIntrinsics } from '../support/template-values.ts';
import { synthesize } from './synth.ts';

vi.setConfig({ testTimeout: 120_000 });

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;
const deployment = arnsIn('111122223333', 'eu-west-1');

describe.each([
  ['dev', {}],
  [
    'prod',
    {
      stage: 'prod',
      linkBaseUrl: 'https://app.shares.test/invitations/accept',
      emailFrom: 'Invitations <invitations@shares.test>',
    },
  ],
])('%s', (_stage, context) => {
  const { template } = synthesize(context);
  const json = template.toJSON() as { Resources: Resources; Outputs: Record<string, unknown> };
  const resources = json.Resources;
  const resolved = (value: unknown) => resolveIntrinsics(value, deployment, resources);
  const ofType = (type: string) =>
    Object.entries(resources).filter(([, resource]) => resource.Type === type);
  const [[apiId] = []] = ofType('AWS::ApiGateway::RestApi');
  const [[stageId, stage] = []] = ofType('AWS::ApiGateway::Stage');
  const plans = ofType('AWS::ApiGateway::UsagePlan');
  /** Does the plan cover this API's deployed stage? */
  const coversTheStage = (plan: Resources[string]) =>
    (plan.Properties.ApiStages as { ApiId: unknown; Stage: unknown }[]).some(
      (apiStage) =>
        JSON.stringify(apiStage.ApiId) === JSON.stringify({ Ref: apiId }) &&
        JSON.stringify(apiStage.Stage) === JSON.stringify({ Ref: stageId }),
    );

  test('the API takes usage plan keys from the authorizer, never from a header a caller sends', () => {
    expect(resources[apiId ?? '']?.Properties.ApiKeySourceType).toBe('AUTHORIZER');
  });

  test('every method behind the authorizer counts against a key; the invitee routes (no credential) against none', () => {
    const methods = ofType('AWS::ApiGateway::Method').filter(
      ([, method]) => method.Properties.HttpMethod !== 'OPTIONS',
    );
    expect(methods).toHaveLength(routes.length);
    for (const [id, method] of methods) {
      const authorized = method.Properties.AuthorizationType === 'CUSTOM';
      expect(method.Properties.ApiKeyRequired ?? false, id).toBe(authorized);
    }
  });

  test("the authorizer's fallback key is a key of a plan of this stage that adds no limits of its own", () => {
    const [, authorizer] =
      ofType('AWS::Lambda::Function').find(([id]) => id.startsWith('authorizer')) ?? [];
    const environment = authorizer?.Properties.Environment as
      | { Variables: Record<string, unknown> }
      | undefined;
    const fallback = resolved(environment?.Variables.SHARED_USAGE_KEY);
    expect(fallback).toMatch(/^.{20,}$/);

    const [keyId] =
      ofType('AWS::ApiGateway::ApiKey').find(
        ([, key]) => resolved(key.Properties.Value) === fallback,
      ) ?? [];
    expect(keyId).toBeDefined();
    const [, link] =
      ofType('AWS::ApiGateway::UsagePlanKey').find(
        ([, planKey]) =>
          JSON.stringify(planKey.Properties.KeyId) === JSON.stringify({ Ref: keyId }),
      ) ?? [];
    const planId = (link?.Properties.UsagePlanId as { Ref: string } | undefined)?.Ref;
    const plan = resources[planId ?? ''];
    expect(plan && coversTheStage(plan)).toBe(true);
    expect(plan?.Properties.Throttle).toBeUndefined();
    expect(plan?.Properties.Quota).toBeUndefined();
  });

  test("the organizations' plan: each key its share, on this stage; its id is the output the credentials CLI takes", () => {
    const outputs = json.Outputs as Record<string, { Value: { Ref: string } }>;
    const planId = outputs.OrganizationsUsagePlanId?.Value.Ref ?? '';
    const plan = resources[planId];
    expect(plan?.Type).toBe('AWS::ApiGateway::UsagePlan');
    expect(plan && coversTheStage(plan)).toBe(true);
    expect(plan?.Properties.Throttle).toEqual({
      RateLimit: defaultThrottling.perOrganization.rateLimit,
      BurstLimit: defaultThrottling.perOrganization.burstLimit,
    });
    expect(plans).toHaveLength(2);
  });

  test("the local gateway's limits are the template's: each method's, the invitee routes', each organization's", () => {
    const settings = stage?.Properties.MethodSettings as {
      ResourcePath: string;
      HttpMethod: string;
      ThrottlingRateLimit?: number;
      ThrottlingBurstLimit?: number;
    }[];
    const limitsOf = (resourcePath: string, httpMethod: string) => {
      const setting = settings.find(
        (each) => each.ResourcePath === resourcePath && each.HttpMethod === httpMethod,
      );
      return { rateLimit: setting?.ThrottlingRateLimit, burstLimit: setting?.ThrottlingBurstLimit };
    };
    expect(limitsOf('/*', '*')).toEqual(defaultThrottling.stage);
    const own = routes.filter((route) => route.throttling !== undefined);
    expect(own.length).toBeGreaterThan(0);
    for (const route of own) {
      // API Gateway's method path: the resource path's slashes escaped as ~1, after a slash.
      expect(limitsOf(`/${route.path.replaceAll('/', '~1')}`, route.method)).toEqual(
        route.throttling,
      );
    }
  });
});
