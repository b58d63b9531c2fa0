/**
 * The body of POST /v2/invitations/preview and /accept: the one definition of a valid
 * request (the type and API Gateway's request model derive from it). A token of the wrong
 * form passes here and is refused as unknown (404), like any token that does not work.
 */
import * as z from 'zod/mini';
import { ApiError } from '../http/errors.ts';
import { toFieldErrors } from '../http/field-errors.ts';

export const invitationTokenRequestSchema = z.strictObject({
  token: z
    .string({ error: 'must be a string' })
    .check(
      z.minLength(1, { error: 'must not be empty' }),
      z.maxLength(200, { error: 'must be at most 200 characters' }),
      z.describe('The token of the invitation link: what follows `#token=`.'),
    ),
});

export type InvitationTokenRequest = z.infer<typeof invitationTokenRequestSchema>;

export function parseInvitationTokenRequest(body: unknown): InvitationTokenRequest {
  const result = invitationTokenRequestSchema.safeParse(body);
  if (result.success) return result.data;
  throw new ApiError('ValidationFailed', { errors: result.error.issues.flatMap(toFieldErrors) });
}
