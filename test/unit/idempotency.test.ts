/** The Idempotency-Key header and the fingerprint of a request: plain functions. */
import { expect, test } from 'vitest';
import { ApiError } from '../../functions/shared/http/errors.ts';
import { parseIdempotencyKey, requestFingerprint } from '../../functions/shared/idempotency.ts';

test.each([
  ['a bare key', 'abc-123', 'abc-123'],
  ['a structured-field string', '"abc-123"', 'abc-123'],
  ['escapes inside the string', '"a\\"b\\\\c"', 'a"b\\c'],
  ['spaces inside', 'order 42', 'order 42'],
  ['255 characters', 'k'.repeat(255), 'k'.repeat(255)],
])('%s', (_, header, key) => {
  expect(parseIdempotencyKey(header)).toBe(key);
});

test('no header: no key', () => {
  expect(parseIdempotencyKey(undefined)).toBeUndefined();
});

test.each([
  ['empty', ''],
  ['an empty string', '""'],
  ['256 characters', 'k'.repeat(256)],
  ['non-ASCII', 'clé'],
  ['a control character', 'a\u0007b'],
])('%s: 400 naming the header', (_, header) => {
  const error = (() => {
    try {
      parseIdempotencyKey(header);
    } catch (thrown) {
      return thrown;
    }
  })();
  expect(error).toBeInstanceOf(ApiError);
  expect((error as ApiError).code).toBe('ValidationFailed');
  expect((error as ApiError).errors?.[0]?.path).toBe('Idempotency-Key');
});

test('the fingerprint: same request whatever the field order; another user, caller or body differs', () => {
  const base = requestFingerprint(5, 'user/1', { language: 'de', sendEmail: true });
  expect(requestFingerprint(5, 'user/1', { sendEmail: true, language: 'de' })).toBe(base);
  expect(requestFingerprint(6, 'user/1', { language: 'de', sendEmail: true })).not.toBe(base);
  expect(requestFingerprint(5, 'user/2', { language: 'de', sendEmail: true })).not.toBe(base);
  expect(requestFingerprint(5, 'user/1', { language: 'de', sendEmail: false })).not.toBe(base);
});
