/**
 * The CDK app: `npx cdk deploy InvitationsApi-dev`, or `-c stage=prod` with the settings
 * prod requires (docs/deploying.md). Every synth runs the validations of infra/stacks.ts.
 */
import { App } from 'aws-cdk-lib';
import { addStacks } from './stacks.ts';

addStacks(new App());
