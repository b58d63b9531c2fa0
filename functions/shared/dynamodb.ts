/**
 * The one DynamoDB client of a function instance, created at init and reused by every
 * request. Timeouts are short and retries bounded so that a failing store answers a fast
 * 503 instead of holding the caller (and the Lambda) until API Gateway's 29 s limit.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ApiError } from './http/errors.ts';

const endpoint = process.env.DYNAMODB_ENDPOINT || undefined;

/** Where and as whom to reach DynamoDB; a streams client must use the same. */
export const dynamodbConnection = endpoint
  ? {
      endpoint,
      // DynamoDB Local accepts any credentials; don't make a newcomer configure AWS for it.
      region: process.env.AWS_REGION ?? 'us-east-1',
      credentials: {
        accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? 'local',
        secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
      },
    }
  : {};

export const dynamodb = new DynamoDBClient({
  ...dynamodbConnection,
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 },
});

const transientErrorNames = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'LimitExceededException',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);

const networkErrorCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
]);

/** True when the store is unreachable, throttling or briefly failing: a 503, not a 500. */
function isStoreUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return (
    transientErrorNames.has(error.name) ||
    (typeof code === 'string' && networkErrorCodes.has(code)) ||
    (status !== undefined && status >= 500)
  );
}

/** Rethrows a store failure as the API's 503 when it is transient, unchanged otherwise. */
export function rethrowStoreError(error: unknown): never {
  if (isStoreUnavailable(error)) throw new ApiError('ServiceUnavailable', { cause: error });
  throw error;
}
