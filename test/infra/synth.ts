/**
 * Synthesizes the app as `cdk synth` does (context from cdk.json, cdk-nag on). A synthesis
 * with every function bundled and the Control Tower scan takes 15 to 20 s on this machine,
 * so each test asks for what it checks: `bundle` (the functions' code, else CDK's own
 * placeholder asset, as `cdk synth` gives a stack it does not deploy) and
 * `controlTowerChecks` (cfn-guard's report, for a variant that adds resources).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { addStacks } from '../../infra/stacks.ts';

const cdkJson = JSON.parse(readFileSync('cdk.json', 'utf8')) as {
  context: Record<string, unknown>;
};

export function synthesize(
  context: Record<string, unknown> = {},
  { bundle = false, controlTowerChecks = false } = {},
) {
  const outdir = mkdtempSync(join(tmpdir(), 'cdk-out-'));
  const app = new App({
    outdir,
    context: {
      ...cdkJson.context,
      ...(bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
      ...context,
    },
  });
  const { settings, apiStack: stack, accountStack } = addStacks(app, { controlTowerChecks });
  // Throws "Validation failed" on any unacknowledged finding.
  app.synth();
  const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
    pluginReports: { pluginName: string; violations?: unknown[] }[];
  };
  return {
    stack,
    settings,
    template: Template.fromStack(stack),
    accountTemplate: accountStack && Template.fromStack(accountStack),
    report,
  };
}
