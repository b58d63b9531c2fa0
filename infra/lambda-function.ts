/**
 * A function of infra/functions.ts as the stack deploys it: Node.js 24 on arm64, bundled
 * by infra/bundling.ts, JSON logs to its own log group, X-Ray, a role of its own with no
 * managed policy and only the table actions its spec lists, the tables' names and the
 * settings it reads in its environment, and a `live` alias on its published version.
 */
import { dirname } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { type ICommandHooks, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { functionBundling } from './bundling.ts';
import { type DeployedFunction, type FunctionName, functions } from './functions.ts';
import { logGroup } from './log-groups.ts';
import type { StackSettings } from './stack-settings.ts';
import { deployedIndexes, tables } from './tables.ts';

export interface ApiFunctionProps {
  readonly name: FunctionName;
  readonly settings: StackSettings;
  /** The stack's tables, by their key in infra/tables.ts. */
  readonly tables: Readonly<Record<keyof typeof tables, dynamodb.ITable>>;
}

export class ApiFunction extends Construct {
  readonly fn: NodejsFunction;
  /** What API Gateway and the event source invoke; prod moves it by CodeDeploy. */
  readonly alias: lambda.Alias;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ApiFunctionProps) {
    super(scope, id);
    const { name, settings } = props;
    const spec: DeployedFunction = functions[name];
    this.logGroup = logGroup(this, 'Logs', settings);
    // Our own role: no AWS-managed policy, only what this function does.
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${name}: its own log group, X-Ray, and only the actions it needs`,
    });
    this.logGroup.grant(role, 'logs:CreateLogStream', 'logs:PutLogEvents');

    const environment: Record<string, string> = {};
    for (const [key, actions] of Object.entries(spec.tables) as [
      keyof typeof tables,
      readonly string[],
    ][]) {
      const table = props.tables[key];
      environment[tables[key].envVar] = table.tableName;
      // A Query reads the table's indexes (each an ARN of its own), the rest the table.
      const itemActions = actions.filter((action) => action !== 'dynamodb:Query');
      if (itemActions.length > 0) {
        role.addToPrincipalPolicy(
          new iam.PolicyStatement({ actions: itemActions, resources: [table.tableArn] }),
        );
      }
      if (actions.includes('dynamodb:Query')) {
        role.addToPrincipalPolicy(
          new iam.PolicyStatement({
            actions: ['dynamodb:Query'],
            resources: deployedIndexes(tables[key], settings).map(
              (index) => `${table.tableArn}/index/${index.indexName}`,
            ),
          }),
        );
      }
    }
    for (const [variable, setting] of Object.entries(spec.settings ?? {})) {
      const value = settings[setting];
      if (value === undefined) throw new Error(`${name}: setting ${setting} has no value`);
      environment[variable] = String(value);
    }

    const { externalModules, banner, mainFields, define, alias, ...bundling } = functionBundling;
    this.fn = new NodejsFunction(this, 'Function', {
      entry: spec.entry,
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      role,
      logGroup: this.logGroup,
      // The runtime writes each console call as a JSON line with the request id; below
      // the application level it drops them (functions/shared/logger.ts). The platform's
      // INFO lines include each cold start's init duration.
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: settings.logLevel,
      systemLogLevelV2: lambda.SystemLogLevel.INFO,
      tracing: lambda.Tracing.ACTIVE,
      environment,
      // No source maps: they only help with NODE_OPTIONS=--enable-source-maps, under which
      // init runs 1.44x the instructions (bench/README.md); logs name minified functions.
      bundling: {
        ...bundling,
        format: OutputFormat.CJS,
        sourceMap: bundling.sourcemap,
        mainFields: [...mainFields],
        banner,
        define: { ...define },
        esbuildArgs: Object.fromEntries(
          Object.entries(alias).map(([from, to]) => [`--alias:${from}`, to]),
        ),
        bundleAwsSDK: true,
        externalModules: [...externalModules],
        ...(spec.assets ? { commandHooks: copyIntoBundle(dirname(spec.entry), spec.assets) } : {}),
      },
      depsLockFilePath: 'package-lock.json',
    });
    // Each deploy publishes a version; callers reach it through the alias, which prod moves
    // over gradually (CodeDeploy) and can move back.
    this.alias = new lambda.Alias(this, 'Live', {
      aliasName: 'live',
      version: this.fn.currentVersion,
    });
  }
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
