/**
 * DELETE /v2/users/{userId}/invitation, the use case: the invitation is revoked, not
 * deleted (kept for audit). One conditional write; if it does not apply, the item as it
 * was says why. Revoking a revoked invitation changes nothing and succeeds, so a retry is
 * safe; an accepted one cannot be revoked.
 */
import { ApiError } from '../shared/http/errors.ts';
import type { Caller } from '../shared/identity.ts';
import { checkAccess, mayManageInvitations } from '../shared/invitations/rules.ts';
import type { InvitationsTable } from '../shared/invitations/table.ts';

export interface RevokeInvitationRequest {
  userId: number;
  caller: Caller;
  now?: Date;
}

export type RevokeInvitation = (request: RevokeInvitationRequest) => Promise<void>;

export function createRevokeInvitation({
  table,
}: {
  table: Pick<InvitationsTable, 'revokeInvitation'>;
}): RevokeInvitation {
  return async ({ userId, caller, now = new Date() }) => {
    const result = await table.revokeInvitation({
      userId,
      organizationId: caller.organizationId,
      mayManage: mayManageInvitations(caller),
      now,
    });
    if (result.written) return;
    checkAccess(result.current, caller);
    if (result.current.status === 'revoked') return;
    if (result.current.status === 'accepted') throw new ApiError('InvitationAlreadyAccepted');
    throw new Error('The revocation was refused, but no rule explains why');
  };
}
