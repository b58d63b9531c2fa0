/**
 * The body of POST /v2/users: the PUT's fields with the PUT's checks (schema.ts), and an
 * address to reach the invitee by, at least one. The one definition of a valid create.
 */
import * as z from 'zod/mini';
import { parseOrFail } from '../shared/http/field-errors.ts';
import { invitationFields } from '../shared/invitations/fields-schema.ts';

export const invitationCreationSchema = z.strictObject(invitationFields).check(
  z.refine((body) => body.emailAddress !== undefined || body.phoneNumber !== undefined, {
    error: 'must contain emailAddress or phoneNumber (or both)',
    when: (payload) => payload.issues.length === 0,
  }),
);

export type InvitationCreation = z.infer<typeof invitationCreationSchema>;

export function parseInvitationCreation(body: unknown): InvitationCreation {
  return parseOrFail(invitationCreationSchema, body);
}
