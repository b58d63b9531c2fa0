/**
 * What a change of an invitation (one record of the table's stream: the item before and
 * after) means to the operator's systems, as events, in the order they happened. Plain
 * code: no AWS. The sender's own bookkeeping shows here only where it is news (a send
 * handed over, or refused for good).
 */

import { sha256Hex } from '../hash.ts';
import { type Invitation, sendChannels } from '../invitations/invitation.ts';
import type { InvitationEventDetail } from './event-schema.ts';
import { type InvitationEventType, updatableFields } from './event-types.ts';

export interface Change {
  before: Invitation | undefined;
  after: Invitation | undefined;
  /** The stream record's id: the same on every delivery of the record. */
  recordId: string;
  sequence: string;
  time: Date;
}

export function invitationEvents({
  before,
  after,
  recordId,
  sequence,
  time,
}: Change): InvitationEventDetail[] {
  if (after === undefined) return [];
  const events: Omit<
    InvitationEventDetail,
    'eventId' | 'userId' | 'organizationId' | 'sequence'
  >[] = [];
  // When it happened: the item's own time of it where it keeps one (to the millisecond),
  // else when the change was written (the stream's time, to the second).
  const add = (
    type: InvitationEventType,
    at: string | undefined,
    rest: Partial<InvitationEventDetail> = {},
  ) => events.push({ type, ...rest, time: at ?? time.toISOString() });

  if (before === undefined) add('created', after.createdAt);
  else {
    const fields = updatableFields.filter((field) => after[field] !== before[field]);
    if (fields.length > 0) add('updated', after.updatedAt, { fields: [...fields] });
  }
  for (const channel of sendChannels) {
    const rose = (
      field: 'countField' | 'confirmedField' | 'failedField' | 'supersededField' | 'unknownField',
    ) => {
      const now = after[channel[field]] ?? 0;
      return now > (before?.[channel[field]] ?? 0) ? now : undefined;
    };
    const requested = rose('countField');
    if (requested !== undefined) {
      add('sendRequested', after[channel.requestedAtField], {
        channel: channel.name,
        sendNumber: requested,
      });
    }
    // The sender's writes keep their own time (older items: the stream's).
    const recordedAt = after[channel.deliveryAtField];
    const sent = rose('confirmedField');
    if (sent !== undefined) add('sent', recordedAt, { channel: channel.name, sendNumber: sent });
    const failed = rose('failedField');
    if (failed !== undefined) {
      add('sendFailed', recordedAt, { channel: channel.name, sendNumber: failed });
    }
    const superseded = rose('supersededField');
    if (superseded !== undefined) {
      add('sendSuperseded', recordedAt, { channel: channel.name, sendNumber: superseded });
    }
    const unknown = rose('unknownField');
    if (unknown !== undefined) {
      add('sendOutcomeUnknown', recordedAt, { channel: channel.name, sendNumber: unknown });
    }
    const outcome = after[channel.outcomeField];
    if (outcome !== undefined && outcome !== before?.[channel.outcomeField]) {
      add(outcome, after[channel.outcomeAtField], { channel: channel.name, outcome });
    }
  }
  if (after.status === 'accepted' && before?.status !== 'accepted') {
    add(
      'accepted',
      after.acceptedAt,
      after.acceptedChannel ? { channel: after.acceptedChannel } : {},
    );
  }
  if (after.status === 'revoked' && before?.status !== 'revoked') add('revoked', after.revokedAt);

  return events.map((event, index) => ({
    // Stable: the record's id and the event's place in it, whatever delivery this is.
    eventId: uuidOf(sha256Hex(`${recordId}#${index}#${event.type}`)),
    ...event,
    userId: after.userId,
    organizationId: after.organizationId,
    sequence,
  }));
}

/** A hash written as a UUID (version 8: custom), as consumers' dedupe tables expect. */
const uuidOf = (hex: string) =>
  `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((Number.parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
