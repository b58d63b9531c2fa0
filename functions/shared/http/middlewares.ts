/**
 * The middy stack of every HTTP handler, in its order. middy runs `before` hooks in the
 * order of this list and `after`/`onError` hooks in reverse, so read it top-down for the
 * way in and bottom-up for the way out:
 *
 *   way in:  request log (correlation id) -> ... -> normalize header names -> body size
 *            -> JSON media type and UTF-8 text -> JSON body parser -> handler
 *   way out: error -> JSON error response -> CORS -> security headers -> contract-only
 *            headers -> request log line
 *
 * `errorResponse` sets `request.response` and returns nothing: an onError hook that
 * returned a value would skip the hooks after it, and the header hooks only act once a
 * response exists. That is how every error still gets the contract's headers.
 */
import type middy from '@middy/core';
import httpCors from '@middy/http-cors';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import httpSecurityHeaders from '@middy/http-security-headers';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { logger } from '../logger.ts';
import { countMetric } from '../metrics.ts';
import { ApiError } from './errors.ts';
import { corsHeaders, securityHeaders } from './headers.ts';
import { errorResponse } from './responses.ts';

type Middleware = middy.MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult>;
type Request = middy.Request<APIGatewayProxyEvent, APIGatewayProxyResult>;

/** The largest body the API takes (413 above): the handler and the edge (WAF) both hold it. */
export const maxBodyBytes = 16 * 1024;

/** 413 on a raw body (after base64 decoding) over the limit, before anything parses it. */
const bodySizeLimit: Middleware = {
  before: ({ event }) => {
    if (event.body == null) return;
    const bytes = event.isBase64Encoded
      ? Buffer.from(event.body, 'base64').byteLength
      : Buffer.byteLength(event.body, 'utf8');
    if (bytes > maxBodyBytes) throw new ApiError('PayloadTooLarge');
  },
};

/**
 * `application/json` or `application/*+json`, parameters allowed (RFC 9110 media type:
 * optional white space around each `;`, which middy's own check refuses).
 */
const jsonMediaType = /^application\/(?:[\w.+-]+\+)?json[ \t]*(?:;.*)?$/i;

/** A base64 body turned into text; not UTF-8 is not JSON (RFC 8259). */
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** 415 unless the body is declared JSON; then the body as text, 400 if it is not UTF-8. */
const jsonBody: Middleware = {
  before: ({ event }) => {
    // Header names are lower case here (http-header-normalizer).
    if (!jsonMediaType.test(event.headers?.['content-type'] ?? '')) {
      throw new ApiError('UnsupportedMediaType');
    }
    if (event.body == null || !event.isBase64Encoded) return;
    try {
      event.body = utf8.decode(Buffer.from(event.body, 'base64'));
    } catch {
      throw new ApiError('MalformedJson');
    }
    event.isBase64Encoded = false;
  },
};

/** Any error -> the contract's JSON error response. */
const errorResponseMiddleware: Middleware = {
  onError: (request) => {
    request.response = errorResponse(toApiError(request.error));
  },
};

function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const { statusCode, message, cause } = (error ?? {}) as {
    statusCode?: unknown;
    message?: unknown;
    cause?: { data?: unknown };
  };
  // middy's JSON body parser refuses `__proto__` (and a `constructor` with a `prototype`)
  // as a key: valid JSON, but no field of ours.
  if (statusCode === 422 && message === 'Forbidden key in JSON body') {
    return new ApiError('ValidationFailed', {
      errors: [{ path: String(cause?.data), message: 'is not a known field' }],
    });
  }
  // middy's JSON body parser: 422 for bad JSON (ours: 400).
  if (statusCode === 422) return new ApiError('MalformedJson');
  // middy ends the handler just before Lambda's own timeout would: answer, don't hang.
  if (error instanceof Error && error.name === 'TimeoutError') {
    return new ApiError('ServiceUnavailable');
  }
  return new ApiError('InternalError');
}

/** The contract's security headers that @middy/http-security-headers cannot express. */
const ownSecurityHeaderNames = [
  'X-XSS-Protection',
  'Content-Security-Policy',
  'Feature-Policy',
  'Permissions-policy',
] as const;
const ownSecurityHeaders = Object.fromEntries(
  ownSecurityHeaderNames.map((name) => [name, securityHeaders[name]]),
);

const addOwnSecurityHeaders = (request: Request) => {
  if (request.response == null) return;
  request.response.headers = { ...request.response.headers, ...ownSecurityHeaders };
};
const ownSecurityHeadersMiddleware: Middleware = {
  after: addOwnSecurityHeaders,
  onError: addOwnSecurityHeaders,
};

/** Everything else middy's security headers would add is off: the contract lists them all. */
const middySecurityHeaders = httpSecurityHeaders({
  contentTypeOptions: { action: securityHeaders['X-Content-Type-Options'] },
  frameOptions: { action: securityHeaders['X-Frame-Options'].toLowerCase() },
  referrerPolicy: { policy: 'no-referrer' },
  strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true, preload: false },
  contentSecurityPolicy: false,
  crossOriginEmbedderPolicy: false,
  crossOriginOpenerPolicy: false,
  crossOriginResourcePolicy: false,
  dnsPrefetchControl: false,
  downloadOptions: false,
  originAgentCluster: false,
  permissionsPolicy: false,
  permittedCrossDomainPolicies: false,
  reportingEndpoints: false,
  reportTo: false,
  xssProtection: false,
});

const middyCors = httpCors({
  origin: corsHeaders['Access-Control-Allow-Origin'],
  headers: corsHeaders['Access-Control-Allow-Headers'],
  methods: corsHeaders['Access-Control-Allow-Methods'],
  exposeHeaders: corsHeaders['Access-Control-Expose-Headers'],
});

/**
 * One log line and one `Requests` metric per request: outcome and request id, never the
 * body or the credential.
 */
const requestLog: Middleware = {
  before: ({ event }) => {
    logger.setCorrelationId(event.requestContext?.requestId);
  },
  after: (request) => logRequest(request),
  onError: (request) => logRequest(request),
};

function logRequest({ event, response, error }: Request) {
  const statusCode = response?.statusCode ?? 500;
  const code = error == null ? undefined : toApiError(error).code;
  const line = {
    httpMethod: event.httpMethod,
    resource: event.resource,
    userId: event.pathParameters?.userId,
    statusCode,
    ...(code === undefined ? {} : { code }),
  };
  countMetric('Requests', {
    Route: `${event.httpMethod} ${event.resource}`,
    Outcome: code ?? String(statusCode),
  });
  // A 5xx is ours to fix: keep the cause (the SDK's error, never request data) beside it.
  if (statusCode >= 500) logger.error('request completed', { ...line, error });
  else logger.info('request completed', line);
}

/**
 * The stack for a route with a JSON body (`body: 'json'`) or without one (`'none'`: GET,
 * DELETE; a body sent anyway is ignored, as no route reads it).
 */
export function httpMiddlewares({ body }: { body: 'json' | 'none' }): Middleware[] {
  const common = [
    requestLog,
    ownSecurityHeadersMiddleware,
    middySecurityHeaders,
    middyCors,
    errorResponseMiddleware,
    httpHeaderNormalizer(),
  ];
  if (body === 'none') return common;
  return [
    ...common,
    bodySizeLimit,
    jsonBody,
    httpJsonBodyParser({ disableContentTypeCheck: true }),
  ];
}
