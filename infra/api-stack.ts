/**
 * The stack: API Gateway REST API -> TOKEN authorizer -> update-invitation Lambda ->
 * DynamoDB -> stream -> send-invitation Lambda -> SES / SNS (infra/delivery.ts), secure by
 * default. Routes, functions, tables, headers and gateway responses come from the modules
 * the local emulator reads too.
 */
import {
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { errorCodes } from '../functions/shared/http/errors.ts';
import { contractHeaders } from '../functions/shared/http/headers.ts';
import { invitationDelivery } from './delivery.ts';
import { apiFirewall } from './firewall.ts';
import type { FunctionName } from './functions.ts';
import {
  type GatewayResponseType,
  gatewayResponse,
  gatewayResponses,
} from './gateway-responses.ts';
import { type DeployedFunction, lambdaFunction } from './lambda-function.ts';
import { logGroup } from './log-groups.ts';
import { Monitoring } from './monitoring.ts';
import { invitationUpdateModelSchema } from './request-model.ts';
import { routes, tokenAuthorizer } from './routes.ts';
import type { StackSettings } from './settings.ts';
import { type TableSpec, tables } from './tables.ts';

/**
 * A static header value in a method or gateway response: the value between a pair of
 * single quotes, as API Gateway documents it. There is no escape syntax: inner quotes (the
 * CSP's 'none') stand as they are; a backslash would be served as part of the value.
 */
const quoted = (value: string) => `'${value}'`;

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

    const updateInvitation = lambdaFunction(this, 'update-invitation', settings, {
      [tables.invitations.envVar]: invitationsTable.tableName,
      SEND_COOLDOWN_SECONDS: String(settings.sendCooldownSeconds),
    });
    const authorizerFunction = lambdaFunction(this, 'authorizer', settings, {
      [tables.credentials.envVar]: credentialsTable.tableName,
    });
    // Least privilege: one action on one table each.
    updateInvitation.fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:UpdateItem'],
        resources: [invitationsTable.tableArn],
      }),
    );
    authorizerFunction.fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:GetItem'],
        resources: [credentialsTable.tableArn],
      }),
    );

    const { sender, deadLetters, lostDeliveries } = invitationDelivery(
      this,
      settings,
      invitationsTable,
    );

    const accessLogs = logGroup(this, 'ApiAccessLogs', settings);
    const api = new apigateway.RestApi(this, 'Api', {
      restApiName: `invitations-api-${settings.stage}`,
      description: 'PUT /v2/users/{userId}/invitation',
      endpointTypes: [apigateway.EndpointType.REGIONAL],
      // With a domain of your own, the execute-api URL would be a second, unguarded door.
      disableExecuteApiEndpoint: settings.domain !== undefined,
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

    const authorizer = new apigateway.TokenAuthorizer(this, 'TokenAuthorizer', {
      handler: authorizerFunction.alias,
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

    const functionsByName: Record<FunctionName, DeployedFunction> = {
      'update-invitation': updateInvitation,
      authorizer: authorizerFunction,
      'send-invitation': sender,
    };
    const withPreflight = new Set<string>();
    for (const route of routes) {
      const resource = api.root.resourceForPath(route.path);
      resource.addMethod(
        route.method,
        new apigateway.LambdaIntegration(functionsByName[route.function].alias),
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

    for (const type of Object.keys(gatewayResponses) as GatewayResponseType[]) {
      const { headers, body } = gatewayResponse(type);
      api.addGatewayResponse(type, {
        type: apigateway.ResponseType.of(type),
        // DEFAULT_4XX/5XX keep the status API Gateway chose; the others have their own.
        ...(type.startsWith('DEFAULT_')
          ? {}
          : { statusCode: String(errorCodes[gatewayResponses[type]].status) }),
        // Content-Type comes from the template's media type.
        responseHeaders: Object.fromEntries(
          Object.entries(headers)
            .filter(([name]) => name !== 'Content-Type')
            .map(([name, value]) => [name, quoted(value)]),
        ),
        // Gateway response templates are not VTL: API Gateway only substitutes $context
        // variables, unescaped. A fixed body stays valid JSON whatever the request held.
        templates: { 'application/json': body },
      });
    }

    if (settings.waf) {
      apiFirewall(this, api.deploymentStage, settings);
    } else {
      Validations.of(api.deploymentStage).acknowledge({
        id: 'AwsSolutions-APIG3',
        reason:
          'WAF is opt-in (-c waf=true): it costs ~$5/month + per request, and the authorizer, throttling and request validation already guard this single route.',
      });
    }

    const monitoring = new Monitoring(this, 'Monitoring', {
      settings,
      api,
      functions: {
        'update-invitation': updateInvitation.fn,
        authorizer: authorizerFunction.fn,
        'send-invitation': sender.fn,
      },
      tables: [invitationsTable, credentialsTable],
      deadLetters,
      lostDeliveries,
    });

    new CfnOutput(this, 'AlarmTopicArn', { value: monitoring.topic.topicArn });

    // Prod shifts traffic to a new version gradually: 10% for 5 minutes, then all, and
    // rolls back by itself when that function's error alarm goes off meanwhile.
    if (prod) {
      for (const [name, { alias }] of Object.entries(functionsByName)) {
        const deployment = new codedeploy.LambdaDeploymentGroup(this, `${name}-deployment`, {
          alias,
          deploymentConfig: codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES,
          alarms: [monitoring.errorAlarms[name as FunctionName]],
        });
        Validations.of(deployment).acknowledge({
          id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited]',
          reason:
            "CodeDeploy's own service role for Lambda: the AWS-managed policy limited to shifting aliases of this account's functions, which CodeDeploy documents as its role.",
        });
      }
    }
    if (settings.domain) {
      const domain = new apigateway.DomainName(this, 'Domain', {
        domainName: settings.domain.name,
        certificate: acm.Certificate.fromCertificateArn(
          this,
          'Certificate',
          settings.domain.certificateArn,
        ),
        endpointType: apigateway.EndpointType.REGIONAL,
        securityPolicy: apigateway.SecurityPolicy.TLS_1_2,
      });
      domain.addBasePathMapping(api, { stage: api.deploymentStage });
      new CfnOutput(this, 'DomainTarget', {
        value: domain.domainNameAliasDomainName,
        description: `Point ${settings.domain.name} here (CNAME, or a Route 53 alias)`,
      });
    }
    new CfnOutput(this, 'ApiUrl', {
      value: settings.domain ? `https://${settings.domain.name}/` : api.url,
      description: 'Base URL: {ApiUrl}v2/users/{userId}/invitation',
    });
    new CfnOutput(this, 'InvitationsTableName', { value: invitationsTable.tableName });
    new CfnOutput(this, 'CredentialsTableName', { value: credentialsTable.tableName });
    new CfnOutput(this, 'DeliveryDeadLetterQueueUrl', { value: deadLetters.queueUrl });

    // cdk-nag findings that are decisions, each with its reason.
    const acknowledge = (scope: Construct, id: string, reason: string) =>
      Validations.of(scope).acknowledge({ id, reason });
    for (const { fn } of [updateInvitation, authorizerFunction]) {
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
    // CDK writes each API Gateway invoke permission with a SourceArn built by Fn::Join,
    // which the Control Tower check cannot read as a SourceArn.
    for (const scope of [api, authorizerFunction.fn, authorizerFunction.alias]) {
      acknowledge(
        scope,
        'cdk-validator-cfnguard::lambda_function_public_access_prohibited_check',
        'Every permission here is for apigateway.amazonaws.com and carries a SourceArn (this API, or its authorizer), written with Fn::Join.',
      );
    }
    const xray =
      'xray:PutTraceSegments and xray:PutTelemetryRecords (active tracing) have no resource-level permissions';
    for (const { fn } of [updateInvitation, authorizerFunction]) {
      acknowledge(
        fn.role ?? fn,
        'AwsSolutions-IAM5[Resource::*]',
        `Only X-Ray uses *: ${xray}. DynamoDB and logs are scoped to one table and one log group.`,
      );
    }
    acknowledge(
      sender.fn.role ?? sender.fn,
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
  }
}
