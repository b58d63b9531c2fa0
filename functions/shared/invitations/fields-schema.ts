/**
 * The request of PUT /v2/users/{userId}/invitation: the one definition of what a valid
 * path and body are. The TypeScript types are inferred from it, and the stack derives
 * API Gateway's request model from it (a lossy copy: this stays the authority).
 *
 * zod/mini rather than classic zod: the same library, but tree-shakable, which keeps the
 * handler's cold start within a few percent of a bare DynamoDB handler (see bench/).
 */
import * as z from 'zod/mini';
import { parseOrFail } from '../http/field-errors.ts';
import { languages } from './languages.ts';

const maxExpirationDays = 365;
const dayMs = 24 * 60 * 60 * 1000;

/** `+`, then 2 to 15 digits, the first not 0 (E.164). */
const e164 = /^\+[1-9]\d{1,14}$/;

const expiration = z.iso.datetime({
  offset: true,
  local: false,
  error: 'must be an ISO 8601 date-time with seconds and an offset (Z or ±hh:mm)',
});

/** An invitation's writable fields, each optional: the PUT's body, and the create's. */
export const invitationFields = {
  language: z.optional(
    z
      .enum(languages, { error: `must be one of ${languages.join(', ')}` })
      .check(z.describe('The language of the invitation messages (ISO 639-1).')),
  ),
  expiration: z.optional(
    expiration.check(
      z.refine((value) => Date.parse(value) > Date.now(), { error: 'must be in the future' }),
      z.refine((value) => Date.parse(value) <= Date.now() + maxExpirationDays * dayMs, {
        error: `must be at most ${maxExpirationDays} days ahead`,
      }),
      z.describe(
        `When the invitation expires: ISO 8601 with seconds and an offset, in the future, at most ${maxExpirationDays} days ahead.`,
      ),
    ),
  ),
  emailAddress: z.optional(
    z
      .email({ error: 'must be a valid e-mail address' })
      .check(
        z.maxLength(254, { error: 'must be at most 254 characters' }),
        z.describe('Where the invitation is e-mailed.'),
      ),
  ),
  sendEmail: z.optional(
    z
      .boolean({ error: 'must be a boolean' })
      .check(z.describe('true: (re)send the invitation by e-mail.')),
  ),
  phoneNumber: z.optional(
    z
      .string({ error: 'must be a string' })
      .check(
        z.regex(e164, { error: 'must be an E.164 phone number, e.g. +31850607337' }),
        z.describe('Where the invitation is sent by SMS (E.164).'),
      ),
  ),
  sendSms: z.optional(
    z
      .boolean({ error: 'must be a boolean' })
      .check(z.describe('true: (re)send the invitation by SMS.')),
  ),
};

export const invitationUpdateSchema = z.strictObject(invitationFields).check(
  z.refine((body) => Object.keys(body).length > 0, {
    error: 'must contain at least one field',
    when: (payload) => payload.issues.length === 0,
  }),
);

export type InvitationUpdate = z.infer<typeof invitationUpdateSchema>;

export function parseInvitationUpdate(body: unknown): InvitationUpdate {
  return parseOrFail(invitationUpdateSchema, body);
}
