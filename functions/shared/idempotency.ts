/**
 * The `Idempotency-Key` request header (the IETF httpapi idempotency-key-header draft): a
 * client that may retry sends a key of its choosing; a repeat of the same request with the
 * same key is answered as the first one was, without applying it again. Plain functions:
 * the use case stores the key and the request's fingerprint with the write itself.
 */
import { sha256Hex } from './hash.ts';
import { ApiError } from './http/errors.ts';

export const idempotencyKeyHeader = 'Idempotency-Key';

/** How long a key is remembered: a retry after that is a new request. */
export const idempotencyWindowSeconds = 24 * 60 * 60;

/** Printable ASCII, 1 to 255 characters. */
const keyPattern = /^[\x20-\x7E]{1,255}$/;

/**
 * The key of a header value, or undefined without the header. The draft sends the key as a
 * structured-field string (`"abc"`); clients of other APIs send it bare (`abc`): both are
 * the key `abc`.
 */
export function parseIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const quoted = /^"((?:[^"\\]|\\["\\])*)"$/.exec(header);
  const key = quoted ? (quoted[1] ?? '').replace(/\\(["\\])/g, '$1') : header;
  if (!keyPattern.test(key)) {
    throw new ApiError('ValidationFailed', {
      errors: [
        { path: idempotencyKeyHeader, message: 'must be 1 to 255 printable ASCII characters' },
      ],
    });
  }
  return key;
}

/**
 * What makes two requests "the same request" for a key: the target (the user id, or what a
 * create makes), the caller and the body as validated, with its fields in a fixed order
 * (so `{"a":1,"b":2}` and `{"b":2,"a":1}` are one request).
 */
export function requestFingerprint(
  target: number | 'create',
  principalId: string,
  body: object,
): string {
  const canonicalBody = Object.fromEntries(
    Object.entries(body).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  return sha256Hex(JSON.stringify([target, principalId, canonicalBody]));
}
