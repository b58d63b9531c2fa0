import type { APIGatewayProxyResult } from 'aws-lambda';
import type { ApiError } from './errors.ts';
import { jsonContentType } from './headers.ts';

/** A JSON response; the contract's headers are added by the middleware stack. */
export function jsonResponse(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyResult {
  return { statusCode, headers: { ...jsonContentType, ...headers }, body: JSON.stringify(body) };
}

/** A response without a body (204); the contract's headers are added by the middleware stack. */
export function emptyResponse(statusCode: 204): APIGatewayProxyResult {
  return { statusCode, headers: {}, body: '' };
}

export function errorResponse(error: ApiError): APIGatewayProxyResult {
  return jsonResponse(
    error.status,
    error.toBody(),
    error.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(error.retryAfterSeconds) },
  );
}
