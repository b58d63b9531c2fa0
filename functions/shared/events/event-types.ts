/** The invitation events' types and names, plain data: what the publisher and rules need. */
import { messageOutcomes } from '../invitations/invitation.ts';

export const invitationEventTypes = [
  'created',
  'updated',
  'sendRequested',
  'sent',
  'sendFailed',
  'sendSuperseded',
  'sendOutcomeUnknown',
  ...messageOutcomes,
  'accepted',
  'revoked',
] as const;
export type InvitationEventType = (typeof invitationEventTypes)[number];

/** The fields of an invitation whose change is an `updated` event (named, never their values). */
export const updatableFields = ['language', 'expiration', 'emailAddress', 'phoneNumber'] as const;

/** The `source` of every event, for rules to match. */
export const invitationEventSource = 'invitations-api';

/** `created` -> `Invitation Created`, `sendRequested` -> `Invitation Send Requested`. */
export const detailTypeOf = (type: InvitationEventType) =>
  `Invitation ${type.replace(/[A-Z]/g, (letter) => ` ${letter}`).replace(/^./, (first) => first.toUpperCase())}`;
