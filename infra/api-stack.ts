/**
 * The stack: the tables, the functions of infra/functions.ts, the REST API of the route
 * table (infra/rest-api.ts), the delivery on the invitations stream (infra/delivery.ts),
 * WAF when asked, monitoring, and prod's canary deployments. Routes, functions, tables,
 * headers and gateway responses come from the modules the local emulator reads too.
 */
import {
  Annotations,
  CfnOutput,
  CfnParameter,
  CfnRule,
  Fn,
  RemovalPolicy,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { acceptPage } from './accept-page.ts';
import { invitationDelivery } from './delivery.ts';
import { invitationEventsOut } from './events.ts';
import { apiFirewall } from './firewall.ts';
import { type FunctionName, functions } from './functions.ts';
import { ApiFunction } from './lambda-function.ts';
import { Monitoring } from './monitoring.ts';
import { RestApiFromRoutes } from './rest-api.ts';
import { routes, tokenAuthorizer } from './routes.ts';
import type { StackSettings } from './stack-settings.ts';
import { deployedIndexes, type TableSpec, tables } from './tables.ts';

export class ApiStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps & { settings: StackSettings }) {
    super(scope, id, props);
    const { settings } = props;
    const prod = settings.stage === 'prod';
    if (settings.placeholders.length > 0) refuseToDeploy(this, settings.placeholders);

    // The tables keep these logical ids: prod retains them, a new id would be a new table.
    const attribute = (key: { name: string; type: 'N' | 'S' }) => ({
      name: key.name,
      type: key.type === 'N' ? dynamodb.AttributeType.NUMBER : dynamodb.AttributeType.STRING,
    });
    const table = (logicalId: string, spec: TableSpec) => {
      const created = new dynamodb.Table(this, logicalId, {
        partitionKey: attribute(spec.partitionKey),
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        encryption: dynamodb.TableEncryption.AWS_MANAGED,
        deletionProtection: prod,
        removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
        ...(spec.stream ? { stream: dynamodb.StreamViewType[spec.stream] } : {}),
        ...(spec.timeToLiveAttribute ? { timeToLiveAttribute: spec.timeToLiveAttribute } : {}),
      });
      for (const index of deployedIndexes(spec, settings)) {
        created.addGlobalSecondaryIndex({
          indexName: index.indexName,
          partitionKey: attribute(index.partitionKey),
          sortKey: attribute(index.sortKey),
          projectionType: dynamodb.ProjectionType.ALL,
        });
      }
      return created;
    };
    const stackTables = {
      invitations: table('InvitationsTable', tables.invitations),
      credentials: table('CredentialsTable', tables.credentials),
      sendLimits: table('SendLimitsTable', tables.sendLimits),
    };

    // The accept page first, when hosted: invitation links point at it.
    const page = settings.acceptPage ? acceptPage(this, settings) : undefined;
    const linkBaseUrl = settings.linkBaseUrl ?? page?.url;
    if (linkBaseUrl === undefined) throw new Error('no linkBaseUrl and no accept page');
    const functionSettings = { ...settings, linkBaseUrl };
    const deployed = Object.fromEntries(
      (Object.keys(functions) as FunctionName[]).map((name) => [
        name,
        new ApiFunction(this, name, { name, settings: functionSettings, tables: stackTables }),
      ]),
    ) as Record<FunctionName, ApiFunction>;

    // Keys generated once per stack and kept in Secrets Manager; the one function that uses
    // each reads it once per instance (functions/shared/secrets.ts), allowed that secret
    // alone, so a new value takes effect with new instances and never sits in the
    // function's configuration.
    const keyFor = (
      functionName: FunctionName,
      variable: string,
      key: { id: string; description: string; whyNotRotated: string },
    ) => {
      const secret = new secretsmanager.Secret(this, key.id, {
        description: key.description,
        generateSecretString: { passwordLength: 48, excludePunctuation: true },
        removalPolicy: RemovalPolicy.DESTROY,
      });
      const { fn } = deployed[functionName];
      fn.addEnvironment(`${variable}_SECRET_ARN`, secret.secretArn);
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['secretsmanager:GetSecretValue'],
          resources: [secret.secretArn],
        }),
      );
      Validations.of(secret).acknowledge({ id: 'AwsSolutions-SMG4', reason: key.whyNotRotated });
    };
    keyFor('list-invitations', 'LIST_CURSOR_KEY', {
      id: 'ListCursorKey',
      description: 'Signs the cursors of GET /v2/invitations (HMAC-SHA256)',
      whyNotRotated:
        'It signs list cursors that live an hour and holds nothing else: a new value (put by hand when needed) ends the cursors in use, nothing more; instances read it as they start.',
    });
    // So that no one computes which id another organization's Idempotency-Key leads to.
    keyFor('create-invitation', 'USER_ID_KEY', {
      id: 'UserIdKey',
      description: 'Keys the ids POST /v2/users derives from an Idempotency-Key (HMAC-SHA256)',
      whyNotRotated:
        'It keys the ids derived from Idempotency-Keys; rotating it would let a keyed repeat within its 24 h create a second invitation, so it is kept, not rotated.',
    });

    const { configurationSet, deadLetters, feedbackDeadLetters, lostDeliveries } =
      invitationDelivery(
        this,
        settings,
        stackTables.invitations,
        deployed['send-invitation'],
        deployed['delivery-feedback'],
      );

    const eventsOut = invitationEventsOut(
      this,
      settings,
      stackTables.invitations,
      deployed['publish-events'],
    );

    const restApi = new RestApiFromRoutes(this, 'RestApi', {
      settings,
      functions: Object.fromEntries(
        Object.entries(deployed).map(([name, { alias }]) => [name, alias]),
      ) as Record<FunctionName, ApiFunction['alias']>,
    });
    const { api } = restApi;
    deployed.authorizer.fn.addEnvironment('SHARED_USAGE_KEY', restApi.sharedUsageKey);

    if (settings.waf) {
      apiFirewall(this, api.deploymentStage, settings);
    } else {
      if (prod) {
        Annotations.of(this).addWarning(
          "WAF is off in prod (-c waf=false): the invitee routes have no per-address limit, so one client can make them answer 429 for everyone, and bodies over Lambda's 6 MB limit answer 5xx.",
        );
      }
      Validations.of(api.deploymentStage).acknowledge({
        id: 'AwsSolutions-APIG3',
        reason: prod
          ? 'WAF turned off for this prod stage (-c waf=false), with the warning synth prints.'
          : 'WAF is on in prod and opt-in elsewhere (-c waf=true): it costs ~$5/month + per request; dev stages rely on the authorizer, throttling and request validation.',
      });
    }

    const monitoring = new Monitoring(this, 'Monitoring', {
      settings,
      api,
      functions: Object.fromEntries(
        Object.entries(deployed).map(([name, { fn }]) => [name, fn]),
      ) as Record<FunctionName, ApiFunction['fn']>,
      tables: Object.values(stackTables),
      deadLetters,
      feedbackDeadLetters,
      eventDeadLetters: eventsOut.deadLetterQueues,
      lostDeliveries,
    });

    // Prod shifts traffic to a new version gradually: 10% for 5 minutes, then all, and
    // rolls back by itself when the new version answers with an error meanwhile.
    if (prod) {
      for (const [name, { alias }] of Object.entries(deployed) as [FunctionName, ApiFunction][]) {
        const deployment = new codedeploy.LambdaDeploymentGroup(this, `${name}-deployment`, {
          alias,
          deploymentConfig: codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES,
          alarms: [monitoring.newVersionErrorAlarm(name, alias)],
        });
        Validations.of(deployment).acknowledge({
          id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited]',
          reason:
            "CodeDeploy's own service role for Lambda: the AWS-managed policy limited to shifting aliases of this account's functions, which CodeDeploy documents as its role.",
        });
      }
    }

    new CfnOutput(this, 'AlarmTopicArn', { value: monitoring.topic.topicArn });
    new CfnOutput(this, 'EmailConfigurationSet', {
      value: configurationSet.configurationSetName,
      description: 'The SES configuration set every invitation e-mail names',
    });
    if (restApi.domainTarget) {
      new CfnOutput(this, 'DomainTarget', {
        value: restApi.domainTarget,
        description: `Point ${settings.domain?.name} here (CNAME, or a Route 53 alias)`,
      });
    }
    new CfnOutput(this, 'ApiUrl', {
      value: restApi.url,
      description: 'Base URL: {ApiUrl}v2/users/{userId}/invitation',
    });
    if (page) {
      page.publish(restApi.url);
      new CfnOutput(this, 'AcceptPageUrl', {
        value: page.url,
        description: 'Where invitation links point (#token=... is added)',
      });
    }
    new CfnOutput(this, 'InvitationsTableName', { value: stackTables.invitations.tableName });
    new CfnOutput(this, 'CredentialsTableName', { value: stackTables.credentials.tableName });
    new CfnOutput(this, 'SendLimitsTableName', { value: stackTables.sendLimits.tableName });
    new CfnOutput(this, 'OrganizationsUsagePlanId', {
      value: restApi.organizationsUsagePlan.usagePlanId,
      description: "npm run credentials -- ... --usage-plan <this>: each organization's share",
    });
    new CfnOutput(this, 'DeliveryDeadLetterQueueUrl', { value: deadLetters.queueUrl });
    new CfnOutput(this, 'EventBusName', {
      value: eventsOut.bus.eventBusName,
      description: 'Every change of an invitation, as an event: add rules of your own here',
    });

    acknowledgeDecisions(deployed, restApi, [
      deadLetters,
      feedbackDeadLetters,
      ...eventsOut.deadLetterQueues,
    ]);
  }
}

/**
 * A prod stage whose settings still hold example domains: `cdk synth` shows it, with a
 * warning naming the fix, and CloudFormation refuses to deploy it (a rule that holds only
 * once the values are real), before it creates anything.
 */
function refuseToDeploy(stack: Stack, placeholders: readonly string[]) {
  const message =
    `${placeholders.join(', ')} still hold example domains: a prod stage would send invitations nobody can use, so this template does not deploy. ` +
    `Give your own domain's values: npm run deploy -- ${stack.stackName} -c stage=prod ` +
    '-c linkBaseUrl=https://app.<your domain>/invitations/accept -c emailFrom="Invitations <invitations@<your domain>>" [-c sesIdentity=<your domain>]';
  Annotations.of(stack).addWarningV2('invitations:placeholder-settings', message);
  const given = new CfnParameter(stack, 'PlaceholderSettings', {
    type: 'String',
    default: placeholders.join(','),
    description: 'Prod settings that still hold example domains',
  });
  new CfnRule(stack, 'RealSettingsOnly', {
    assertions: [
      { assert: Fn.conditionEquals(given.valueAsString, 'none'), assertDescription: message },
    ],
  });
}

/** cdk-nag and cfn-guard findings that are decisions, each with its reason. */
function acknowledgeDecisions(
  deployed: Record<FunctionName, ApiFunction>,
  restApi: RestApiFromRoutes,
  deadLetterQueues: Construct[],
) {
  const acknowledge = (scope: Construct, id: string, reason: string) =>
    Validations.of(scope).acknowledge({ id, reason });
  const sender = deployed['send-invitation'];
  // The functions API Gateway invokes: each route's, and the authorizer.
  const synchronous = [
    ...new Set<FunctionName>([...routes.map((route) => route.function), tokenAuthorizer.function]),
  ].map((name) => deployed[name]);
  for (const { fn } of synchronous) {
    acknowledge(
      fn,
      'Serverless-LambdaDLQ',
      'Invoked synchronously by API Gateway, which returns the error to the caller; a DLQ only receives failed asynchronous invocations.',
    );
  }
  acknowledge(
    sender.fn,
    'Serverless-LambdaDLQ',
    "Invoked by the stream's event source mapping, whose on-failure destination (DeliveryDeadLetters) receives what fails; a function DLQ only serves asynchronous invocations.",
  );
  const publisher = deployed['publish-events'];
  acknowledge(
    publisher.fn,
    'Serverless-LambdaDLQ',
    "Invoked by the stream's event source mapping, whose on-failure destination (EventsDeadLetters) receives what fails; a function DLQ only serves asynchronous invocations.",
  );
  const feedback = deployed['delivery-feedback'];
  acknowledge(
    feedback.fn,
    'Serverless-LambdaDLQ',
    "Invoked asynchronously by EventBridge; its alias's on-failure destination (FeedbackDeadLetters, an EventInvokeConfig) receives what still fails after the retries, which a DLQ would duplicate.",
  );
  for (const queue of deadLetterQueues) {
    acknowledge(
      queue,
      'AwsSolutions-SQS3',
      'This queue is the dead-letter destination itself; an alarm watches its depth.',
    );
    acknowledge(
      queue,
      'Serverless-SQSRedrivePolicy',
      'This queue is the dead-letter destination itself: nothing consumes it to redrive from; an alarm watches its depth.',
    );
  }
  // CDK writes each API Gateway invoke permission with a SourceArn built by Fn::Join,
  // which the Control Tower check cannot read as a SourceArn.
  for (const scope of [restApi, deployed.authorizer]) {
    acknowledge(
      scope,
      'cdk-validator-cfnguard::lambda_function_public_access_prohibited_check',
      'Every permission here is for apigateway.amazonaws.com and carries a SourceArn (this API, or its authorizer), written with Fn::Join.',
    );
  }
  const xray =
    'xray:PutTraceSegments and xray:PutTelemetryRecords (active tracing) have no resource-level permissions';
  for (const { fn } of [...synchronous, feedback]) {
    acknowledge(
      fn.role ?? fn,
      'AwsSolutions-IAM5[Resource::*]',
      `Only X-Ray uses *: ${xray}. DynamoDB and logs are scoped to one table and one log group.`,
    );
  }
  acknowledge(
    publisher.fn.role ?? publisher.fn,
    'AwsSolutions-IAM5[Resource::*]',
    `Only X-Ray and dynamodb:ListStreams (added by the stream event source) use *: ${xray}, nor does ListStreams. Stream reads, events:PutEvents and SQS are scoped to one resource each.`,
  );
  acknowledge(
    sender.fn.role ?? sender.fn,
    'AwsSolutions-IAM5[Resource::*]',
    `Only X-Ray and dynamodb:ListStreams (added by the stream event source) use *: ${xray}, nor does ListStreams. Stream reads, UpdateItem, SES and SQS are scoped to one resource each; sns:Publish excludes every topic (SMS only).`,
  );
  for (const route of routes) {
    const method = restApi.methods.get(`${route.method} ${route.path}`);
    if (!method) continue;
    if (route.authorizer === 'token') {
      acknowledge(
        method,
        'AwsSolutions-COG4',
        'Callers are organizations and their users holding session credentials or API keys of the existing API, checked by the TOKEN authorizer; there is no Cognito user pool.',
      );
      continue;
    }
    // The invitee's routes: the credential is the link's 192-bit token, in the body.
    const reason =
      "The invitee has no account yet: the link's token (192 random bits, in the JSON body, checked against its stored hash) is the credential; the method is throttled tighter than the stage.";
    acknowledge(method, 'AwsSolutions-APIG4', reason);
    acknowledge(method, 'AwsSolutions-COG4', reason);
  }
}
