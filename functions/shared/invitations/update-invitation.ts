/**
 * PUT /v2/users/{userId}/invitation, the use case: one conditional write; if it does not
 * apply, the item DynamoDB returned says which rule the request broke, or that the
 * request repeats a write that had landed (answered 200, applied once).
 */
import { randomUUID } from 'node:crypto';
import { idempotencyWindowSeconds, requestFingerprint } from '../idempotency.ts';
import type { Caller } from '../identity.ts';
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
  table: Pick<InvitationsTable, 'writeInvitationUpdate'>;
  /** Minimum time between two sends on one channel. */
  cooldownSeconds: number;
}

export type UpdateInvitation = (request: UpdateInvitationRequest) => Promise<{ id: number }>;

export function createUpdateInvitation({
  table,
  cooldownSeconds,
}: UpdateInvitationDependencies): UpdateInvitation {
  async function updateInvitation({
    userId,
    update,
    caller,
    idempotencyKey,
    now = new Date(),
  }: UpdateInvitationRequest): Promise<{ id: number }> {
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
    const result = await table.writeInvitationUpdate({
      userId,
      update,
      organizationId: caller.organizationId,
      mayManage: mayManageInvitations(caller),
      now,
      cooldownStart: cooldownStart(now, cooldownSeconds),
      identity,
      idempotencyWindowStart: windowStart,
    });
    if (!result.written) {
      checkAccess(result.current, caller);
      // The write had landed: an SDK retry of it, or the client's keyed retry. Answer as then.
      if (isRepeatOfLandedWrite(result.current, identity, windowStart)) return { id: userId };
      checkUpdate({
        invitation: result.current,
        caller,
        update,
        now,
        cooldownSeconds,
      });
      throw new Error('The conditional write was refused, but no rule explains why');
    }
    return { id: userId };
  }

  return updateInvitation;
}
