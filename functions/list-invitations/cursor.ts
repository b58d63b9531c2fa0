/**
 * The `cursor` of GET /v2/invitations: where the next page starts, opaque to the caller,
 * signed with the deployment's cursor key (HMAC-SHA256), bound to the caller's
 * organization and status filter, and short-lived. A cursor of another organization, of
 * another filter, altered in any way, or expired answers 400 and reads nothing. (The query
 * is always the caller's own organization anyway; the signature keeps a cursor from
 * pointing anywhere its page did not end.)
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ApiError } from '../shared/http/errors.ts';
import type { ListPosition } from '../shared/invitations/table/list-invitations.ts';

/** How long a cursor works: paging through a list takes seconds, not hours. */
export const cursorLifetimeSeconds = 60 * 60;

export interface CursorScope {
  organizationId: number;
  status: string | undefined;
}

type Payload = [
  version: 1,
  organizationId: number,
  status: string,
  index: string,
  userId: number,
  updatedAt: string,
  expiresAt: number,
];

const mac = (key: string, payload: string) =>
  createHmac('sha256', key).update(payload).digest().subarray(0, 16);

export function encodeCursor(
  position: ListPosition,
  scope: CursorScope,
  key: string,
  now: Date,
): string {
  const payload: Payload = [
    1,
    scope.organizationId,
    scope.status ?? '',
    position.index,
    position.userId,
    position.updatedAt,
    Math.floor(now.getTime() / 1000) + cursorLifetimeSeconds,
  ];
  const encoded = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${encoded}.${mac(key, encoded).toString('base64url')}`;
}

const invalid = (message: string) =>
  new ApiError('ValidationFailed', { errors: [{ path: 'cursor', message }] });

export function decodeCursor(
  cursor: string,
  scope: CursorScope,
  key: string,
  now: Date,
): ListPosition {
  const [encoded = '', signature = '', ...rest] = cursor.split('.');
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(key, encoded);
  if (rest.length > 0 || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw invalid('is not a cursor of this list');
  }
  const [version, organizationId, status, index, userId, updatedAt, expiresAt] = JSON.parse(
    Buffer.from(encoded, 'base64url').toString(),
  ) as Payload;
  if (version !== 1 || organizationId !== scope.organizationId || status !== (scope.status ?? '')) {
    throw invalid('is not a cursor of this list');
  }
  if (expiresAt * 1000 <= now.getTime()) throw invalid('has expired: list from the first page');
  return { index: index as ListPosition['index'], userId, updatedAt };
}
