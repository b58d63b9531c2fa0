/**
 * The DynamoDB client of a function instance (each handler creates one at init and passes
 * it on), and the time budget every request to the store keeps: a stalled, trickling or
 * unreachable store answers a 503 within `storeBudget.totalMs`, well inside every
 * function's timeout (infra/functions.ts), instead of holding the caller.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ApiError } from './http/errors.ts';

/** Where and as whom to reach DynamoDB; a streams client must use the same. */
export interface DynamoDbConnection {
  endpoint?: string;
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/**
 * AWS's DynamoDB as the runtime's environment says, or the endpoint DYNAMODB_ENDPOINT
 * names (DynamoDB Local accepts any credentials: without any in the environment, a
 * placeholder, so a newcomer configures nothing; with them, the SDK reads them itself).
 */
export function dynamodbConnectionFrom(env: NodeJS.ProcessEnv): DynamoDbConnection {
  const endpoint = env.DYNAMODB_ENDPOINT || undefined;
  if (!endpoint) return {};
  return {
    endpoint,
    region: env.AWS_REGION ?? 'us-east-1',
    ...(env.AWS_ACCESS_KEY_ID
      ? {}
      : { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  };
}

/**
 * DynamoDB answers in milliseconds; an attempt still open after a second is a stalled
 * store, not a slow one. `throwOnRequestTimeout` makes the request timeout abort the
 * attempt (without it the SDK only logs a warning and waits on). The request timeout ends
 * when the response headers arrive, so a trickled body is cut by the total instead, which
 * also bounds the retries' backoff.
 */
export const storeBudget = {
  attempts: 3,
  connectionTimeoutMs: 500,
  requestTimeoutMs: 1_000,
  totalMs: 2_500,
} as const;

export function createDynamoDbClient(connection: DynamoDbConnection = {}): DynamoDBClient {
  return new DynamoDBClient({
    ...connection,
    maxAttempts: storeBudget.attempts,
    requestHandler: {
      connectionTimeout: storeBudget.connectionTimeoutMs,
      requestTimeout: storeBudget.requestTimeoutMs,
      throwOnRequestTimeout: true,
    },
  });
}

/**
 * Runs one request to the store, its retries included, within the budget:
 * `withinStoreBudget((budget) => client.send(command, budget))`. The timer is cleared as soon
 * as the request settles (AbortSignal.timeout would cost four times as much per request and
 * fire long after it).
 */
export async function withinStoreBudget<T>(
  send: (budget: { abortSignal: AbortSignal }) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DOMException('The store budget ran out', 'TimeoutError')),
    storeBudget.totalMs,
  );
  try {
    return await send({ abortSignal: controller.signal });
  } finally {
    clearTimeout(timer);
  }
}

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
  // The budget ran out (withinStoreBudget).
  'AbortError',
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
