/**
 * A function of infra/functions.ts as the stack deploys it: Node.js 24 on arm64, bundled
 * by infra/bundling.ts, JSON logs to its own log group, X-Ray, and a role of its own with
 * no managed policy (callers add the one or two actions it needs).
 */
import { dirname } from 'node:path';
import { Duration, type Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { type ICommandHooks, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { functionBundling } from './bundling.ts';
import { type FunctionName, type FunctionSpec, functions } from './functions.ts';
import { logGroup } from './log-groups.ts';
import type { StackSettings } from './settings.ts';

/** A function and its `live` alias: what API Gateway and the event source invoke. */
export interface DeployedFunction {
  fn: NodejsFunction;
  alias: lambda.Alias;
}

export function lambdaFunction(
  stack: Stack,
  name: FunctionName,
  settings: StackSettings,
  environment: Record<string, string>,
): DeployedFunction {
  const spec: FunctionSpec = functions[name];
  const logs = logGroup(stack, `${name}-logs`, settings);
  // Our own role: no AWS-managed policy, only what this function does.
  const role = new iam.Role(stack, `${name}-role`, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `${name}: its own log group, X-Ray, and only the actions it needs`,
  });
  logs.grant(role, 'logs:CreateLogStream', 'logs:PutLogEvents');
  const { externalModules, banner, mainFields, ...bundling } = functionBundling;
  const fn = new NodejsFunction(stack, name, {
    entry: spec.entry,
    handler: 'handler',
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    memorySize: spec.memoryMb,
    timeout: Duration.seconds(spec.timeoutSeconds),
    role,
    logGroup: logs,
    loggingFormat: lambda.LoggingFormat.JSON,
    tracing: lambda.Tracing.ACTIVE,
    environment: {
      POWERTOOLS_SERVICE_NAME: 'invitations-api',
      // The Stage dimension of the business metrics (functions/shared/metrics.ts).
      STAGE: settings.stage,
      ...environment,
    },
    // No source maps: they only help with NODE_OPTIONS=--enable-source-maps, under which
    // init runs 1.44x the instructions (bench/README.md); logs name minified functions.
    bundling: {
      ...bundling,
      format: OutputFormat.ESM,
      sourceMap: bundling.sourcemap,
      mainFields: [...mainFields],
      banner,
      bundleAwsSDK: true,
      externalModules: [...externalModules],
      ...(spec.assets ? { commandHooks: copyIntoBundle(dirname(spec.entry), spec.assets) } : {}),
    },
    depsLockFilePath: 'package-lock.json',
  });
  // Each deploy publishes a version; callers reach it through the alias, which prod moves
  // over gradually (infra/api-stack.ts, CodeDeploy) and can move back.
  const alias = new lambda.Alias(stack, `${name}-live`, {
    aliasName: 'live',
    version: fn.currentVersion,
  });
  return { fn, alias };
}

/** esbuild bundles code only: files a function reads at run time are copied beside it. */
function copyIntoBundle(sourceDir: string, folder: string): ICommandHooks {
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir, outputDir) => [
      `cp -R "${inputDir}/${sourceDir}/${folder}" "${outputDir}/${folder}"`,
    ],
  };
}
