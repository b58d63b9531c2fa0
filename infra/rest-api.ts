/**
 * The REST API, derived from the route table (infra/routes.ts): each route's method and
 * path, its function (through the `live` alias), its request model (from its zod schema)
 * or none, and the TOKEN authorizer or none; a CORS preflight per path; the gateway
 * responses and static header values of the contract; the stage's logs, tracing and
 * throttling; an optional custom domain. The local emulator reads the same table.
 */
import { Aws, Duration, Fn } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { errorCodes } from '../functions/shared/http/errors.ts';
import { contractHeaders } from '../functions/shared/http/headers.ts';
import type { FunctionName } from './functions.ts';
import {
  type GatewayResponseType,
  gatewayResponse,
  gatewayResponses,
} from './gateway-responses.ts';
import { logGroup } from './log-groups.ts';
import { requestModelSchema } from './request-model.ts';
import { pathParameterNames, type Route, routes, tokenAuthorizer } from './routes.ts';
import type { StackSettings } from './stack-settings.ts';

export interface RestApiProps {
  readonly settings: StackSettings;
  /** What each function name of the route table invokes (its alias). */
  readonly functions: Readonly<Record<FunctionName, lambda.IFunction>>;
}

/**
 * A static header value in a method or gateway response: the value between a pair of
 * single quotes, as API Gateway documents it. There is no escape syntax: inner quotes (the
 * CSP's 'none') stand as they are; a backslash would be served as part of the value.
 */
const quoted = (value: string) => `'${value}'`;

export class RestApiFromRoutes extends Construct {
  readonly api: apigateway.RestApi;
  /** The methods of the route table, by `METHOD path`. */
  readonly methods = new Map<string, apigateway.Method>();
  readonly url: string;
  /** Where a custom domain's DNS points, when there is one. */
  readonly domainTarget: string | undefined;
  /** The usage plan whose keys are the organizations' own (`npm run credentials`). */
  readonly organizationsUsagePlan: apigateway.UsagePlan;
  /** The key of the usage plan for organizations without one: the authorizer's fallback. */
  readonly sharedUsageKey: string;

  constructor(scope: Construct, id: string, props: RestApiProps) {
    super(scope, id);
    const { settings } = props;

    const accessLogs = logGroup(this, 'AccessLogs', settings);
    this.api = new apigateway.RestApi(this, 'Api', {
      restApiName: `invitations-api-${settings.stage}`,
      description: 'Invitations API',
      endpointTypes: [apigateway.EndpointType.REGIONAL],
      // With a domain of your own, the execute-api URL would be a second, unguarded door.
      disableExecuteApiEndpoint: settings.domain !== undefined,
      cloudWatchRole: false,
      // The authorizer names the usage plan key a request counts against, never the caller.
      apiKeySourceType: apigateway.ApiKeySourceType.AUTHORIZER,
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
        methodOptions: Object.fromEntries(
          routes
            .filter((route) => route.throttling !== undefined)
            .map((route) => [
              `${route.path}/${route.method}`,
              {
                // A method's settings replace the stage's for it: logging and metrics too.
                loggingLevel: apigateway.MethodLoggingLevel.ERROR,
                dataTraceEnabled: false,
                metricsEnabled: true,
                throttlingRateLimit: route.throttling?.rateLimit,
                throttlingBurstLimit: route.throttling?.burstLimit,
              },
            ]),
        ),
      },
    });
    const api = this.api;
    // The API kept its logical id when it moved into this construct: a new id would be a
    // new REST API, and a new execute-api URL for every client of a deployed stage.
    (api.node.defaultChild as apigateway.CfnRestApi).overrideLogicalId('ApiF70053CD');

    const authorizer = new apigateway.TokenAuthorizer(this, 'TokenAuthorizer', {
      handler: props.functions[tokenAuthorizer.function],
      identitySource: apigateway.IdentitySource.header(tokenAuthorizer.header),
      validationRegex: tokenAuthorizer.validationRegex,
      resultsCacheTtl: Duration.seconds(settings.authorizerCacheTtlSeconds),
    });
    const validator = api.addRequestValidator('RequestValidator', {
      validateRequestBody: true,
      validateRequestParameters: true,
    });

    // One model per schema name: routes that take the same body share it.
    const models = new Map<string, apigateway.Model>();
    const modelOf = (requestSchema: NonNullable<Route['requestSchema']>) => {
      const existing = models.get(requestSchema.name);
      if (existing) return existing;
      const model = api.addModel(requestSchema.name, {
        contentType: 'application/json',
        schema: requestModelSchema(requestSchema),
      });
      models.set(requestSchema.name, model);
      return model;
    };

    const withPreflight = new Set<string>();
    for (const route of routes) {
      const resource = api.root.resourceForPath(route.path);
      const model = route.requestSchema && modelOf(route.requestSchema);
      const method = resource.addMethod(
        route.method,
        new apigateway.LambdaIntegration(props.functions[route.function]),
        {
          ...(route.authorizer === 'token'
            ? {
                authorizer,
                authorizationType: apigateway.AuthorizationType.CUSTOM,
                // Counted against the key the authorizer returns: its organization's share.
                apiKeyRequired: true,
              }
            : { authorizationType: apigateway.AuthorizationType.NONE }),
          requestValidator: validator,
          ...(model ? { requestModels: { 'application/json': model } } : {}),
          // Query parameters are optional (false): the function validates their values.
          requestParameters: Object.fromEntries([
            ...pathParameterNames(route.path).map((name) => [`method.request.path.${name}`, true]),
            ...Object.keys(route.querySchema?.def.shape ?? {}).map((name) => [
              `method.request.querystring.${name}`,
              false,
            ]),
          ]),
        },
      );
      this.methods.set(`${route.method} ${route.path}`, method);
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

    // Fair shares: each organization's requests count against a key of its own in this
    // plan, so one organization's script meets its own limit before the stage's. The keys
    // are made with the organizations' credentials (npm run credentials).
    this.organizationsUsagePlan = api.addUsagePlan('OrganizationsUsagePlan', {
      description: "Each organization's share of the API: one API key per organization",
      throttle: {
        rateLimit: settings.organizationRateLimit,
        burstLimit: settings.organizationBurstLimit,
      },
      apiStages: [{ api, stage: api.deploymentStage }],
    });
    // Organizations without a key of their own yet (credentials from before the plan) share
    // this plan's one key, with no limits beyond the stage's: they keep working as before.
    const sharedPlan = api.addUsagePlan('SharedUsagePlan', {
      description: 'Organizations without a key of their own: the stage limits only',
      apiStages: [{ api, stage: api.deploymentStage }],
    });
    // A value of this stack's own (API key values are unique in a region); not a secret:
    // with the AUTHORIZER key source, API Gateway takes keys from the authorizer alone.
    this.sharedUsageKey = `shared-${Fn.select(2, Fn.split('/', Aws.STACK_ID))}`;
    sharedPlan.addApiKey(
      new apigateway.ApiKey(this, 'SharedUsageKey', {
        description: 'The usage plan key of organizations without one of their own',
        value: this.sharedUsageKey,
      }),
    );

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
      this.domainTarget = domain.domainNameAliasDomainName;
    }
    this.url = settings.domain ? `https://${settings.domain.name}/` : api.url;
  }
}

/** The stack's CORS preflight: a MOCK integration answering 204 with the contract's headers. */
function preflight(resource: apigateway.IResource) {
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
            Object.keys(contractHeaders).map((name) => [`method.response.header.${name}`, true]),
          ),
        },
      ],
    },
  );
}
