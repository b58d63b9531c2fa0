/**
 * POST /v2/users, the use case: the PUT's rules judged on the invitation as it will be
 * (a manager of the caller's organization, an address for each send, SMS only where
 * allowed), then one conditional write at an id the server picks (new-user-id.ts), the
 * sends requested in it and an SMS counted against the day's caps in the same write.
 * An id already taken moves the create to the next; finding its own landed write there,
 * it answers as then.
 */
import { randomUUID } from 'node:crypto';
import { ApiError } from '../http/errors.ts';
import { idempotencyWindowSeconds, requestFingerprint } from '../idempotency.ts';
import type { Caller } from '../identity.ts';
import {
  checkSmsDestination,
  dailySmsCounters,
  type SmsLimits,
  smsQuotaExceeded,
} from '../sms-limits/rules.ts';
import type { InvitationCreation } from './create-schema.ts';
import { candidateUserId } from './new-user-id.ts';
import {
  type CreationIdentity,
  checkUpdate,
  idempotencyWindowStart,
  isRepeatOfCreation,
  newInvitation,
} from './rules.ts';
import type { InvitationsTable } from './table.ts';

export interface CreateInvitationRequest {
  creation: InvitationCreation;
  caller: Caller;
  idempotencyKey?: string | undefined;
  now?: Date;
}

export type CreateInvitation = (request: CreateInvitationRequest) => Promise<{ id: number }>;

/** Ids tried before giving up: with 53 random bits, a second is already a rarity. */
const idAttempts = 5;

export function createCreateInvitation({
  table,
  smsLimits,
}: {
  table: Pick<InvitationsTable, 'insertInvitation'>;
  smsLimits: SmsLimits;
}): CreateInvitation {
  return async ({ creation, caller, idempotencyKey, now = new Date() }) => {
    const identity: CreationIdentity = {
      organizationId: caller.organizationId,
      writeId: randomUUID(),
      ...(idempotencyKey === undefined
        ? {}
        : {
            idempotency: {
              key: idempotencyKey,
              fingerprint: requestFingerprint('create', caller.principalId, creation),
            },
          }),
    };
    // The PUT's rules, on the new invitation before its write: 403, an address per send.
    checkUpdate({
      invitation: newInvitation(0, {}, identity, now),
      caller,
      update: creation,
      now,
      cooldownSeconds: 0,
    });
    if (creation.phoneNumber !== undefined) {
      checkSmsDestination(creation.phoneNumber, smsLimits.allowedCallingCodes);
    }
    const counters =
      creation.sendSms === true && creation.phoneNumber !== undefined
        ? dailySmsCounters(
            { organizationId: caller.organizationId, phoneNumber: creation.phoneNumber, now },
            smsLimits,
          )
        : [];
    const windowStart = idempotencyWindowStart(now, idempotencyWindowSeconds);
    const keyed =
      idempotencyKey === undefined
        ? undefined
        : { organizationId: caller.organizationId, idempotencyKey };

    for (let attempt = 0; attempt < idAttempts; attempt++) {
      const userId = candidateUserId(attempt, keyed);
      const result = await table.insertInvitation(
        newInvitation(userId, creation, identity, now),
        counters,
      );
      if (result.written) return { id: userId };
      if ('capReached' in result) throw smsQuotaExceeded(result.capReached, now);
      if (isRepeatOfCreation(result.current, identity, windowStart)) return { id: userId };
    }
    throw new ApiError('ServiceUnavailable', {
      cause: new Error(`no free user id in ${idAttempts} attempts`),
    });
  };
}
