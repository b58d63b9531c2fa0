/**
 * The stack: API Gateway REST API -> TOKEN authorizer -> update-invitation Lambda ->
 * DynamoDB -> stream -> send-invitation Lambda -> SES / SNS, secure by default. Routes, functions, tables, headers and gateway responses
 * come from the modules the local emulator reads too.
 */
import { dirname } from 'node:path';
import {
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { type ICommandHooks, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct, Node } from 'constructs';
import { errorCodes } from '../functions/shared/http/errors.ts';
import { contractHeaders } from '../functions/shared/http/headers.ts';
import { functionBundling } from './bundling.ts';
import { type FunctionName, type FunctionSpec, functions } from './functions.ts';
import { gatewayResponses } from './gateway-responses.ts';
import { invitationUpdateModelSchema } from './request-model.ts';
import { defaultStageName, routes, tokenAuthorizer } from './routes.ts';
import { type TableSpec, tables } from './tables.ts';

export interface StackSettings {
  /** `prod` keeps the tables (RETAIN, deletion protection); `dev` can be destroyed. */
  stage: 'dev' | 'prod';
  apiStageName: string;
  authorizerCacheTtlSeconds: number;
  throttlingRateLimit: number;
  throttlingBurstLimit: number;
  logRetention: logs.RetentionDays;
  waf: boolean;
  sendCooldownSeconds: number;
  /** Invitation links: this URL plus `?token=...`. */
  linkBaseUrl: string;
  /** From address of invitation e-mails; its SES identity must be verified. */
  emailFrom: string;
  /** The SES identity (domain or address) the sender may send as. */
  sesIdentity: string;
}

/** Settings from CDK context (`-c key=value` or cdk.json), with sane defaults. */
export function readStackSettings(node: Node): StackSettings {
  const context = (key: string) => node.tryGetContext(key) as string | number | boolean | undefined;
  const number = (key: string, fallback: number) => {
    const value = context(key);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed < 0)
      throw new Error(`context ${key} must be a number >= 0`);
    return parsed;
  };
  const stage = context('stage') ?? 'dev';
  if (stage !== 'dev' && stage !== 'prod') throw new Error('context stage must be dev or prod');
  const retentionDays = number('logRetentionDays', stage === 'prod' ? 365 : 30);
  if (!Object.values(logs.RetentionDays).includes(retentionDays)) {
    throw new Error(`context logRetentionDays: ${retentionDays} is not a CloudWatch retention`);
  }
  const linkBaseUrl = String(
    context('linkBaseUrl') ?? 'https://app.example.com/invitations/accept',
  );
  if (!URL.canParse(linkBaseUrl)) throw new Error('context linkBaseUrl must be a URL');
  const emailFrom = String(context('emailFrom') ?? 'invitations@example.com');
  if (!/@[^@\s>]+\.[^@\s>]+>?$/.test(emailFrom))
    throw new Error('context emailFrom must be an e-mail address');
  return {
    stage,
    apiStageName: String(context('apiStageName') ?? defaultStageName),
    authorizerCacheTtlSeconds: number('authorizerCacheTtlSeconds', tokenAuthorizer.cacheTtlSeconds),
    throttlingRateLimit: number('throttlingRateLimit', 50),
    throttlingBurstLimit: number('throttlingBurstLimit', 100),
    logRetention: retentionDays as logs.RetentionDays,
    waf: [true, 'true'].includes(context('waf') as string | boolean),
    sendCooldownSeconds: number('sendCooldownSeconds', 60),
    linkBaseUrl,
    emailFrom,
    sesIdentity: String(
      context('sesIdentity') ?? emailFrom.replace(/^.*<|>.*$/g, '').split('@')[1],
    ),
  };
}

/** A static header value in a method or gateway response: single-quoted, inner quotes escaped. */
const quoted = (value: string) => `'${value.replaceAll("'", "\\'")}'`;

export class ApiStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps & { settings: StackSettings }) {
    super(scope, id, props);
    const { settings } = props;
    const prod = settings.stage === 'prod';

    const table = (name: string, spec: TableSpec) =>
      new dynamodb.Table(this, name, {
        partitionKey: {
          name: spec.partitionKey.name,
          type:
            spec.partitionKey.type === 'N'
              ? dynamodb.AttributeType.NUMBER
              : dynamodb.AttributeType.STRING,
        },
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        encryption: dynamodb.TableEncryption.AWS_MANAGED,
        deletionProtection: prod,
        removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
        ...(spec.stream ? { stream: dynamodb.StreamViewType[spec.stream] } : {}),
      });
    const invitationsTable = table('InvitationsTable', tables.invitations);
    const credentialsTable = table('CredentialsTable', tables.credentials);

    const lambdaFunction = (name: FunctionName, environment: Record<string, string>) => {
      const spec: FunctionSpec = functions[name];
      const logGroup = new logs.LogGroup(this, `${name}-logs`, {
        retention: settings.logRetention,
        removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      });
      // Our own role: no AWS-managed policy, only what this function does.
      const role = new iam.Role(this, `${name}-role`, {
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
        description: `${name}: its own log group, X-Ray, and only the actions it needs`,
      });
      logGroup.grant(role, 'logs:CreateLogStream', 'logs:PutLogEvents');
      const { externalModules, banner, mainFields, ...bundling } = functionBundling;
      const fn = new NodejsFunction(this, name, {
        entry: spec.entry,
        handler: 'handler',
        runtime: lambda.Runtime.NODEJS_24_X,
        architecture: lambda.Architecture.ARM_64,
        memorySize: spec.memoryMb,
        timeout: Duration.seconds(spec.timeoutSeconds),
        role,
        logGroup,
        loggingFormat: lambda.LoggingFormat.JSON,
        tracing: lambda.Tracing.ACTIVE,
        environment: { POWERTOOLS_SERVICE_NAME: 'invitations-api', ...environment },
        // No source maps: they only help with NODE_OPTIONS=--enable-source-maps, which
        // costs ~20% of init; stack traces in logs name minified functions instead.
        bundling: {
          ...bundling,
          format: OutputFormat.ESM,
          sourceMap: bundling.sourcemap,
          mainFields: [...mainFields],
          banner,
          bundleAwsSDK: true,
          externalModules: [...externalModules],
          ...(spec.assets
            ? { commandHooks: copyIntoBundle(dirname(spec.entry), spec.assets) }
            : {}),
        },
        depsLockFilePath: 'package-lock.json',
      });
      return fn;
    };

    const updateInvitation = lambdaFunction('update-invitation', {
      [tables.invitations.envVar]: invitationsTable.tableName,
      SEND_COOLDOWN_SECONDS: String(settings.sendCooldownSeconds),
    });
    const authorizerFunction = lambdaFunction('authorizer', {
      [tables.credentials.envVar]: credentialsTable.tableName,
    });
    // Least privilege: one action on one table each.
    updateInvitation.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:UpdateItem'],
        resources: [invitationsTable.tableArn],
      }),
    );
    authorizerFunction.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:GetItem'],
        resources: [credentialsTable.tableArn],
      }),
    );

    // Delivery: the invitations stream -> the sender -> SES / SNS. Records that still fail
    // after the retries go to a queue, and an alarm goes off as soon as it holds one.
    const sender = lambdaFunction('send-invitation', {
      [tables.invitations.envVar]: invitationsTable.tableName,
      INVITATION_LINK_BASE_URL: settings.linkBaseUrl,
      EMAIL_FROM: settings.emailFrom,
    });
    sender.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:UpdateItem'],
        resources: [invitationsTable.tableArn],
      }),
    );
    sender.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [
          `arn:${this.partition}:ses:${this.region}:${this.account}:identity/${settings.sesIdentity}`,
        ],
      }),
    );
    // SMS goes to phone numbers, which have no ARN; excluding every topic ARN leaves SMS only.
    sender.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['sns:Publish'], notResources: ['arn:aws:sns:*:*:*'] }),
    );
    const deadLetters = new sqs.Queue(this, 'DeliveryDeadLetters', {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    sender.addEventSource(
      new DynamoEventSource(invitationsTable, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 10,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: 5,
        maxRecordAge: Duration.hours(24),
        onFailure: new SqsDlq(deadLetters),
      }),
    );
    const alarm = (id: string, metric: cloudwatch.IMetric, description: string) =>
      new cloudwatch.Alarm(this, id, {
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
    alarm(
      'DeliveryDeadLettersAlarm',
      deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      'Invitation send requests gave up after their retries: see the queue messages and the sender logs.',
    );
    // A sender that died between claiming a send and handing it over (SES has no
    // idempotency key, so it is not retried): the sender logs it when it sees the item again.
    const lostDeliveries = new logs.MetricFilter(this, 'LostDeliveries', {
      logGroup: sender.logGroup,
      filterPattern: logs.FilterPattern.stringValue(
        '$.message',
        '=',
        'delivery claimed but never confirmed',
      ),
      metricNamespace: 'InvitationsApi',
      metricName: `LostDeliveries-${settings.stage}`,
      metricValue: '1',
    });
    alarm(
      'LostDeliveriesAlarm',
      lostDeliveries.metric({ period: Duration.minutes(5), statistic: 'Sum' }),
      'An invitation message was claimed but never confirmed sent: it may not have reached the invitee.',
    );

    // Execution logging needs API Gateway's account-level CloudWatch role (one per region,
    // shared by every REST API of the account); ours carries no managed policy.
    const apiGatewayLogsRole = new iam.Role(this, 'ApiGatewayCloudWatchRole', {
      assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
      inlinePolicies: {
        logs: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              actions: [
                'logs:CreateLogGroup',
                'logs:CreateLogStream',
                'logs:DescribeLogGroups',
                'logs:DescribeLogStreams',
                'logs:PutLogEvents',
                'logs:GetLogEvents',
                'logs:FilterLogEvents',
              ],
              resources: [`arn:${this.partition}:logs:${this.region}:${this.account}:*`],
            }),
          ],
        }),
      },
    });
    const apiGatewayAccount = new apigateway.CfnAccount(this, 'ApiGatewayAccount', {
      cloudWatchRoleArn: apiGatewayLogsRole.roleArn,
    });

    const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', {
      retention: settings.logRetention,
      removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    const api = new apigateway.RestApi(this, 'Api', {
      restApiName: `invitations-api-${settings.stage}`,
      description: 'PUT /v2/users/{userId}/invitation',
      endpointTypes: [apigateway.EndpointType.REGIONAL],
      cloudWatchRole: false,
      deployOptions: {
        stageName: settings.apiStageName,
        accessLogDestination: new apigateway.LogGroupLogDestination(accessLogs),
        accessLogFormat: apigateway.AccessLogFormat.jsonWithStandardFields(),
        loggingLevel: apigateway.MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        tracingEnabled: true,
        metricsEnabled: true,
        throttlingRateLimit: settings.throttlingRateLimit,
        throttlingBurstLimit: settings.throttlingBurstLimit,
      },
    });
    api.deploymentStage.node.addDependency(apiGatewayAccount);

    const authorizer = new apigateway.TokenAuthorizer(this, 'TokenAuthorizer', {
      handler: authorizerFunction,
      identitySource: apigateway.IdentitySource.header(tokenAuthorizer.header),
      validationRegex: tokenAuthorizer.validationRegex,
      resultsCacheTtl: Duration.seconds(settings.authorizerCacheTtlSeconds),
    });

    const validator = api.addRequestValidator('RequestValidator', {
      validateRequestBody: true,
      validateRequestParameters: true,
    });
    const updateModel = api.addModel('InvitationUpdate', {
      contentType: 'application/json',
      schema: invitationUpdateModelSchema(),
    });

    const headerNames = Object.keys(contractHeaders);
    const preflight = (resource: apigateway.IResource) =>
      resource.addMethod(
        'OPTIONS',
        new apigateway.MockIntegration({
          requestTemplates: { 'application/json': '{"statusCode": 204}' },
          integrationResponses: [
            {
              statusCode: '204',
              responseParameters: Object.fromEntries(
                Object.entries(contractHeaders).map(([name, value]) => [
                  `method.response.header.${name}`,
                  quoted(value),
                ]),
              ),
            },
          ],
        }),
        {
          // A public preflight by design: browsers send it without credentials.
          authorizationType: apigateway.AuthorizationType.NONE,
          methodResponses: [
            {
              statusCode: '204',
              responseParameters: Object.fromEntries(
                headerNames.map((name) => [`method.response.header.${name}`, true]),
              ),
            },
          ],
        },
      );

    const functionsByName: Record<FunctionName, lambda.IFunction> = {
      'update-invitation': updateInvitation,
      authorizer: authorizerFunction,
      'send-invitation': sender,
    };
    const withPreflight = new Set<string>();
    for (const route of routes) {
      const resource = api.root.resourceForPath(route.path);
      resource.addMethod(
        route.method,
        new apigateway.LambdaIntegration(functionsByName[route.function]),
        {
          ...(route.authorizer === 'token'
            ? { authorizer, authorizationType: apigateway.AuthorizationType.CUSTOM }
            : { authorizationType: apigateway.AuthorizationType.NONE }),
          requestValidator: validator,
          requestModels: { 'application/json': updateModel },
          requestParameters: Object.fromEntries(
            [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => [
              `method.request.path.${name}`,
              true,
            ]),
          ),
        },
      );
      if (!withPreflight.has(route.path)) {
        withPreflight.add(route.path);
        preflight(resource);
      }
    }

    const responseHeaders = Object.fromEntries(
      Object.entries(contractHeaders).map(([name, value]) => [name, quoted(value)]),
    );
    for (const [type, code] of Object.entries(gatewayResponses)) {
      const message = JSON.stringify(errorCodes[code].message).slice(1, -1);
      const errors =
        type === 'BAD_REQUEST_BODY'
          ? ',"errors":[{"path":"","message":"$util.escapeJavaScript($context.error.validationErrorString)"}]'
          : '';
      api.addGatewayResponse(type, {
        type: apigateway.ResponseType.of(type),
        // DEFAULT_4XX/5XX keep the status API Gateway chose; the others have their own.
        ...(type.startsWith('DEFAULT_') ? {} : { statusCode: String(errorCodes[code].status) }),
        responseHeaders,
        templates: { 'application/json': `{"code":"${code}","message":"${message}"${errors}}` },
      });
    }

    if (settings.waf) {
      const webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
        scope: 'REGIONAL',
        defaultAction: { allow: {} },
        visibilityConfig: {
          cloudWatchMetricsEnabled: true,
          metricName: 'invitations-api',
          sampledRequestsEnabled: true,
        },
        rules: [
          managedRule('AWSManagedRulesCommonRuleSet', 0),
          managedRule('AWSManagedRulesKnownBadInputsRuleSet', 1),
          {
            name: 'RateLimitPerIp',
            priority: 2,
            action: { block: {} },
            statement: { rateBasedStatement: { limit: 1000, aggregateKeyType: 'IP' } },
            visibilityConfig: {
              cloudWatchMetricsEnabled: true,
              metricName: 'rate-limit',
              sampledRequestsEnabled: true,
            },
          },
        ],
      });
      new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', {
        resourceArn: api.deploymentStage.stageArn,
        webAclArn: webAcl.attrArn,
      });
    } else {
      Validations.of(api.deploymentStage).acknowledge({
        id: 'AwsSolutions-APIG3',
        reason:
          'WAF is opt-in (-c waf=true): it costs ~$5/month + per request, and the authorizer, throttling and request validation already guard this single route.',
      });
    }

    new CfnOutput(this, 'ApiUrl', {
      value: api.url,
      description: 'Base URL: {ApiUrl}v2/users/{userId}/invitation',
    });
    new CfnOutput(this, 'InvitationsTableName', { value: invitationsTable.tableName });
    new CfnOutput(this, 'CredentialsTableName', { value: credentialsTable.tableName });
    new CfnOutput(this, 'DeliveryDeadLetterQueueUrl', { value: deadLetters.queueUrl });

    // cdk-nag findings that are decisions, each with its reason.
    const acknowledge = (scope: Construct, id: string, reason: string) =>
      Validations.of(scope).acknowledge({ id, reason });
    for (const fn of [updateInvitation, authorizerFunction]) {
      acknowledge(
        fn,
        'Serverless-LambdaDLQ',
        'Invoked synchronously by API Gateway, which returns the error to the caller; a DLQ only receives failed asynchronous invocations.',
      );
    }
    acknowledge(
      sender,
      'Serverless-LambdaDLQ',
      "Invoked by the stream's event source mapping, whose on-failure destination (DeliveryDeadLetters) receives what fails; a function DLQ only serves asynchronous invocations.",
    );
    acknowledge(
      deadLetters,
      'AwsSolutions-SQS3',
      'This queue is the dead-letter destination itself; an alarm watches its depth.',
    );
    acknowledge(
      deadLetters,
      'Serverless-SQSRedrivePolicy',
      'This queue is the dead-letter destination itself: nothing consumes it to redrive from; an alarm watches its depth.',
    );
    const xray =
      'xray:PutTraceSegments and xray:PutTelemetryRecords (active tracing) have no resource-level permissions';
    for (const fn of [updateInvitation, authorizerFunction]) {
      acknowledge(
        fn.role ?? fn,
        'AwsSolutions-IAM5[Resource::*]',
        `Only X-Ray uses *: ${xray}. DynamoDB and logs are scoped to one table and one log group.`,
      );
    }
    acknowledge(
      sender.role ?? sender,
      'AwsSolutions-IAM5[Resource::*]',
      `Only X-Ray and dynamodb:ListStreams (added by the stream event source) use *: ${xray}, nor does ListStreams. Stream reads, UpdateItem, SES and SQS are scoped to one resource each; sns:Publish excludes every topic (SMS only).`,
    );
    const putMethods = routes.map((route) =>
      api.root.resourceForPath(route.path).node.findChild(route.method),
    );
    for (const method of putMethods) {
      acknowledge(
        method,
        'AwsSolutions-COG4',
        'Callers are organizations and their users holding session credentials or API keys of the existing API, checked by the TOKEN authorizer; there is no Cognito user pool.',
      );
    }
    acknowledge(
      apiGatewayLogsRole,
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:*]',
      "API Gateway's account-level CloudWatch role writes execution logs into log groups API Gateway names and creates itself (API-Gateway-Execution-Logs_{apiId}/{stage}) for every REST API of the account and region.",
    );
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

function managedRule(name: string, priority: number): wafv2.CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    overrideAction: { none: {} },
    statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
    visibilityConfig: {
      cloudWatchMetricsEnabled: true,
      metricName: name,
      sampledRequestsEnabled: true,
    },
  };
}
