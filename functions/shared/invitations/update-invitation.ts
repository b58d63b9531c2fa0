/**
 * PUT /v2/users/{userId}/invitation, the use case: one conditional write; if it does not
 * apply, the item DynamoDB returned says which rule the request broke.
 */
import { positiveIntegerEnv } from '../config.ts';
import type { Caller } from '../identity.ts';
import { checkUpdate, cooldownStart, mayManageInvitations } from './rules.ts';
import type { InvitationUpdate } from './schema.ts';
import { writeInvitationUpdate } from './table.ts';

const sendCooldownSeconds = positiveIntegerEnv('SEND_COOLDOWN_SECONDS', 60);

export interface UpdateInvitationRequest {
  userId: number;
  update: InvitationUpdate;
  caller: Caller;
  now?: Date;
}

export async function updateInvitation({
  userId,
  update,
  caller,
  now = new Date(),
}: UpdateInvitationRequest): Promise<{ id: number }> {
  const result = await writeInvitationUpdate({
    userId,
    update,
    organizationId: caller.organizationId,
    mayManage: mayManageInvitations(caller),
    now,
    cooldownStart: cooldownStart(now, sendCooldownSeconds),
  });
  if (!result.written) {
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
