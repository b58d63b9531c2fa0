/**
 * The CDK app: `npx cdk deploy` (dev) or `npx cdk deploy -c stage=prod`.
 * cdk-nag's AwsSolutions and Serverless packs check every synth; an unacknowledged finding
 * fails it.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { ApiStack } from './api-stack.ts';
import { readStackSettings } from './settings.ts';

const app = new App();
const settings = readStackSettings(app.node);
const account = app.node.tryGetContext('account') as string | undefined;
const region = app.node.tryGetContext('region') as string | undefined;

new ApiStack(app, `InvitationsApi-${settings.stage}`, {
  settings,
  description: `PUT /v2/users/{userId}/invitation (${settings.stage})`,
  // Environment-agnostic unless the user pins one (-c account=... -c region=...).
  ...(account || region ? { env: { account, region } } : {}),
});

Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
