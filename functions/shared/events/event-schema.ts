/**
 * The events an invitation's changes become on the stack's event bus (and, through a
 * rule per subscription, at the operator's webhooks): the one definition of their
 * `detail`. The JSON Schema in the OpenAPI description derives from it; the publisher
 * builds the events as plain objects (invitation-events.ts) and imports the types alone,
 * so no zod schema is built at its cold start (the names it needs: event-types.ts).
 *
 * An event names the invitation (user and organization ids) and what happened, never how
 * to reach the invitee: no address, no token, hash, write id or key. A consumer that needs
 * the address reads the invitation (GET) with its own credential; events travel to other
 * systems' endpoints and logs, where an address would be personal data out of our hands.
 */
import * as z from 'zod/mini';
import { messageOutcomes } from '../invitations/invitation.ts';
import { invitationEventTypes, updatableFields } from './event-types.ts';

export const invitationEventDetailSchema = z.object({
  eventId: z
    .string()
    .check(
      z.describe(
        'The same for every delivery of this change (retries included): deduplicate on it. EventBridge gives each delivery an `id` of its own.',
      ),
    ),
  type: z
    .enum(invitationEventTypes)
    .check(z.describe('What happened; `detail-type` says it in words.')),
  userId: z.int().check(z.describe('The invitation: its user id.')),
  organizationId: z.int(),
  channel: z.optional(
    z.enum(['email', 'sms']).check(z.describe('The channel of a send and what became of it.')),
  ),
  outcome: z.optional(
    z
      .enum(messageOutcomes)
      .check(z.describe("What the provider said became of the last send's message.")),
  ),
  sendNumber: z.optional(z.int().check(z.describe('Which send on the channel: the n-th.'))),
  fields: z.optional(
    z
      .array(z.enum(updatableFields))
      .check(
        z.describe('For `updated`: which fields changed (their values are not in the event).'),
      ),
  ),
  time: z.iso.datetime({ offset: true }).check(z.describe('When the change was written.')),
  sequence: z
    .string()
    .check(
      z.describe(
        "The change's place among this invitation's changes: a larger number (compare as numbers, as strings of digits) came later.",
      ),
    ),
});

export type InvitationEventDetail = z.infer<typeof invitationEventDetailSchema>;
