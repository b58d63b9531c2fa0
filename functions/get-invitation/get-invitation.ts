/**
 * GET /v2/users/{userId}/invitation, the use case: one consistent read, the PUT's access
 * rules (another organization's user is not found; a caller without the right is refused),
 * then the view the caller may see.
 */
import type { Caller } from '../shared/identity.ts';
import { checkAccess } from '../shared/invitations/rules.ts';
import type { InvitationsTable } from '../shared/invitations/table.ts';
import { toInvitationView } from '../shared/invitations/view.ts';
import type { InvitationView } from '../shared/invitations/view-schema.ts';

export interface GetInvitationRequest {
  userId: number;
  caller: Caller;
  now?: Date;
}

export type GetInvitation = (request: GetInvitationRequest) => Promise<InvitationView>;

export function createGetInvitation({
  table,
}: {
  table: Pick<InvitationsTable, 'readInvitation'>;
}): GetInvitation {
  return async ({ userId, caller, now = new Date() }) => {
    const invitation = await table.readInvitation(userId);
    checkAccess(invitation, caller);
    return toInvitationView(invitation, now);
  };
}
