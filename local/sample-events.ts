/**
 * API Gateway REST (v1) proxy events of this API, as its handlers receive them (the
 * authorizer's context in place), for any route of the route table: for tests,
 * `npm run generate-event` and events/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import {
  type AuthorizerContext,
  type Caller,
  toAuthorizerContext,
} from '../functions/shared/identity.ts';
import { pathParameterNames, type Route, routes } from '../infra/routes.ts';
import { requestIdentity } from './api-gateway.ts';

export const adminOfOrg100: Caller = {
  principalId: 'user/1',
  organizationId: 100,
  roles: ['admin'],
  credentialKind: 'session',
  userId: 1,
};
export const memberOfOrg100: Caller = {
  ...adminOfOrg100,
  principalId: 'user/3',
  roles: ['member'],
  userId: 3,
};
export const ownerOfOrg200: Caller = {
  principalId: 'user/2',
  organizationId: 200,
  roles: ['owner'],
  credentialKind: 'session',
  userId: 2,
};
export const apiKeyOfOrg100: Caller = {
  principalId: 'apikey/0123456789abcdef',
  organizationId: 100,
  roles: ['admin'],
  credentialKind: 'apiKey',
};

export interface ApiEventOptions {
  /** The path's `{name}` parameters (default: userId 5). */
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  /** The JSON body (default: the route's request example); routes without one carry none. */
  body?: unknown;
  /** A raw body string, sent as is (for malformed JSON and size tests). */
  rawBody?: string | null;
  contentType?: string | null;
  headers?: Record<string, string>;
  /** The authorizer's caller (default: an admin of organization 100 on a token route). */
  caller?: Caller | null;
  isBase64Encoded?: boolean;
}

/** The event of any route of the route table, as its function receives it. */
export function apiEvent(
  route: Pick<Route, 'method' | 'path' | 'authorizer' | 'requestSchema'>,
  options: ApiEventOptions = {},
): APIGatewayProxyEvent {
  const { method } = route;
  const withBody = route.requestSchema !== undefined;
  const pathParameters = Object.fromEntries(
    pathParameterNames(route.path).map((name) => [
      name,
      options.pathParameters?.[name] ?? (name === 'userId' ? '5' : ''),
    ]),
  );
  const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => pathParameters[name] ?? '');
  const contentType =
    options.contentType === undefined
      ? withBody
        ? 'application/json'
        : null
      : options.contentType;
  const headers: Record<string, string> = {
    Accept: 'application/json',
    ...(route.authorizer === 'token'
      ? { Authorization: 'Bearer 0afdf1dc-06f5-465b-a094-aa4196f6e7df' }
      : {}),
    Host: 'localhost:3000',
    ...(contentType === null ? {} : { 'Content-Type': contentType }),
    ...options.headers,
  };
  const caller =
    options.caller === undefined
      ? route.authorizer === 'token'
        ? adminOfOrg100
        : null
      : options.caller;
  const authorizer: AuthorizerContext | null = caller ? toAuthorizerContext(caller) : null;
  const body =
    options.rawBody !== undefined
      ? options.rawBody
      : withBody
        ? JSON.stringify(options.body ?? route.requestSchema?.example)
        : null;
  const query = options.query && Object.keys(options.query).length > 0 ? options.query : null;
  return {
    resource: route.path,
    path,
    httpMethod: method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: query,
    multiValueQueryStringParameters: query
      ? Object.fromEntries(Object.entries(query).map(([k, v]) => [k, [v]]))
      : null,
    pathParameters: Object.keys(pathParameters).length > 0 ? pathParameters : null,
    stageVariables: null,
    body,
    isBase64Encoded: options.isBase64Encoded ?? false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'local',
      authorizer,
      domainName: 'localhost',
      httpMethod: method,
      path: `/v1${path}`,
      protocol: 'HTTP/1.1',
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      requestTimeEpoch: 1_700_000_000_000,
      resourceId: 'abc123',
      resourcePath: route.path,
      stage: 'v1',
      identity: requestIdentity('127.0.0.1', 'curl/8.5.0'),
    },
  };
}

/** The route a function serves (each has at most one). */
function routeOf(functionName: string): Route {
  const route = routes.find((candidate) => candidate.function === functionName);
  if (!route) throw new Error(`${functionName} serves no route`);
  return route;
}

export interface InvitationEventOptions extends Omit<ApiEventOptions, 'pathParameters' | 'query'> {
  /** PUT (the default, with a JSON body), or GET / DELETE (no body, no Content-Type). */
  method?: 'PUT' | 'GET' | 'DELETE';
  userId?: string;
}

const invitationRoutes = {
  PUT: 'update-invitation',
  GET: 'get-invitation',
  DELETE: 'revoke-invitation',
} as const;

/** A route of a user's invitation; a PUT asks for an e-mail unless told otherwise. */
export function invitationEvent(options: InvitationEventOptions = {}): APIGatewayProxyEvent {
  const { method = 'PUT', userId = '5', ...rest } = options;
  return apiEvent(routeOf(invitationRoutes[method]), {
    ...(method === 'PUT' ? { body: { sendEmail: true } } : {}),
    ...rest,
    pathParameters: { userId },
  });
}

/** A POST of the invitee's routes (no credential: the body carries the link's token). */
export function redemptionEvent(
  action: 'preview' | 'accept',
  body: unknown,
  options: { rawBody?: string; contentType?: string | null } = {},
): APIGatewayProxyEvent {
  return apiEvent(routeOf(`${action}-invitation`), {
    ...(options.rawBody === undefined ? { body } : { rawBody: options.rawBody }),
    ...(options.contentType === undefined ? {} : { contentType: options.contentType }),
  });
}

/** POST /v2/users: a create, with a caller (an admin of organization 100 by default). */
export function creationEvent(
  options: Omit<InvitationEventOptions, 'method' | 'userId'> = {},
): APIGatewayProxyEvent {
  return apiEvent(routeOf('create-invitation'), {
    body: { emailAddress: 'new.user@example.com', language: 'en', sendEmail: true },
    ...options,
  });
}

/** GET /v2/invitations with a query string (members may list too). */
export function listEvent(
  query: Record<string, string> = {},
  options: Pick<InvitationEventOptions, 'caller' | 'headers'> = {},
): APIGatewayProxyEvent {
  return apiEvent(routeOf('list-invitations'), { query, ...options });
}

export interface SampleEvent {
  /** `<function>.<case>.<outcome>.json` in events/. */
  file: string;
  /** The function and outcome its name says; empty when the name says none. */
  functionName: string;
  outcome: string;
  event: unknown;
}

const eventsDir = join(import.meta.dirname, '..', 'events');

/** The sample events of events/, of one function or of all, in name order. */
export function sampleEvents(functionName?: string): SampleEvent[] {
  return readdirSync(eventsDir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const [, name = '', , outcome = ''] = /^([\w-]+)\.([\w-]+)\.([\w-]+)\.json$/.exec(file) ?? [];
      const event = JSON.parse(readFileSync(join(eventsDir, file), 'utf8')) as unknown;
      return { file, functionName: name, outcome, event };
    })
    .filter((sample) => functionName === undefined || sample.functionName === functionName);
}
