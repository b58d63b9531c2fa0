/**
 * POST /v2/users, the use case: the PUT's rules judged on the invitation as it will be
 * (a manager of the caller's organization, an address for each send, SMS only where
 * allowed), then one conditional write at an id the server picks (new-user-id.ts), the
 * sends requested in it, counted against the day's caps and checked against the
 * organization's suppression list in the same write.
 * An id already taken moves the create to the next; finding its own landed write there,
 * it answers as then.
 */
import { randomUUID } from 'node:crypto';
import { ApiError } from '../shared/http/errors.ts';
import { idempotencyWindowSeconds, requestFingerprint } from '../shared/idempotency.ts';
import type { Caller } from '../shared/identity.ts';
import {
  type CreationIdentity,
  checkUpdate,
  idempotencyWindowStart,
  isRepeatOfCreation,
  newInvitation,
  sendDestinations,
} from '../shared/invitations/rules.ts';
import type { InvitationsTable } from '../shared/invitations/table.ts';
import type { SecretValue } from '../shared/secrets.ts';
import {
  checkSmsDestination,
  emailAddressSuppressed,
  type SendLimits,
  sendLimitChecks,
  sendQuotaExceeded,
} from '../shared/send-limits/rules.ts';
import { candidateUserId } from './new-user-id.ts';
import type { InvitationCreation } from './request-schema.ts';

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
  sendLimits,
  userIdKey,
}: {
  table: Pick<InvitationsTable, 'insertInvitation'>;
  sendLimits: SendLimits;
  /** The stack's secret that keys the ids an Idempotency-Key leads to (new-user-id.ts). */
  userIdKey: SecretValue;
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
      checkSmsDestination(creation.phoneNumber, sendLimits.allowedCallingCodes);
    }
    // checkUpdate made sure each send has its address in the request.
    const destinations = sendDestinations(creation, undefined).map(({ channel, to }) => ({
      channel: channel.name,
      to,
    }));
    const limits = sendLimitChecks(caller.organizationId, destinations, now, sendLimits);
    const windowStart = idempotencyWindowStart(now, idempotencyWindowSeconds);
    const keyed =
      idempotencyKey === undefined
        ? undefined
        : { organizationId: caller.organizationId, idempotencyKey, secret: await userIdKey() };

    for (let attempt = 0; attempt < idAttempts; attempt++) {
      const userId = candidateUserId(attempt, keyed);
      const result = await table.insertInvitation(
        newInvitation(userId, creation, identity, now),
        limits,
      );
      if (result.written) return { id: userId };
      if ('capReached' in result) throw sendQuotaExceeded(result.capReached, now);
      if ('suppressed' in result) throw emailAddressSuppressed();
      if (isRepeatOfCreation(result.current, identity, windowStart)) return { id: userId };
    }
    throw new ApiError('ServiceUnavailable', {
      cause: new Error(`no free user id in ${idAttempts} attempts`),
    });
  };
}
