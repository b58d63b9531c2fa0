/**
 * The query of GET /v2/invitations: the one definition of a valid filter and page size
 * (the OpenAPI parameters derive from it). Query strings are strings: the limit is digits.
 */
import * as z from 'zod/mini';
import { parseOrFail } from '../shared/http/field-errors.ts';

export const listStatuses = ['pending', 'accepted', 'revoked', 'expired'] as const;
export const defaultListLimit = 50;

export const invitationListQuerySchema = z.strictObject({
  status: z.optional(
    z
      .enum(listStatuses, { error: `must be one of ${listStatuses.join(', ')}` })
      .check(
        z.describe('Only invitations with this status (expired: pending, past its expiration).'),
      ),
  ),
  limit: z.optional(
    z
      .string()
      .check(
        z.regex(/^(100|[1-9]\d?)$/, { error: 'must be a whole number from 1 to 100' }),
        z.describe(`Invitations per page, 1 to 100 (default ${defaultListLimit}).`),
      ),
  ),
  cursor: z.optional(
    z
      .string()
      .check(
        z.maxLength(1024, { error: 'is not a cursor of this list' }),
        z.describe('`next` of the page before: the page after it.'),
      ),
  ),
});

export interface InvitationListQuery {
  status?: (typeof listStatuses)[number] | undefined;
  limit: number;
  cursor?: string | undefined;
}

export function parseInvitationListQuery(
  query: Record<string, string | undefined> | null | undefined,
): InvitationListQuery {
  const { status, limit, cursor } = parseOrFail(invitationListQuerySchema, query ?? {});
  return { status, limit: limit === undefined ? defaultListLimit : Number(limit), cursor };
}
