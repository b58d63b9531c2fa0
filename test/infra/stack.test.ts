/**
 * The stack, proven by synthesis: every property the deployment promises, for dev and
 * prod, and cdk-nag (AwsSolutions + Serverless) with nothing unacknowledged.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Annotations, Match, type Template } from 'aws-cdk-lib/assertions';
import { describe, expect, test, vi } from 'vitest';
import { storeBudget } from '../../functions/shared/dynamodb.ts';
import { redemptionRequestsPerIpPerMinute } from '../../infra/firewall.ts';
import { functions } from '../../infra/functions.ts';
import { tables } from '../../infra/tables.ts';
import { expectContractHeaders, expectErrorBody, referenceHeaders } from '../support/contract.ts';
import { synthesize } from './synth.ts';

// A synthesis takes 1 to 20 s (test/infra/synth.ts), more on a busy machine; some tests make two.
vi.setConfig({ testTimeout: 120_000 });

/** What prod requires: its own link base and From address, not the example ones. */
const prodContext = {
  stage: 'prod',
  linkBaseUrl: 'https://app.locks.test/invitations/accept',
  emailFrom: 'Invitations <invitations@locks.test>',
};
// Plain synths (about half a second each): the cfn-guard scans run in configurations.test.ts.
const dev = synthesize();
const prod = synthesize(prodContext);

/** API Gateway's static value syntax: the value between a pair of single quotes, no escapes. */
const unquote = (value: string) => {
  expect(value).toMatch(/^'.*'$/s);
  expect(value).not.toContain('\\');
  return value.slice(1, -1);
};

function headersOf(parameters: Record<string, string>, prefix: string) {
  return Object.fromEntries(
    Object.entries(parameters).map(([name, value]) => [name.replace(prefix, ''), unquote(value)]),
  );
}

// Template JSON is untyped by nature; these tests read it field by field.
// biome-ignore lint/suspicious/noExplicitAny: CloudFormation properties have no static type here.
type Properties = Record<string, any>;
const resources = (template: Template, type: string) =>
  Object.values(template.findResources(type)) as {
    Properties: Properties;
    DeletionPolicy?: string;
  }[];

describe.each([
  ['dev', dev],
  ['prod', prod],
])('%s', (stage, { template, settings }) => {
  test('every alarm notifies the alarm topic, going off and coming back', () => {
    const alarms = resources(template, 'AWS::CloudWatch::Alarm');
    const topic = { Ref: expect.stringMatching(/^MonitoringAlarmTopic/) };
    for (const { Properties } of alarms) {
      expect(Properties.AlarmActions, Properties.AlarmDescription).toEqual([topic]);
      expect(Properties.OKActions, Properties.AlarmDescription).toEqual([topic]);
    }
    const watched = alarms.map(
      ({ Properties }) =>
        Properties.MetricName ??
        (
          Properties.Metrics as {
            Expression?: string;
            MetricStat?: { Metric: { MetricName: string } };
          }[]
        )
          .map((metric) => metric.MetricStat?.Metric.MetricName ?? '')
          .filter(Boolean)
          .join('+'),
    );
    expect(watched.sort()).toEqual(
      [
        '5XXError',
        'Latency',
        ...['Errors', 'Throttles', 'Duration'].flatMap((metric) =>
          Object.keys(functions).map(() => metric),
        ),
        // The stream's two readers: the sender and the event publisher.
        'IteratorAge',
        'IteratorAge',
        // Per table: GetItem, UpdateItem, PutItem, TransactWriteItems and Query.
        ...Object.keys(tables).flatMap(() => [
          Array(5).fill('ThrottledRequests').join('+'),
          Array(5).fill('SystemErrors').join('+'),
        ]),
        // The dead-letter queues: deliveries, SES's events of them, invitation events.
        'ApproximateNumberOfMessagesVisible',
        'ApproximateNumberOfMessagesVisible',
        'ApproximateNumberOfMessagesVisible',
        `LostDeliveries-${stage}`,
        // Hand-overs of unknown outcome, e-mail and SMS.
        'Deliveries',
        'Deliveries',
        'SMSMonthToDateSpentUSD',
        'Reputation.BounceRate',
        'Reputation.ComplaintRate',
        // Prod's canaries: each function's new version.
        ...(stage === 'prod' ? Object.keys(functions).map(() => 'Errors') : []),
      ].sort(),
    );
    // Duration alarms sit at 80% of each function's timeout.
    const durations = alarms
      .filter(({ Properties }) => Properties.MetricName === 'Duration')
      .map(({ Properties }) => Properties.Threshold)
      .sort((a, b) => a - b);
    expect(durations).toEqual(
      Object.values(functions)
        .map(({ timeoutSeconds }) => timeoutSeconds * 800)
        .sort((a, b) => a - b),
    );
  });

  test('a dashboard with the business metrics and every alarm', () => {
    const dashboards = resources(template, 'AWS::CloudWatch::Dashboard');
    expect(dashboards).toHaveLength(1);
    expect(dashboards[0]?.Properties.DashboardName).toEqual({
      'Fn::Join': ['', [`invitations-api-${stage}-`, { Ref: 'AWS::Region' }]],
    });
    // The body is JSON text joined with the region and the alarm ARNs: read its text parts.
    const [, parts]: [string, unknown[]] = dashboards[0]?.Properties.DashboardBody['Fn::Join'] ?? [
      '',
      [],
    ];
    const body = parts.filter((part) => typeof part === 'string').join('');
    for (const metric of ['Requests', 'SendsRequested', 'Deliveries']) {
      expect(body).toContain(`MetricName=\\"${metric}\\"`);
    }
    expect(body.match(/"alarms":\["/g)?.length).toBe(
      resources(template, 'AWS::CloudWatch::Alarm').length,
    );
  });

  test('the functions: Node.js 24 on arm64, JSON logs to their own log group, X-Ray', () => {
    const fns = resources(template, 'AWS::Lambda::Function');
    expect(fns).toHaveLength(Object.keys(functions).length);
    for (const { Properties } of fns) {
      expect(Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: {
          LogFormat: 'JSON',
          ApplicationLogLevel: 'INFO',
          SystemLogLevel: 'INFO',
          LogGroup: { Ref: expect.any(String) },
        },
        MemorySize: 256,
      });
      expect(Properties.Timeout).toBeGreaterThan(0);
      expect(Properties.Environment.Variables.NODE_OPTIONS).toBeUndefined();
    }
    template.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 10,
      Environment: {
        Variables: Match.objectLike({
          INVITATIONS_TABLE: { Ref: Match.stringLikeRegexp('InvitationsTable') },
          SEND_COOLDOWN_SECONDS: '60',
        }),
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 5,
      Environment: {
        Variables: Match.objectLike({
          CREDENTIALS_TABLE: { Ref: Match.stringLikeRegexp('CredentialsTable') },
        }),
      },
    });
  });

  test('log groups have a retention', () => {
    for (const { Properties } of resources(template, 'AWS::Logs::LogGroup')) {
      expect(Properties.RetentionInDays).toBe(stage === 'prod' ? 365 : 30);
    }
  });

  test('least privilege: no managed policies; each role only actions its evaluations cover', () => {
    // Only CodeDeploy's own role (prod) carries a managed policy: the one CodeDeploy documents.
    for (const { Properties } of resources(template, 'AWS::IAM::Role')) {
      const managed = JSON.stringify(Properties.ManagedPolicyArns ?? []);
      expect(managed === '[]' || managed.includes('AWSCodeDeployRoleForLambdaLimited')).toBe(true);
    }
    // What a function's role allows is evaluated for the calls it makes, with the simulator
    // (test/integration/function-needs.test.ts: DynamoDB; service-calls.test.ts: SES, SNS,
    // EventBridge, SQS, Secrets Manager). A statement of any other service would escape
    // both: extend them first.
    const evaluated = /^(dynamodb|ses|sns|events|sqs|secretsmanager):/;
    let checked = 0;
    const functionRoles = Object.entries(template.findResources('AWS::Lambda::Function')).map(
      ([, fn]) => JSON.stringify((fn as { Properties: Properties }).Properties.Role),
    );
    for (const [id, policy] of Object.entries(template.findResources('AWS::IAM::Policy'))) {
      const { PolicyDocument, Roles } = (policy as { Properties: Properties }).Properties;
      const roles = (Roles as unknown[]).map((role) =>
        JSON.stringify({ 'Fn::GetAtt': [(role as { Ref: string }).Ref, 'Arn'] }),
      );
      if (!roles.some((role) => functionRoles.includes(role))) continue;
      for (const statement of PolicyDocument.Statement as Properties[]) {
        for (const action of [statement.Action].flat() as string[]) {
          if (action.startsWith('logs:')) continue;
          // Active tracing: X-Ray has no resource-level permissions.
          if (action.startsWith('xray:')) {
            expect(statement.Resource, id).toBe('*');
            continue;
          }
          expect(action, `${id}: ${action}`).toMatch(evaluated);
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(Object.keys(functions).length);
  });

  test('tables: keys, on demand, PITR, stream on invitations, TTL on counters; prod keeps them', () => {
    const deployedTables = resources(template, 'AWS::DynamoDB::Table');
    expect(deployedTables).toHaveLength(Object.keys(tables).length);
    // The list's two indexes, every attribute projected (a page shows them as GET does).
    const index = (name: string, partitionKey: string) => ({
      IndexName: name,
      KeySchema: [
        { AttributeName: partitionKey, KeyType: 'HASH' },
        { AttributeName: 'updatedAt', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    });
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'userId', KeyType: 'HASH' }],
      AttributeDefinitions: Match.arrayWith([{ AttributeName: 'userId', AttributeType: 'N' }]),
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      GlobalSecondaryIndexes: [
        index('byOrganization', 'organizationId'),
        index('byOrganizationStatus', 'organizationStatus'),
      ],
    });
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'credentialHash', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'credentialHash', AttributeType: 'S' }],
    });
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'limitId', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
    for (const table of deployedTables) {
      expect(table.Properties).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: stage === 'prod',
      });
      expect(table.DeletionPolicy).toBe(stage === 'prod' ? 'Retain' : 'Delete');
    }
  });

  test('the PUT route: TOKEN authorizer, request validation against the generated model', () => {
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'PUT',
      AuthorizationType: 'CUSTOM',
      AuthorizerId: { Ref: Match.stringLikeRegexp('TokenAuthorizer') },
      RequestValidatorId: { Ref: Match.stringLikeRegexp('RequestValidator') },
      RequestModels: { 'application/json': { Ref: Match.stringLikeRegexp('InvitationUpdate') } },
      RequestParameters: { 'method.request.path.userId': true },
      Integration: { Type: 'AWS_PROXY' },
    });
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'TOKEN',
      IdentitySource: 'method.request.header.Authorization',
      IdentityValidationExpression: '^[Bb][Ee][Aa][Rr][Ee][Rr] +[\\x21-\\x7E]+$',
      AuthorizerResultTtlInSeconds: 300,
    });
    template.hasResourceProperties('AWS::ApiGateway::RequestValidator', {
      ValidateRequestBody: true,
      ValidateRequestParameters: true,
    });
  });

  test('the model: what zod says, minus what API Gateway reads differently', () => {
    const [, model] =
      Object.entries(template.findResources('AWS::ApiGateway::Model')).find(([logicalId]) =>
        logicalId.includes('InvitationUpdate'),
      ) ?? [];
    const schema = model?.Properties.Schema;
    expect(schema).toMatchObject({
      $schema: 'http://json-schema.org/draft-04/schema#',
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      properties: {
        language: { type: 'string', enum: ['ar', 'de', 'en', 'es', 'fr', 'it', 'nl', 'pl', 'cs'] },
        emailAddress: { type: 'string' },
        sendEmail: { type: 'boolean' },
        sendSms: { type: 'boolean' },
      },
    });
    expect(JSON.stringify(schema)).not.toMatch(/"(pattern|format|maxLength)"/);
  });

  test('the preflight: MOCK, no authorizer, 204 with the 12 headers', () => {
    const [options] = resources(template, 'AWS::ApiGateway::Method').filter(
      (m) => m.Properties.HttpMethod === 'OPTIONS',
    );
    expect(options?.Properties).toMatchObject({
      AuthorizationType: 'NONE',
      Integration: { Type: 'MOCK' },
    });
    expect(options?.Properties.AuthorizerId).toBeUndefined();
    const [response] = options?.Properties.Integration.IntegrationResponses ?? [];
    expect(response.StatusCode).toBe('204');
    expect(headersOf(response.ResponseParameters, 'method.response.header.')).toEqual(
      referenceHeaders,
    );
  });

  test('gateway responses: the 12 headers and a JSON error body, for every type', () => {
    const responses = resources(template, 'AWS::ApiGateway::GatewayResponse');
    const types = responses.map((r) => r.Properties.ResponseType).sort();
    expect(types).toEqual(
      [
        'ACCESS_DENIED',
        'INVALID_API_KEY',
        'BAD_REQUEST_BODY',
        'BAD_REQUEST_PARAMETERS',
        'DEFAULT_4XX',
        'DEFAULT_5XX',
        'MISSING_AUTHENTICATION_TOKEN',
        'REQUEST_TOO_LARGE',
        'THROTTLED',
        'UNAUTHORIZED',
      ].sort(),
    );
    const expected: Record<string, [string | undefined, string]> = {
      UNAUTHORIZED: ['401', 'Unauthorized'],
      ACCESS_DENIED: ['403', 'AccessDenied'],
      INVALID_API_KEY: ['403', 'AccessDenied'],
      MISSING_AUTHENTICATION_TOKEN: ['403', 'MissingAuthenticationToken'],
      BAD_REQUEST_BODY: ['400', 'ValidationFailed'],
      BAD_REQUEST_PARAMETERS: ['400', 'ValidationFailed'],
      REQUEST_TOO_LARGE: ['413', 'PayloadTooLarge'],
      THROTTLED: ['429', 'Throttled'],
      DEFAULT_4XX: [undefined, 'RequestRejected'],
      DEFAULT_5XX: [undefined, 'InternalError'],
    };
    for (const { Properties } of responses) {
      const [status, code] = expected[Properties.ResponseType] ?? [];
      expect(Properties.StatusCode).toBe(status);
      const { 'Retry-After': retryAfter, ...headers } = headersOf(
        Properties.ResponseParameters,
        'gatewayresponse.header.',
      );
      expect(headers).toEqual(referenceHeaders);
      expect(retryAfter).toBe(Properties.ResponseType === 'THROTTLED' ? '1' : undefined);
      // API Gateway substitutes $context variables into the body as they are, unescaped:
      // whatever they hold, the body must stay one JSON error.
      const template = Properties.ResponseTemplates['application/json'] as string;
      const worstCase = template.replace(/\$(context|stageVariables)\.[\w.]+/g, '"\\\n\'</x>');
      const body = JSON.parse(worstCase);
      expect(body).toMatchObject({ code, message: expect.any(String) });
      expect(Object.keys(body).sort()).toEqual(['code', 'message']);
    }
  });

  test('the stage: JSON access logs, ERROR execution logs, throttling, tracing', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'v1',
      TracingEnabled: true,
      AccessLogSetting: {
        DestinationArn: Match.anyValue(),
        Format: Match.stringLikeRegexp('"requestId":"\\$context.requestId"'),
      },
      MethodSettings: Match.arrayWith([
        Match.objectLike({
          ResourcePath: '/*',
          HttpMethod: '*',
          LoggingLevel: 'ERROR',
          DataTraceEnabled: false,
          ThrottlingRateLimit: 50,
          ThrottlingBurstLimit: 100,
        }),
      ]),
    });
    // The invitee's routes, open to anyone with a link: half the stage's rate, so they never
    // take all of it; far above what WAF lets one address send, so one client's flood is
    // not everyone's 429. Logged the same.
    for (const action of ['preview', 'accept']) {
      template.hasResourceProperties('AWS::ApiGateway::Stage', {
        MethodSettings: Match.arrayWith([
          Match.objectLike({
            ResourcePath: `/~1v2~1invitations~1${action}`,
            HttpMethod: 'POST',
            LoggingLevel: 'ERROR',
            ThrottlingRateLimit: 25,
            ThrottlingBurstLimit: 50,
          }),
        ]),
      });
    }
    expect(25 * 60).toBeGreaterThan(10 * redemptionRequestsPerIpPerMinute);
    // The account-level logging role lives in its own stack, never in a stage's.
    template.resourceCountIs('AWS::ApiGateway::Account', 0);
  });

  test('delivery: the stream feeds the sender; what fails lands in a queue that raises an alarm', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^InvitationsTable'), 'StreamArn'] },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 10,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: 5,
      DestinationConfig: {
        OnFailure: {
          Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DeliveryDeadLetters'), 'Arn'] },
        },
      },
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 1_209_600,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    // The filter itself is run on the sender's line in metric-filters.test.ts.
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: Match.stringLikeRegexp('^LostDeliveries'),
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 30,
      Environment: {
        Variables: Match.objectLike({
          INVITATIONS_TABLE: Match.anyValue(),
          INVITATION_LINK_BASE_URL: settings.linkBaseUrl,
          EMAIL_FROM: settings.emailFrom,
        }),
      },
    });
  });

  test('events: the stream feeds the publisher onto the stack bus; what fails lands in a queue', () => {
    template.resourceCountIs('AWS::Events::EventBus', 1);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^InvitationsTable'), 'StreamArn'] },
      FunctionName: Match.anyValue(),
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: {
        OnFailure: {
          Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EventsDeadLetters'), 'Arn'] },
        },
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          EVENT_BUS_NAME: { Ref: Match.stringLikeRegexp('^InvitationEvents') },
        }),
      },
    });
    // No webhook unless the settings name one.
    template.resourceCountIs('AWS::Events::ApiDestination', 0);
  });

  test('outputs: the API URL and the table names', () => {
    const outputs = Object.keys(template.findOutputs('*'));
    expect(outputs).toEqual(
      expect.arrayContaining([
        'ApiUrl',
        'InvitationsTableName',
        'CredentialsTableName',
        'AlarmTopicArn',
      ]),
    );
  });

  test("every output the docs tell an operator to copy (<Name>) is one of this stage's", () => {
    const pages = ['README.md', ...readdirSync('docs').map((page) => `docs/${page}`)]
      .filter((path) => path.endsWith('.md'))
      .map((path) => readFileSync(path, 'utf8'));
    const named = new Set(
      pages.flatMap((text) =>
        [...text.matchAll(/<([A-Z][A-Za-z0-9]*(?:Name|Id|Url|Arn))>/g)].map(([, name]) => name),
      ),
    );
    expect(named.size).toBeGreaterThan(3);
    const outputs = Object.keys(template.findOutputs('*'));
    expect(outputs).toEqual(expect.arrayContaining([...named]));
  });

  test('WAF in prod by default, in dev only when asked', () => {
    expect(resources(template, 'AWS::WAFv2::WebACL')).toHaveLength(stage === 'prod' ? 1 : 0);
  });
});

test("an alarm on the month's SMS spend at 80% of its budget (smsMonthlyBudgetUsd)", () => {
  const { template } = synthesize({ smsMonthlyBudgetUsd: '50' });
  template.hasResourceProperties('AWS::CloudWatch::Alarm', {
    Namespace: 'AWS/SNS',
    MetricName: 'SMSMonthToDateSpentUSD',
    Statistic: 'Maximum',
    Threshold: 40,
  });
});

test('context: the accept page hosted on S3 behind CloudFront, and links pointing at it', () => {
  const { template } = synthesize({ acceptPage: 'true' });
  template.hasResourceProperties('AWS::S3::Bucket', {
    PublicAccessBlockConfiguration: {
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    },
  });
  template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
  const [policy] = resources(template, 'AWS::CloudFront::ResponseHeadersPolicy');
  const config = policy?.Properties.ResponseHeadersPolicyConfig;
  expect(config.SecurityHeadersConfig).toMatchObject({
    ReferrerPolicy: { ReferrerPolicy: 'no-referrer' },
    FrameOptions: { FrameOption: 'SAMEORIGIN' },
    StrictTransportSecurity: { AccessControlMaxAgeSec: 31_536_000, IncludeSubdomains: true },
    XSSProtection: { Protection: true, ModeBlock: true },
  });
  expect(JSON.stringify(config.SecurityHeadersConfig.ContentSecurityPolicy)).toContain(
    "default-src 'none'; script-src 'self'",
  );
  expect(config.CustomHeadersConfig.Items.map((item: { Header: string }) => item.Header)).toEqual([
    'Feature-Policy',
    'Permissions-policy',
  ]);
  template.hasResourceProperties('AWS::CloudFront::Distribution', {
    DistributionConfig: Match.objectLike({
      DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'https-only' }),
    }),
  });
  // The sender's links point at the distribution's page.
  const sender = resources(template, 'AWS::Lambda::Function').find(
    ({ Properties }) => Properties.Environment?.Variables?.EMAIL_FROM !== undefined,
  );
  expect(JSON.stringify(sender?.Properties.Environment.Variables.INVITATION_LINK_BASE_URL)).toMatch(
    /AcceptPageDistribution.*\/invitations\/accept/,
  );
  template.hasOutput('AcceptPageUrl', {});
});

test('context: WAF with AWS managed rules, rate rules, a body limit, its decisions logged', () => {
  const { template } = synthesize({ waf: 'true' });
  const [acl] = resources(template, 'AWS::WAFv2::WebACL');
  const rules = acl?.Properties.Rules.map((rule: { Name: string }) => rule.Name);
  expect(rules).toEqual([
    'BodyOverApiLimit',
    'AWSManagedRulesCommonRuleSet',
    'AWSManagedRulesKnownBadInputsRuleSet',
    'RateLimitPerIp',
    'RateLimitRedemptionPerIp',
  ]);
  // The invitee's routes, which take no credential, get a tighter limit per address.
  expect(acl?.Properties.Rules[4].Statement.RateBasedStatement).toMatchObject({
    Limit: redemptionRequestsPerIpPerMinute,
    EvaluationWindowSec: 60,
    AggregateKeyType: 'IP',
    ScopeDownStatement: { ByteMatchStatement: { SearchString: '/v2/invitations/' } },
  });
  // A body over the API's 16 KiB is answered at the edge as the handler answers it, before
  // anything the size of Lambda's 6 MB limit reaches it.
  expect(acl?.Properties.AssociationConfig).toEqual({
    RequestBody: { API_GATEWAY: { DefaultSizeInspectionLimit: 'KB_16' } },
  });
  const [bodyRule] = acl?.Properties.Rules ?? [];
  expect(bodyRule.Statement.SizeConstraintStatement).toMatchObject({
    FieldToMatch: { Body: { OversizeHandling: 'MATCH' } },
    ComparisonOperator: 'GT',
    Size: 16 * 1024,
  });
  const response = bodyRule.Action.Block.CustomResponse;
  expect(response.ResponseCode).toBe(413);
  const body = acl?.Properties.CustomResponseBodies[response.CustomResponseBodyKey];
  expect(body.ContentType).toBe('APPLICATION_JSON');
  expectErrorBody(body.Content, 'PayloadTooLarge');
  expectContractHeaders(
    Object.fromEntries(
      response.ResponseHeaders.map(({ Name, Value }: { Name: string; Value: string }) => [
        Name.toLowerCase(),
        Value,
      ]),
    ),
  );
  // The common rule set blocks bodies over 8 KB; the contract takes 16 KiB and answers 413.
  expect(acl?.Properties.Rules[1].Statement.ManagedRuleGroupStatement.RuleActionOverrides).toEqual([
    { Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } },
  ]);
  template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
  // The log group is referenced (created first), named with the stack's own id (a retained
  // prod group never meets a stack made anew under its name).
  const [logging] = resources(template, 'AWS::WAFv2::LoggingConfiguration');
  const destination = JSON.stringify(logging?.Properties.LogDestinationConfigs);
  expect(destination).toMatch(/"Ref":"WebAclLogs/);
  expect(destination).not.toContain(':*');
  const [wafLogs] = Object.values(
    template.findResources('AWS::Logs::LogGroup', {
      Properties: { LogGroupName: Match.objectLike({ 'Fn::Join': Match.anyValue() }) },
    }),
  ) as { Properties: Properties }[];
  expect(JSON.stringify(wafLogs?.Properties.LogGroupName)).toContain(
    'aws-waf-logs-invitations-api-dev-',
  );
  expect(JSON.stringify(wafLogs?.Properties.LogGroupName)).toContain('AWS::StackId');
});

test('context: cache TTL, throttling, stage name and log retention', () => {
  const { template } = synthesize({
    authorizerCacheTtlSeconds: 0,
    throttlingRateLimit: 5,
    throttlingBurstLimit: 10,
    apiStageName: 'live',
    logRetentionDays: 7,
  });
  template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
    AuthorizerResultTtlInSeconds: 0,
  });
  template.hasResourceProperties('AWS::ApiGateway::Stage', {
    StageName: 'live',
    MethodSettings: Match.arrayWith([
      Match.objectLike({ ResourcePath: '/*', ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 }),
    ]),
  });
  template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
});

test('context: statusIndex=false holds the status index back (the first of two updates)', () => {
  const { template } = synthesize({ statusIndex: 'false' });
  const [invitations] = resources(template, 'AWS::DynamoDB::Table').filter(
    ({ Properties }) => Properties.StreamSpecification !== undefined,
  );
  expect(
    invitations?.Properties.GlobalSecondaryIndexes.map((index: Properties) => index.IndexName),
  ).toEqual(['byOrganization']);
  template.hasResourceProperties('AWS::Lambda::Function', {
    Environment: { Variables: Match.objectLike({ STATUS_INDEX: 'false' }) },
  });
  // The list may query the one index there is.
  const policies = JSON.stringify(resources(template, 'AWS::IAM::Policy'));
  expect(policies).toContain('/index/byOrganization"');
  expect(policies).not.toContain('/index/byOrganizationStatus');
});

test('context: webhooks, each an API destination with its connection, rule and dead letters', () => {
  const { template } = synthesize({
    webhooks: JSON.stringify([
      {
        name: 'crm',
        url: 'https://crm.locks.test/hooks/invitations',
        secretName: 'crm-hook-key',
      },
      {
        name: 'access',
        url: 'https://access.locks.test/grant',
        events: ['accepted', 'revoked'],
        auth: 'basic',
        username: 'invitations',
        secretName: 'access-hook-password',
        rateLimitPerSecond: 2,
      },
    ]),
  });
  template.resourceCountIs('AWS::Events::ApiDestination', 2);
  template.hasResourceProperties('AWS::Events::ApiDestination', {
    InvocationEndpoint: 'https://access.locks.test/grant',
    HttpMethod: 'POST',
    InvocationRateLimitPerSecond: 2,
  });
  template.hasResourceProperties('AWS::Events::Connection', {
    AuthorizationType: 'BASIC',
    AuthParameters: { BasicAuthParameters: { Username: 'invitations' } },
  });
  template.hasResourceProperties('AWS::Events::Connection', { AuthorizationType: 'API_KEY' });
  // The secrets stay in Secrets Manager: the template holds references to them only.
  const connections = JSON.stringify(template.findResources('AWS::Events::Connection'));
  expect(connections).toContain('{{resolve:secretsmanager:access-hook-password:SecretString:::}}');
  template.hasResourceProperties('AWS::Events::Rule', {
    EventBusName: { Ref: Match.stringLikeRegexp('^InvitationEvents') },
    EventPattern: {
      source: ['invitations-api'],
      'detail-type': ['Invitation Accepted', 'Invitation Revoked'],
    },
    Targets: [
      Match.objectLike({
        DeadLetterConfig: {
          Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^WebhookDeadLetters'), 'Arn'] },
        },
        RetryPolicy: { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 },
      }),
    ],
  });
  template.hasResourceProperties('AWS::CloudWatch::Alarm', {
    AlarmName: Match.absent(),
    AlarmDescription: Match.stringLikeRegexp('^WebhookDeadLetters'),
  });
});

test('context: a webhook that is not one is refused', () => {
  const hooks = (list: unknown) => () => synthesize({ webhooks: JSON.stringify(list) });
  expect(hooks([{ name: 'a', url: 'http://plain.test', secretName: 's' }])).toThrow('https://');
  expect(hooks([{ name: 'a b', url: 'https://x.test', secretName: 's' }])).toThrow('.name');
  expect(hooks([{ name: 'a', url: 'https://x.test' }])).toThrow('.secretName');
  expect(hooks([{ name: 'a', url: 'https://x.test', secretName: 's', events: ['lost'] }])).toThrow(
    '.events',
  );
  expect(hooks([{ name: 'a', url: 'https://x.test', secretName: 's', token: 'x' }])).toThrow(
    'unknown token',
  );
});

test('context: the sender link, From address and SES identity', () => {
  const { template } = synthesize({
    linkBaseUrl: 'https://locks.example.org/join',
    emailFrom: 'Locks <no-reply@mail.example.org>',
  });
  template.hasResourceProperties('AWS::Lambda::Function', {
    Environment: {
      Variables: Match.objectLike({
        INVITATION_LINK_BASE_URL: 'https://locks.example.org/join',
        EMAIL_FROM: 'Locks <no-reply@mail.example.org>',
      }),
    },
  });
  expect(JSON.stringify(template.toJSON())).toContain(':identity/mail.example.org');
  expect(() => synthesize({ linkBaseUrl: 'not a url' })).toThrow('linkBaseUrl');
});

test('context: a bad stage or retention is refused', () => {
  expect(() => synthesize({ stage: 'qa' })).toThrow('context stage must be dev or prod');
  expect(() => synthesize({ logRetentionDays: 42 })).toThrow('not a CloudWatch retention');
});

describe('safe to deploy', () => {
  test("API Gateway's account-level role: its own stack, deployed before the stage, skippable", () => {
    const { accountTemplate, stack } = dev;
    accountTemplate?.resourceCountIs('AWS::ApiGateway::Account', 1);
    accountTemplate?.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: 'apigateway.amazonaws.com' } })],
      }),
    });
    expect(stack.dependencies.map((dependency) => dependency.stackName)).toEqual([
      'InvitationsApi-account',
    ]);
    // Deleting the stack leaves the role and the setting: every REST API of the account and
    // region logs through them (CloudFormation would otherwise delete the role under them).
    for (const type of ['AWS::IAM::Role', 'AWS::ApiGateway::Account']) {
      const kept = Object.values(accountTemplate?.findResources(type) ?? {});
      expect(kept.length, type).toBeGreaterThan(0);
      for (const resource of kept) {
        expect(resource, type).toMatchObject({
          DeletionPolicy: 'Retain',
          UpdateReplacePolicy: 'Retain',
        });
      }
    }
    const existing = synthesize({ apiGatewayCloudWatchRole: 'existing' });
    expect(existing.accountTemplate).toBeUndefined();
    expect(existing.stack.dependencies).toEqual([]);
  });

  test('prod with example domains synthesizes, names the fix, and CloudFormation refuses to deploy it', () => {
    /** What the template's deploy-time rules hold, its parameters at their defaults. */
    const deployable = (template: Template) => {
      const { Rules = {}, Parameters = {} } = template.toJSON() as {
        Rules?: Record<string, { Assertions: { Assert: unknown }[] }>;
        Parameters?: Record<string, { Default?: string }>;
      };
      const value = (operand: unknown) =>
        typeof operand === 'object' && operand !== null && 'Ref' in operand
          ? Parameters[String((operand as { Ref: string }).Ref)]?.Default
          : operand;
      return Object.entries(Rules)
        .filter(([id]) => id !== 'CheckBootstrapVersion')
        .every(([, rule]) =>
          rule.Assertions.every(({ Assert }) => {
            const [left, right] = (Assert as { 'Fn::Equals': unknown[] })['Fn::Equals'];
            return value(left) === value(right);
          }),
        );
    };
    const placeholders = synthesize({ stage: 'prod' });
    expect(placeholders.settings.placeholders).toEqual(['linkBaseUrl', 'emailFrom', 'sesIdentity']);
    expect(deployable(placeholders.template)).toBe(false);
    const warnings = Annotations.fromStack(placeholders.stack).findWarning(
      '*',
      Match.stringLikeRegexp('still hold example domains.*npm run deploy -- InvitationsApi-prod'),
    );
    expect(warnings).toHaveLength(1);

    const sesOnly = synthesize({ ...prodContext, sesIdentity: 'mail.example.org' });
    expect(sesOnly.settings.placeholders).toEqual(['sesIdentity']);
    expect(deployable(sesOnly.template)).toBe(false);

    expect(prod.settings.placeholders).toEqual([]);
    expect(deployable(prod.template)).toBe(true);
    // dev keeps its working examples.
    expect(dev.settings.emailFrom).toBe('invitations@example.com');
    expect(deployable(dev.template)).toBe(true);
  });

  test('prod: termination protection; the dead-letter queue outlives the stack', () => {
    expect(prod.stack.terminationProtection).toBe(true);
    expect(dev.stack.terminationProtection).toBe(false);
    const queue = (template: Template) => resources(template, 'AWS::SQS::Queue')[0];
    expect(queue(prod.template)?.DeletionPolicy).toBe('Retain');
    expect(queue(dev.template)?.DeletionPolicy).toBe('Delete');
  });

  test("each function's timeout is above the store budget it waits on", () => {
    const budgetSeconds = storeBudget.totalMs / 1000;
    for (const { Properties } of resources(dev.template, 'AWS::Lambda::Function')) {
      expect(Properties.Timeout).toBeGreaterThanOrEqual(2 * budgetSeconds);
    }
  });

  test("the stack's SES configuration set: named to the sender and granted; its events reach the feedback function", () => {
    const { template } = dev;
    const [setId] = Object.keys(template.findResources('AWS::SES::ConfigurationSet'));
    template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
      ReputationOptions: { ReputationMetricsEnabled: true },
    });
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      ConfigurationSetName: { Ref: setId },
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: ['delivery', 'bounce', 'complaint', 'reject'],
        EventBridgeDestination: {
          EventBusArn: { 'Fn::Join': ['', Match.arrayWith([':event-bus/default'])] },
        },
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ SES_CONFIGURATION_SET: { Ref: setId } }) },
    });
    expect(JSON.stringify(template.toJSON())).toContain(
      JSON.stringify([':configuration-set/', { Ref: setId }]).slice(1, -1),
    );
    const feedbackAlias = Match.stringLikeRegexp('^deliveryfeedback');
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.ses'],
        'detail-type': [
          'Email Delivered',
          'Email Bounced',
          'Email Complaint Received',
          'Email Rejected',
        ],
        detail: { mail: { tags: { 'ses:configuration-set': [{ Ref: setId }] } } },
      },
      Targets: [
        Match.objectLike({
          Arn: { Ref: feedbackAlias },
          DeadLetterConfig: {
            Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FeedbackDeadLetters'), 'Arn'] },
          },
        }),
      ],
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 2,
      DestinationConfig: {
        OnFailure: {
          Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FeedbackDeadLetters'), 'Arn'] },
        },
      },
    });
    expect(() => synthesize({ sesConfigurationSet: 'invitations' })).toThrow(
      /sesConfigurationSet is gone/,
    );
  });

  test('every taggable resource carries the project and stage tags', () => {
    for (const type of [
      'AWS::Lambda::Function',
      'AWS::DynamoDB::Table',
      'AWS::SQS::Queue',
      'AWS::ApiGateway::RestApi',
      'AWS::Logs::LogGroup',
      'AWS::IAM::Role',
    ]) {
      for (const { Properties } of resources(prod.template, type)) {
        expect(Properties.Tags, type).toEqual(
          expect.arrayContaining([
            { Key: 'project', Value: 'invitations-api' },
            { Key: 'stage', Value: 'prod' },
          ]),
        );
      }
    }
  });

  test('alarms notify an e-mail address, or a topic of your own', () => {
    const withEmail = synthesize({ alarmEmail: 'oncall@locks.test' });
    withEmail.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@locks.test',
    });
    const arn = 'arn:aws:sns:eu-west-1:123456789012:oncall';
    const own = synthesize({ alarmTopicArn: arn });
    own.template.resourceCountIs('AWS::SNS::Topic', 0);
    for (const { Properties } of resources(own.template, 'AWS::CloudWatch::Alarm')) {
      expect(Properties.AlarmActions).toEqual([arn]);
    }
    expect(() => synthesize({ alarmEmail: 'not an address' })).toThrow('alarmEmail');
  });

  test('the functions log at the level asked for, and refuse a level Lambda does not know', () => {
    const { template } = synthesize({ logLevel: 'debug' });
    for (const { Properties } of resources(template, 'AWS::Lambda::Function')) {
      expect(Properties.LoggingConfig.ApplicationLogLevel).toBe('DEBUG');
    }
    expect(() => synthesize({ logLevel: 'SILENT' })).toThrow('logLevel must be one of');
  });

  test('log groups encrypted with a customer-managed key when asked', () => {
    const { template } = synthesize({ logsKmsKey: 'true' });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    for (const { Properties } of resources(template, 'AWS::Logs::LogGroup')) {
      expect(Properties.KmsKeyId).toEqual({
        'Fn::GetAtt': [expect.stringMatching(/^LogsKey/), 'Arn'],
      });
    }
  });

  test('callers reach each function through its live alias, a published version', () => {
    const { template } = dev;
    const aliases = resources(template, 'AWS::Lambda::Alias');
    expect(aliases).toHaveLength(Object.keys(functions).length);
    for (const { Properties } of aliases) {
      expect(Properties.Name).toBe('live');
      expect(Properties.FunctionVersion).toEqual({
        'Fn::GetAtt': [expect.stringMatching(/CurrentVersion/), 'Version'],
      });
    }
    const json = JSON.stringify(template.toJSON());
    const [put] = resources(template, 'AWS::ApiGateway::Method').filter(
      (method) => method.Properties.HttpMethod === 'PUT',
    );
    expect(JSON.stringify(put?.Properties.Integration.Uri)).toMatch(/updateinvitationlive/i);
    const [authorizer] = resources(template, 'AWS::ApiGateway::Authorizer');
    expect(JSON.stringify(authorizer?.Properties.AuthorizerUri)).toMatch(/authorizerlive/i);
    const [mapping] = resources(template, 'AWS::Lambda::EventSourceMapping');
    expect(JSON.stringify(mapping?.Properties.FunctionName)).toMatch(/sendinvitationlive.*:live/i);
    expect(json).not.toContain('AWS::CodeDeploy::DeploymentGroup');
  });

  test("prod rolls each function out by CodeDeploy canary, rolled back on the new version's errors", () => {
    const groups = resources(prod.template, 'AWS::CodeDeploy::DeploymentGroup');
    expect(groups).toHaveLength(Object.keys(functions).length);
    for (const { Properties } of groups) {
      expect(Properties.DeploymentConfigName).toBe(
        'CodeDeployDefault.LambdaCanary10Percent5Minutes',
      );
      expect(Properties.AutoRollbackConfiguration).toEqual({
        Enabled: true,
        Events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM'],
      });
      expect(Properties.AlarmConfiguration.Alarms).toEqual([
        { Name: { Ref: expect.stringMatching(/newversionerrors/) } },
      ]);
      // That alarm counts the errors of the alias's invocations of the version being
      // deployed only (ExecutedVersion), not the old version's still taking 90%.
      const alarmId = Properties.AlarmConfiguration.Alarms[0].Name.Ref as string;
      const alarm = prod.template.toJSON().Resources[alarmId].Properties as Properties;
      const dimensions = Object.fromEntries(
        (alarm.Dimensions as { Name: string; Value: unknown }[]).map(({ Name, Value }) => [
          Name,
          Value,
        ]),
      );
      expect(dimensions.ExecutedVersion).toEqual({
        'Fn::GetAtt': [expect.stringMatching(/CurrentVersion/), 'Version'],
      });
      expect(JSON.stringify(dimensions.Resource)).toContain(':live');
    }
    for (const { UpdatePolicy } of Object.values(
      prod.template.findResources('AWS::Lambda::Alias'),
    ) as {
      UpdatePolicy?: Properties;
    }[]) {
      expect(UpdatePolicy?.CodeDeployLambdaAliasUpdate).toBeDefined();
    }
  });

  test('a custom domain: TLS 1.2, mapped to the stage, the execute-api endpoint off', () => {
    const { template } = synthesize({
      domainName: 'invitations.locks.test',
      certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc',
    });
    template.hasResourceProperties('AWS::ApiGateway::DomainName', {
      DomainName: 'invitations.locks.test',
      SecurityPolicy: 'TLS_1_2',
      EndpointConfiguration: { Types: ['REGIONAL'] },
      RegionalCertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc',
    });
    template.resourceCountIs('AWS::ApiGateway::BasePathMapping', 1);
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { DisableExecuteApiEndpoint: true });
    expect(template.findOutputs('ApiUrl').ApiUrl?.Value).toBe('https://invitations.locks.test/');
    dev.template.hasResourceProperties('AWS::ApiGateway::RestApi', {
      DisableExecuteApiEndpoint: false,
    });
    expect(() => synthesize({ domainName: 'invitations.locks.test' })).toThrow(
      'domainName and certificateArn go together',
    );
  });
});

test('context createSesIdentity: the domain identity, its three DKIM records as outputs; none by default', () => {
  const { template } = synthesize({ createSesIdentity: 'true', emailFrom: 'a@mail.locks.test' });
  const identities = resources(template, 'AWS::SES::EmailIdentity');
  expect(identities.map((identity) => identity.Properties.EmailIdentity)).toEqual([
    'mail.locks.test',
  ]);
  const outputs = Object.keys(template.toJSON().Outputs as object).filter((name) =>
    name.startsWith('SenderIdentityDkim'),
  );
  expect(outputs).toHaveLength(3);
  expect(resources(dev.template, 'AWS::SES::EmailIdentity')).toHaveLength(0);
});
