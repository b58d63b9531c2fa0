/**
 * PUT /v2/users/{userId}/invitation, the use case: one conditional write; if it does not
 * apply, the item DynamoDB returned says which rule the request broke, or that the
 * request repeats a write that had landed (answered 200, applied once). A send is counted
 * against the day's caps, and an e-mail checked against the organization's suppression
 * list, in the same write (a transaction), which records where it goes; when it goes to
 * the stored address or number, that is read first (the per-recipient counter is keyed by
 * it) and the write applies only while the item still holds it.
 */
import { randomUUID } from 'node:crypto';
import { idempotencyWindowSeconds, requestFingerprint } from '../shared/idempotency.ts';
import type { Caller } from '../shared/identity.ts';
import type { InvitationUpdate } from '../shared/invitations/fields-schema.ts';
import type { Invitation } from '../shared/invitations/invitation.ts';
import {
  checkAccess,
  checkUpdate,
  cooldownStart,
  idempotencyWindowStart,
  isRepeatOfLandedWrite,
  mayManageInvitations,
  requestedSends,
  sendDestinations,
  type WriteIdentity,
} from '../shared/invitations/rules.ts';
import type { InvitationsTable } from '../shared/invitations/table.ts';
import {
  checkSmsDestination,
  emailAddressSuppressed,
  type SendLimits,
  sendLimitChecks,
  sendQuotaExceeded,
} from '../shared/send-limits/rules.ts';

export interface UpdateInvitationRequest {
  userId: number;
  update: InvitationUpdate;
  caller: Caller;
  /** The request's Idempotency-Key, if it sent one. */
  idempotencyKey?: string | undefined;
  now?: Date;
}

export interface UpdateInvitationDependencies {
  table: Pick<InvitationsTable, 'writeInvitationUpdate' | 'readInvitation'>;
  /** Minimum time between two sends on one channel. */
  cooldownSeconds: number;
  /** Where SMS may go, and how many a day. */
  sendLimits: SendLimits;
}

export type UpdateInvitation = (request: UpdateInvitationRequest) => Promise<{ id: number }>;

export function createUpdateInvitation({
  table,
  cooldownSeconds,
  sendLimits,
}: UpdateInvitationDependencies): UpdateInvitation {
  async function updateInvitation({
    userId,
    update,
    caller,
    idempotencyKey,
    now = new Date(),
  }: UpdateInvitationRequest): Promise<{ id: number }> {
    // Before anything is written: a number no SMS may go to is not stored either.
    if (update.phoneNumber !== undefined) {
      checkSmsDestination(update.phoneNumber, sendLimits.allowedCallingCodes);
    }
    const identity: WriteIdentity = {
      writeId: randomUUID(),
      ...(idempotencyKey === undefined
        ? {}
        : {
            idempotency: {
              key: idempotencyKey,
              fingerprint: requestFingerprint(userId, caller.principalId, update),
            },
          }),
    };
    const windowStart = idempotencyWindowStart(now, idempotencyWindowSeconds);

    /**
     * The rules on the item as it is: throws the first one the request breaks, or says the
     * request repeats a write that landed, or that it is allowed.
     */
    const judge = (invitation: Invitation | undefined): 'repeat' | 'allowed' => {
      checkAccess(invitation, caller);
      // The write had landed: an SDK retry of it, or the client's keyed retry. Answer as then.
      if (isRepeatOfLandedWrite(invitation, identity, windowStart)) return 'repeat';
      checkUpdate({ invitation, caller, update, now, cooldownSeconds });
      const storedNumber = update.phoneNumber === undefined ? invitation.phoneNumber : undefined;
      if (update.sendSms === true && storedNumber !== undefined) {
        checkSmsDestination(storedNumber, sendLimits.allowedCallingCodes, 'sendSms');
      }
      return 'allowed';
    };

    // A send is counted per recipient; one to the stored address or number reads it first.
    const sends = requestedSends(update);
    for (let attempt = 1; attempt <= 2; attempt++) {
      let stored: Invitation | undefined;
      if (sends.some((channel) => update[channel.addressField] === undefined)) {
        stored = await table.readInvitation(userId);
        if (judge(stored) === 'repeat') return { id: userId };
      }
      // judge() made sure each send has an address, in the request or stored.
      const destinations = sendDestinations(update, stored);
      const result = await table.writeInvitationUpdate({
        userId,
        update,
        organizationId: caller.organizationId,
        mayManage: mayManageInvitations(caller),
        now,
        cooldownStart: cooldownStart(now, cooldownSeconds),
        identity,
        idempotencyWindowStart: windowStart,
        destinations,
        limits: sendLimitChecks(
          caller.organizationId,
          destinations.map(({ channel, to }) => ({ channel: channel.name, to })),
          now,
          sendLimits,
        ),
      });
      if (result.written) return { id: userId };
      if ('capReached' in result) throw sendQuotaExceeded(result.capReached, now);
      if ('suppressed' in result) throw emailAddressSuppressed();
      if (judge(result.current) === 'repeat') return { id: userId };
      // The stored address changed since it was read: count the send for the new one.
      const moved = destinations.some(
        (destination) =>
          destination.stored &&
          result.current?.[destination.channel.addressField] !== destination.to,
      );
      if (moved) continue;
      break;
    }
    throw new Error('The conditional write was refused, but no rule explains why');
  }

  return updateInvitation;
}
