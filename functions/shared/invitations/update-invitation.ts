/**
 * PUT /v2/users/{userId}/invitation, the use case: one conditional write; if it does not
 * apply, the item DynamoDB returned says which rule the request broke, or that the
 * request repeats a write that had landed (answered 200, applied once).
 */
import { randomUUID } from 'node:crypto';
import { positiveIntegerEnv } from '../config.ts';
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
import { writeInvitationUpdate } from './table.ts';

const sendCooldownSeconds = positiveIntegerEnv('SEND_COOLDOWN_SECONDS', 60);

export interface UpdateInvitationRequest {
  userId: number;
  update: InvitationUpdate;
  caller: Caller;
  /** The request's Idempotency-Key, if it sent one. */
  idempotencyKey?: string | undefined;
  now?: Date;
}

export async function updateInvitation({
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
  const result = await writeInvitationUpdate({
    userId,
    update,
    organizationId: caller.organizationId,
    mayManage: mayManageInvitations(caller),
    now,
    cooldownStart: cooldownStart(now, sendCooldownSeconds),
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
      cooldownSeconds: sendCooldownSeconds,
    });
    throw new Error('The conditional write was refused, but no rule explains why');
  }
  return { id: userId };
}
