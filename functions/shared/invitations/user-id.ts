/**
 * The `{userId}` of every /v2/users/{userId}/... route. Plain code, no zod: routes without
 * a body do not load the request schema for it.
 */
import { ApiError } from '../http/errors.ts';
import { parsePositiveId } from '../ids.ts';

export function parseUserId(raw: string | undefined): number {
  // A path parameter is text: a number that reached us some other way is no user id.
  const userId = typeof raw === 'string' ? parsePositiveId(raw) : undefined;
  if (userId === undefined) {
    throw new ApiError('ValidationFailed', {
      errors: [{ path: 'userId', message: 'must be an integer from 1 to 9007199254740991' }],
    });
  }
  return userId;
}
