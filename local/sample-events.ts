/**
 * API Gateway REST (v1) proxy events of this API, as its handlers receive them (the
 * authorizer's context in place): for tests, `npm run generate-event` and events/.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import {
  type AuthorizerContext,
  type Caller,
  toAuthorizerContext,
} from '../functions/shared/identity.ts';
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

export interface InvitationEventOptions {
  /** PUT (the default, with a JSON body), or GET / DELETE (no body, no Content-Type). */
  method?: 'PUT' | 'GET' | 'DELETE';
  userId?: string;
  body?: unknown;
  /** A raw body string, sent as is (for malformed JSON and size tests). */
  rawBody?: string | null;
  contentType?: string | null;
  headers?: Record<string, string>;
  caller?: Caller | null;
  isBase64Encoded?: boolean;
}

export function invitationEvent(options: InvitationEventOptions = {}): APIGatewayProxyEvent {
  const method = options.method ?? 'PUT';
  const withBody = method === 'PUT';
  const userId = options.userId ?? '5';
  const contentType =
    options.contentType === undefined
      ? withBody
        ? 'application/json'
        : null
      : options.contentType;
  const headers: Record<string, string> = {
    Accept: 'application/json',
    Authorization: 'Bearer 0afdf1dc-06f5-465b-a094-aa4196f6e7df',
    Host: 'localhost:3000',
    ...(contentType === null ? {} : { 'Content-Type': contentType }),
    ...options.headers,
  };
  const caller = options.caller === undefined ? adminOfOrg100 : options.caller;
  const authorizer: AuthorizerContext | null = caller ? toAuthorizerContext(caller) : null;
  const body =
    options.rawBody !== undefined
      ? options.rawBody
      : withBody
        ? JSON.stringify(options.body ?? { sendEmail: true })
        : null;
  const path = `/v2/users/${userId}/invitation`;
  return {
    resource: '/v2/users/{userId}/invitation',
    path,
    httpMethod: method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: { userId },
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
      resourcePath: '/v2/users/{userId}/invitation',
      stage: 'v1',
      identity: requestIdentity('127.0.0.1', 'curl/8.5.0'),
    },
  };
}

/** A POST of the invitee's routes (no credential: the body carries the link's token). */
export function redemptionEvent(
  action: 'preview' | 'accept',
  body: unknown,
  options: { rawBody?: string; contentType?: string | null } = {},
): APIGatewayProxyEvent {
  const event = invitationEvent({
    caller: null,
    ...(options.rawBody === undefined ? { body } : { rawBody: options.rawBody }),
    ...(options.contentType === undefined ? {} : { contentType: options.contentType }),
  });
  const { Authorization: _, ...headers } = event.headers;
  return {
    ...onRoute(event, 'POST', `/v2/invitations/${action}`),
    headers,
    multiValueHeaders: Object.fromEntries(
      Object.entries(headers).flatMap(([k, v]) => (v === undefined ? [] : [[k, [v]]])),
    ),
  };
}

/** The event as it reaches another route without path parameters. */
function onRoute(
  event: APIGatewayProxyEvent,
  method: 'GET' | 'POST',
  path: string,
): APIGatewayProxyEvent {
  return {
    ...event,
    resource: path,
    path,
    httpMethod: method,
    pathParameters: null,
    requestContext: {
      ...event.requestContext,
      httpMethod: method,
      path: `/v1${path}`,
      resourcePath: path,
    },
  };
}

/** POST /v2/users: a create, with a caller (an admin of organization 100 by default). */
export function creationEvent(
  options: Omit<InvitationEventOptions, 'method' | 'userId'> = {},
): APIGatewayProxyEvent {
  const event = invitationEvent({
    body: { emailAddress: 'new.user@example.com', language: 'en', sendEmail: true },
    ...options,
  });
  return onRoute(event, 'POST', '/v2/users');
}

/** GET /v2/invitations with a query string (members may list too). */
export function listEvent(
  query: Record<string, string> = {},
  options: Pick<InvitationEventOptions, 'caller' | 'headers'> = {},
): APIGatewayProxyEvent {
  const event = invitationEvent({ method: 'GET', ...options });
  const entries = Object.entries(query);
  return {
    ...onRoute(event, 'GET', '/v2/invitations'),
    queryStringParameters: entries.length === 0 ? null : query,
    multiValueQueryStringParameters:
      entries.length === 0 ? null : Object.fromEntries(entries.map(([k, v]) => [k, [v]])),
  };
}
