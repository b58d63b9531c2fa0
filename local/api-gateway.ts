/**
 * API Gateway (REST API, Lambda proxy integration) emulated for local runs: the routes of
 * infra/routes.ts, the TOKEN authorizer with its cache and policy check, the usage plans
 * and throttling of infra/throttling.ts, the CORS preflight and the gateway responses of
 * the stack, in front of the same handlers.
 * No HTTP here (local/server.ts does that), so tests can drive it directly.
 */
import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import type {
  APIGatewayAuthorizerResult,
  APIGatewayProxyEvent,
  APIGatewayProxyResult,
  Context,
} from 'aws-lambda';
import { contractHeaders } from '../functions/shared/http/headers.ts';
import type { AuthorizerContext } from '../functions/shared/identity.ts';
import { type FunctionName, functions } from '../infra/functions.ts';
import { type GatewayResponseType, gatewayResponse } from '../infra/gateway-responses.ts';
import { type Route, routes, tokenAuthorizer } from '../infra/routes.ts';
import { defaultThrottling, type ThrottleLimits } from '../infra/throttling.ts';
import { lambdaContext } from './lambda-context.ts';
import { tokenBuckets } from './token-bucket.ts';

export type LambdaHandler = ((event: never, context: Context) => Promise<unknown>) & {
  /**
   * It ends an invocation at the function's timeout itself, counted from when it runs
   * (function-instances.ts, where an invocation may wait for a free instance first).
   */
  enforcesTimeout?: true;
};

/** API Gateway's limit on an integration, waiting included: past it, 504. */
export const integrationTimeoutMs = 29_000;

class IntegrationTimeout extends Error {}

export interface LocalApiOptions {
  /** The handler of a function: local/function-instances.ts in npm start, fakes in tests. */
  handlerOf: (name: FunctionName) => Promise<LambdaHandler>;
  stage?: string;
  region?: string;
  accountId?: string;
  apiId?: string;
  authorizerCacheTtlSeconds?: number;
  /** API Gateway's 29 s (tests make it shorter). */
  integrationTimeoutMs?: number;
  /** The stack's defaults (infra/throttling.ts) and shared key (SHARED_USAGE_KEY) unless given. */
  throttling?: {
    /** Each method's, unless the route table gives it its own. */
    stage: ThrottleLimits;
    /** The organizations' usage plan: each of its keys a bucket of its own. */
    perOrganization: ThrottleLimits;
    /** The shared plan's key, which has no limits of its own: the stage's hold it. */
    sharedUsageKey: string;
  };
  /** The clock of the throttling buckets, in milliseconds. */
  now?: () => number;
}

export interface HttpRequest {
  method: string;
  /** Path and query string, as on the request line. */
  url: string;
  /** Node's `IncomingMessage.rawHeaders`: names as sent, in order. */
  rawHeaders: string[];
  body: Buffer;
  sourceIp: string;
}

export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

/** API Gateway's own limit on a request payload. */
export const maxRequestBytes = 10 * 1024 * 1024;

interface CompiledRoute extends Route {
  pattern: RegExp;
  parameterNames: string[];
}

const compiledRoutes: CompiledRoute[] = routes.map((route) => {
  const parameterNames: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      const parameter = /^\{(\w+)\}$/.exec(segment)?.[1];
      if (!parameter) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      parameterNames.push(parameter);
      return '([^/]+)';
    })
    .join('/');
  return { ...route, pattern: new RegExp(`^${source}$`), parameterNames };
});

const headerPattern = new RegExp(tokenAuthorizer.validationRegex);

export function createLocalApi(options: LocalApiOptions) {
  const stage = options.stage ?? 'local';
  const region = options.region ?? 'local';
  const accountId = options.accountId ?? '000000000000';
  const apiId = options.apiId ?? 'localapi';
  const ttlMs = (options.authorizerCacheTtlSeconds ?? tokenAuthorizer.cacheTtlSeconds) * 1000;
  /** Per header: the authorizer's result and its policy, compiled once, as API Gateway caches it. */
  const authorizerCache = new Map<
    string,
    { result: APIGatewayAuthorizerResult; allows: PolicyCheck; expires: number }
  >();
  const now = options.now ?? Date.now;
  const throttling = options.throttling ?? {
    ...defaultThrottling,
    sharedUsageKey: process.env.SHARED_USAGE_KEY ?? '',
  };
  // API Gateway applies a stage's limits to each of its methods, a bucket each.
  const methodBuckets = tokenBuckets(
    (method) =>
      compiledRoutes.find((route) => `${route.method} ${route.path}` === method)?.throttling ??
      throttling.stage,
  );
  // Locally every key an authorizer returns is one of the plan's: there is no key registry.
  const usageKeyBuckets = tokenBuckets(() => throttling.perOrganization);

  async function invoke(name: FunctionName, event: unknown): Promise<unknown> {
    const timeoutMs = functions[name].timeoutSeconds * 1000;
    const handler = await options.handlerOf(name);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = handler.enforcesTimeout
        ? setTimeout(
            () => reject(new IntegrationTimeout(`${name} answered nothing in 29 s`)),
            options.integrationTimeoutMs ?? integrationTimeoutMs,
          )
        : setTimeout(() => reject(new Error(`${name} timed out after ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([handler(event as never, lambdaContext(name, timeoutMs)), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The authorizer's verdict for this header: a result, or the gateway response to send. */
  async function authorize(
    header: string | undefined,
    methodArn: string,
  ): Promise<APIGatewayAuthorizerResult | GatewayResponseType> {
    if (header === undefined || !headerPattern.test(header)) return 'UNAUTHORIZED';
    let verdict = authorizerCache.get(header);
    if (verdict === undefined || verdict.expires <= Date.now()) {
      let result: unknown;
      try {
        result = await invoke(tokenAuthorizer.function, {
          type: 'TOKEN',
          methodArn,
          authorizationToken: header,
        });
      } catch (error) {
        // API Gateway's contract with a TOKEN authorizer: this exact message means 401.
        if ((error as Error).message === 'Unauthorized') return 'UNAUTHORIZED';
        console.error(`authorizer failed: ${(error as Error).message}`);
        return 'DEFAULT_5XX';
      }
      if (!isAuthorizerResult(result)) return 'DEFAULT_5XX';
      verdict = { result, allows: compilePolicy(result), expires: Date.now() + ttlMs };
      if (ttlMs > 0) authorizerCache.set(header, verdict);
    }
    return verdict.allows(methodArn) ? verdict.result : 'ACCESS_DENIED';
  }

  async function handle(request: HttpRequest): Promise<HttpResponse & { requestId: string }> {
    const requestId = randomUUID();
    const respond = (response: HttpResponse) => ({
      ...response,
      headers: { ...response.headers, 'x-amzn-RequestId': requestId },
      requestId,
    });
    const fromGateway = (type: GatewayResponseType, statusCode?: number) => {
      const { body, ...rest } = gatewayResponse(type, statusCode);
      return respond({ ...rest, body: Buffer.from(body) });
    };

    const target = requestTarget(request.url);
    if (target === undefined) return fromGateway('MISSING_AUTHENTICATION_TOKEN');
    const { path, query: rawQuery } = target;
    // A path parameter that does not percent-decode matches no route.
    const onPath = compiledRoutes.filter(
      (route) => route.pattern.test(path) && pathParametersOf(route, path) !== undefined,
    );
    if (request.method === 'OPTIONS' && onPath.length > 0) {
      // The stack's preflight: a MOCK integration with the contract's headers, no authorizer.
      return respond({ statusCode: 204, headers: { ...contractHeaders }, body: Buffer.alloc(0) });
    }
    const route = onPath.find((candidate) => candidate.method === request.method);
    if (route === undefined) return fromGateway('MISSING_AUTHENTICATION_TOKEN');
    if (request.body.byteLength > maxRequestBytes) return fromGateway('REQUEST_TOO_LARGE');
    if (!methodBuckets(`${route.method} ${route.path}`, now())) return fromGateway('THROTTLED');

    const { headers, multiValueHeaders } = headersOf(request.rawHeaders);
    const methodArn = `arn:aws:execute-api:${region}:${accountId}:${apiId}/${stage}/${request.method}${path}`;

    let authorizer: (AuthorizerContext & { principalId: string }) | null = null;
    if (route.authorizer === 'token') {
      const verdict = await authorize(
        lastValue(multiValueHeaders, tokenAuthorizer.header),
        methodArn,
      );
      if (typeof verdict === 'string') return fromGateway(verdict);
      // The authenticated routes count against the usage plan of the key the authorizer
      // names (apiKeySource AUTHORIZER): none, and API Gateway answers 403.
      const usageKey = verdict.usageIdentifierKey;
      if (!usageKey) return fromGateway('INVALID_API_KEY');
      if (usageKey !== throttling.sharedUsageKey && !usageKeyBuckets(usageKey, now())) {
        return fromGateway('THROTTLED');
      }
      authorizer = { ...verdict.context, principalId: verdict.principalId };
    }

    const pathParameters = pathParametersOf(route, path) ?? {};
    const query = queryOf(new URLSearchParams(rawQuery));
    const body = bodyOf(request.body);
    const event: APIGatewayProxyEvent = {
      resource: route.path,
      path,
      httpMethod: request.method,
      headers,
      multiValueHeaders,
      queryStringParameters: query.single,
      multiValueQueryStringParameters: query.multi,
      pathParameters: route.parameterNames.length > 0 ? pathParameters : null,
      stageVariables: null,
      body: body.text,
      isBase64Encoded: body.isBase64Encoded,
      requestContext: {
        accountId,
        apiId,
        authorizer,
        domainName: headers.Host ?? headers.host ?? 'localhost',
        httpMethod: request.method,
        path: `/${stage}${path}`,
        protocol: 'HTTP/1.1',
        requestId,
        requestTimeEpoch: Date.now(),
        resourceId: route.path,
        resourcePath: route.path,
        stage,
        identity: requestIdentity(
          request.sourceIp,
          headers['User-Agent'] ?? headers['user-agent'] ?? null,
        ),
      },
    };

    let result: unknown;
    try {
      result = await invoke(route.function, event);
    } catch (error) {
      // A function error or timeout: API Gateway answers 502 with its DEFAULT_5XX response;
      // past its own integration limit (the function still waiting or running), 504.
      console.error(`${route.function} failed: ${(error as Error).message}`);
      return fromGateway('DEFAULT_5XX', error instanceof IntegrationTimeout ? 504 : 502);
    }
    if (!isProxyResult(result)) return fromGateway('DEFAULT_5XX', 502);
    const responseHeaders: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(result.headers ?? {})) {
      responseHeaders[name] = String(value);
    }
    for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) {
      responseHeaders[name] = values.map(String);
    }
    return respond({
      statusCode: result.statusCode,
      headers: responseHeaders,
      body: Buffer.from(result.body ?? '', result.isBase64Encoded ? 'base64' : 'utf8'),
    });
  }

  return { handle, clearAuthorizerCache: () => authorizerCache.clear() };
}

/** `requestContext.identity` of a request without IAM or Cognito: the caller's IP and agent. */
export function requestIdentity(
  sourceIp: string,
  userAgent: string | null,
): APIGatewayProxyEvent['requestContext']['identity'] {
  return {
    accessKey: null,
    accountId: null,
    apiKey: null,
    apiKeyId: null,
    caller: null,
    clientCert: null,
    cognitoAuthenticationProvider: null,
    cognitoAuthenticationType: null,
    cognitoIdentityId: null,
    cognitoIdentityPoolId: null,
    principalOrgId: null,
    sourceIp,
    user: null,
    userAgent,
    userArn: null,
  };
}

/**
 * The path and query of a request target, as sent: no dot segments resolved, no
 * backslashes turned into slashes (a gateway that resolved `/users/10/../14` would route
 * to another user than the one the path names). Only the origin form (`/path?query`) is a
 * route; the absolute and asterisk forms are not.
 */
function requestTarget(url: string): { path: string; query: string } | undefined {
  if (!url.startsWith('/')) return undefined;
  const queryStart = url.indexOf('?');
  return queryStart < 0
    ? { path: url, query: '' }
    : { path: url.slice(0, queryStart), query: url.slice(queryStart + 1) };
}

/** The route's path parameters, percent-decoded; undefined when one does not decode. */
function pathParametersOf(route: CompiledRoute, path: string) {
  const match = route.pattern.exec(path) ?? [];
  const parameters: Record<string, string> = Object.create(null);
  for (const [index, name] of route.parameterNames.entries()) {
    try {
      parameters[name] = decodeURIComponent(match[index + 1] ?? '');
    } catch {
      return undefined;
    }
  }
  return parameters;
}

/**
 * The body as API Gateway hands a non-binary payload to Lambda: UTF-8 text. Bytes that are
 * not UTF-8 go base64-encoded instead, so the handler still counts and sees the raw bytes
 * (decoded with replacement characters they would grow and change).
 */
function bodyOf(bytes: Buffer): { text: string | null; isBase64Encoded: boolean } {
  if (bytes.byteLength === 0) return { text: null, isBase64Encoded: false };
  return isUtf8(bytes)
    ? { text: bytes.toString('utf8'), isBase64Encoded: false }
    : { text: bytes.toString('base64'), isBase64Encoded: true };
}

/**
 * Header and query maps have no prototype: a header named `__proto__`, `constructor` or
 * `toString` is a name like any other.
 */
const emptyMap = <T>(): Record<string, T> => Object.create(null);

function headersOf(rawHeaders: string[]) {
  const headers = emptyMap<string>();
  const multiValueHeaders = emptyMap<string[]>();
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const name = rawHeaders[index] ?? '';
    const value = rawHeaders[index + 1] ?? '';
    headers[name] = value;
    multiValueHeaders[name] = [...(multiValueHeaders[name] ?? []), value];
  }
  return { headers, multiValueHeaders };
}

function lastValue(multiValueHeaders: Record<string, string[]>, name: string) {
  const lower = name.toLowerCase();
  const values = Object.entries(multiValueHeaders)
    .filter(([key]) => key.toLowerCase() === lower)
    .flatMap(([, list]) => list);
  return values.at(-1);
}

function queryOf(params: URLSearchParams) {
  const multi = emptyMap<string[]>();
  for (const [name, value] of params) multi[name] = [...(multi[name] ?? []), value];
  if (Object.keys(multi).length === 0) return { single: null, multi: null };
  const single = emptyMap<string>();
  for (const [name, values] of Object.entries(multi)) single[name] = values.at(-1) ?? '';
  return { single, multi };
}

function isAuthorizerResult(value: unknown): value is APIGatewayAuthorizerResult {
  const result = value as APIGatewayAuthorizerResult | null;
  return (
    typeof result?.principalId === 'string' &&
    Array.isArray(result.policyDocument?.Statement) &&
    (result.context == null || typeof result.context === 'object')
  );
}

function isProxyResult(value: unknown): value is APIGatewayProxyResult {
  return typeof (value as APIGatewayProxyResult | null)?.statusCode === 'number';
}

type PolicyCheck = (methodArn: string) => boolean;

/**
 * IAM-style evaluation of the authorizer's policy for a method ARN: Deny wins. Compiled
 * once per result, since a cached result's policy is evaluated on every request.
 */
function compilePolicy(result: APIGatewayAuthorizerResult): PolicyCheck {
  const statements = result.policyDocument.Statement.map((statement) => {
    const s = statement as {
      Effect?: string;
      Action?: string | string[];
      Resource?: string | string[];
    };
    return {
      effect: s.Effect,
      invokes: [s.Action ?? []]
        .flat()
        .some((action) => wildcard(action).test('execute-api:Invoke')),
      resources: [s.Resource ?? []].flat().map(wildcard),
    };
  });
  return (methodArn) => {
    let allowed = false;
    for (const { effect, invokes, resources } of statements) {
      if (!invokes || !resources.some((resource) => resource.test(methodArn))) continue;
      if (effect === 'Deny') return false;
      if (effect === 'Allow') allowed = true;
    }
    return allowed;
  };
}

/** One evaluation, compiled and used once (the tests of the policy rules). */
export function policyAllows(result: APIGatewayAuthorizerResult, methodArn: string): boolean {
  return compilePolicy(result)(methodArn);
}

/** An IAM pattern (`*` any run, `?` one character) as a regular expression. */
function wildcard(pattern: string): RegExp {
  const source = pattern
    .split('')
    .map((char) =>
      char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${source}$`);
}
