/** Assertions of the contract that every suite makes the same way. */
import { expect } from 'vitest';

/**
 * The 12 headers as the API reference prints them, copied here on purpose: the tests'
 * oracle is the reference, not functions/shared/http/headers.ts, which they check.
 */
export const referenceHeaders: Record<string, string> = {
  'Access-Control-Expose-Headers': 'authorization, content-type',
  'Access-Control-Allow-Headers': 'authorization, content-type',
  'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS, PUT',
  'Access-Control-Allow-Origin': '*',
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
  'X-Frame-Options': 'SAMEORIGIN',
  'X-Content-Type-Options': 'nosniff',
  'X-XSS-Protection': '1; mode=block',
  'Content-Security-Policy':
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'Referrer-Policy': 'no-referrer',
  'Feature-Policy': 'self',
  'Permissions-policy': 'interest-cohort=()',
};

/** Header names the contract lets appear beside its 12. */
const allowedExtraHeaders = new Set([
  'content-type',
  'retry-after',
  'date',
  'content-length',
  'connection',
  'keep-alive',
  'x-amzn-requestid',
  'x-amz-apigw-id',
  'x-amzn-trace-id',
]);

/** Exactly the contract's 12 headers (names case-insensitive), and nothing foreign. */
export function expectContractHeaders(headers: Record<string, unknown> | undefined) {
  const lower = Object.fromEntries(
    Object.entries(headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
  );
  for (const [name, value] of Object.entries(referenceHeaders)) {
    expect(lower[name.toLowerCase()], name).toBe(value);
  }
  const contractNames = new Set(Object.keys(referenceHeaders).map((name) => name.toLowerCase()));
  const foreign = Object.keys(lower).filter(
    (name) => !contractNames.has(name) && !allowedExtraHeaders.has(name),
  );
  expect(foreign).toEqual([]);
}

/** A contract error body: code, message, optional errors; no stack, no internals. */
export function expectErrorBody(body: string | undefined, code: string) {
  const parsed = JSON.parse(body ?? 'null') as Record<string, unknown>;
  expect(parsed.code).toBe(code);
  expect(typeof parsed.message).toBe('string');
  expect(Object.keys(parsed).filter((key) => !['code', 'message', 'errors'].includes(key))).toEqual(
    [],
  );
  expect(body).not.toMatch(/\bat .+:\d+:\d+|node_modules|Exception|DynamoDB/);
  return parsed as { code: string; message: string; errors?: { path: string; message: string }[] };
}
