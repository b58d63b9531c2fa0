/**
 * The response of GET /v2/users/{userId}/invitation: the one definition of its shape. The
 * TypeScript type and the OpenAPI schema derive from it; the handler only builds it
 * (view.ts imports the type alone, so no zod is loaded for it at run time).
 */
import * as z from 'zod/mini';
import { messageOutcomes } from './invitation.ts';
import { languages } from './languages.ts';

const timestamp = z.iso.datetime({ offset: true });

const channelViewSchema = z.object({
  sends: z.int().check(z.describe('Sends requested on this channel, ever.')),
  lastRequestedAt: z.optional(timestamp.check(z.describe('When the last send was requested.'))),
  delivery: z.optional(
    z
      .enum(['requested', 'sent', 'failed', 'superseded', 'unknown'])
      .check(
        z.describe(
          "The last send: requested (not yet handed to the provider), sent (handed to SES / SNS), failed (refused for good), superseded (not sent: the channel's address changed, or a newer send was requested, before it went out), unknown (the hand-over failed without telling whether the provider took the message; not sent again).",
        ),
      ),
  ),
  failureReason: z.optional(z.string().check(z.describe('Why the last send failed.'))),
  outcome: z.optional(
    z
      .enum(messageOutcomes)
      .check(
        z.describe(
          "What the provider later said of the last send's message: delivered (to the recipient's mail server), softBounced (given up for now), rejected (not sent: its content), bounced (the address does not exist), complained (the recipient marked it as spam). E-mail only.",
        ),
      ),
  ),
  outcomeAt: z.optional(timestamp.check(z.describe('When that happened.'))),
  addressUndeliverable: z.optional(
    z
      .literal(true)
      .check(
        z.describe(
          'The address bounced or complained: a send to it answers 400 EmailAddressUndeliverable until the address changes.',
        ),
      ),
  ),
});

export const invitationViewSchema = z.object({
  id: z.int().check(z.describe('The user id.')),
  status: z
    .enum(['pending', 'accepted', 'revoked', 'expired'])
    .check(z.describe('expired: pending, and past its expiration.')),
  language: z.optional(z.enum(languages)),
  expiration: z.optional(timestamp),
  emailAddress: z.optional(z.string()),
  phoneNumber: z.optional(z.string()),
  createdAt: z.optional(timestamp),
  updatedAt: z.optional(timestamp),
  acceptedAt: z.optional(timestamp),
  acceptedChannel: z.optional(z.enum(['email', 'sms'])),
  revokedAt: z.optional(timestamp),
  channels: z.object({ email: channelViewSchema, sms: channelViewSchema }),
});

export type InvitationView = z.infer<typeof invitationViewSchema>;
export type ChannelView = z.infer<typeof channelViewSchema>;

/** The response of GET /v2/invitations: a page of views, and the cursor of the next one. */
export const invitationListSchema = z.object({
  invitations: z.array(invitationViewSchema),
  next: z.optional(
    z.string().check(z.describe('Pass as `cursor` for the next page; absent on the last page.')),
  ),
});

export type InvitationList = z.infer<typeof invitationListSchema>;
