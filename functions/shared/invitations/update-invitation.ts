/**
 * PUT /v2/users/{userId}/invitation, the use case: one conditional write; if it does not
 * apply, the item DynamoDB returned says which rule the request broke, or that the
 * request repeats a write that had landed (answered 200, applied once). An SMS send is
 * counted against the day's caps in the same write (a transaction); when it goes to the
 * stored number, that number is read first (the per-number counter is keyed by it) and the
 * write applies only while the item still holds it.
 */
import { randomUUID } from 'node:crypto';
import { idempotencyWindowSeconds, requestFingerprint } from '../idempotency.ts';
import type { Caller } from '../identity.ts';
import {
  checkSmsDestination,
  dailySmsCounters,
  type SmsLimits,
  smsQuotaExceeded,
} from '../sms-limits/rules.ts';
import type { Invitation } from './invitation.ts';
import {
  checkAccess,
  checkUpdate,
  cooldownStart,
  idempotencyWindowStart,
  isRepeatOfLandedWrite,
  mayManageInvitations,
  type WriteIdentity,
} from './rules.ts';
import type { InvitationUpdate } from './schema.ts';
import type { InvitationsTable } from './table.ts';

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
  smsLimits: SmsLimits;
}

export type UpdateInvitation = (request: UpdateInvitationRequest) => Promise<{ id: number }>;

export function createUpdateInvitation({
  table,
  cooldownSeconds,
  smsLimits,
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
      checkSmsDestination(update.phoneNumber, smsLimits.allowedCallingCodes);
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
        checkSmsDestination(storedNumber, smsLimits.allowedCallingCodes, 'sendSms');
      }
      return 'allowed';
    };

    // An SMS is counted per destination number; a send to the stored number reads it first.
    for (let attempt = 1; attempt <= 2; attempt++) {
      let destination = update.sendSms === true ? update.phoneNumber : undefined;
      let expectedPhoneNumber: string | undefined;
      if (update.sendSms === true && destination === undefined) {
        const current = await table.readInvitation(userId);
        if (judge(current) === 'repeat') return { id: userId };
        // judge() made sure there is one.
        expectedPhoneNumber = current?.phoneNumber;
        destination = expectedPhoneNumber;
      }
      const result = await table.writeInvitationUpdate({
        userId,
        update,
        organizationId: caller.organizationId,
        mayManage: mayManageInvitations(caller),
        now,
        cooldownStart: cooldownStart(now, cooldownSeconds),
        identity,
        idempotencyWindowStart: windowStart,
        expectedPhoneNumber,
        counters:
          destination === undefined
            ? undefined
            : dailySmsCounters(
                { organizationId: caller.organizationId, phoneNumber: destination, now },
                smsLimits,
              ),
      });
      if (result.written) return { id: userId };
      if ('capReached' in result) throw smsQuotaExceeded(result.capReached, now);
      if (judge(result.current) === 'repeat') return { id: userId };
      // The stored number changed since it was read: count the send for the new one.
      if (
        expectedPhoneNumber !== undefined &&
        result.current?.phoneNumber !== expectedPhoneNumber
      ) {
        continue;
      }
      break;
    }
    throw new Error('The conditional write was refused, but no rule explains why');
  }

  return updateInvitation;
}
