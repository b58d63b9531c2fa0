/**
 * The app's stacks, as `cdk synth` and the tests build them: the stage's stack and, unless
 * the account has one already, API Gateway's account-level logging role, deployed first.
 */

import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { type App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { ApiGatewayAccountStack } from './api-gateway-account-stack.ts';
import { ApiStack } from './api-stack.ts';
import { routes } from './routes.ts';
import { readStackSettings } from './settings.ts';

/**
 * `controlTowerChecks: false` leaves out the cfn-guard scan (about 9 s a synthesis); only
 * tests that synthesize a variant to read one property pass it, never `cdk synth`.
 */
export function addStacks(app: App, { controlTowerChecks = true } = {}) {
  const settings = readStackSettings(app.node);
  const account = app.node.tryGetContext('account') as string | undefined;
  const region = app.node.tryGetContext('region') as string | undefined;
  // Environment-agnostic unless the user pins one (-c account=... -c region=...).
  const env = account || region ? { env: { account, region } } : {};

  const apiStack = new ApiStack(app, `InvitationsApi-${settings.stage}`, {
    settings,
    description: `Invitations API (${settings.stage}): ${routes.map((route) => `${route.method} ${route.path}`).join(', ')}`,
    terminationProtection: settings.stage === 'prod',
    ...env,
  });
  const accountStack =
    app.node.tryGetContext('apiGatewayCloudWatchRole') === 'existing'
      ? undefined
      : new ApiGatewayAccountStack(app, 'InvitationsApi-account', {
          description: "API Gateway's CloudWatch role for this account and region",
          ...env,
        });
  // `cdk deploy InvitationsApi-dev` deploys it first; `cdk destroy` of a stage leaves it.
  if (accountStack) apiStack.addStackDependency(accountStack);

  // cdk-nag's AwsSolutions and Serverless packs: an unacknowledged finding fails the synth.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  if (controlTowerChecks) {
    // AWS Control Tower's proactive controls (cfn-guard, shipped in the npm package).
    Validations.of(app).addPlugins(
      new CfnGuardValidator({
        controlTowerRulesEnabled: true,
        disabledRules: [
          // The functions reach only DynamoDB, SES and SNS, over AWS's public endpoints with
          // IAM; a VPC would add NAT or endpoint costs and cold-start time, and protect nothing.
          'ct-lambda-pr-3',
        ],
      }),
    );
  }
  Tags.of(app).add('project', 'invitations-api');
  Tags.of(apiStack).add('stage', settings.stage);
  return { settings, apiStack, accountStack };
}
