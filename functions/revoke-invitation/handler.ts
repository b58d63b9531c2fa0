/**
 * DELETE /v2/users/{userId}/invitation on Lambda: the table its environment names, built once
 * at init, and the use case on it, composed by create-handler.ts.
 */
import { createRevokeInvitation } from '../shared/invitations/revoke-invitation.ts';
import { invitationsTableFromEnvironment } from '../shared/invitations/table/config.ts';
import { revokeInvitationOn } from '../shared/invitations/table/revoke-invitation.ts';
import { createRevokeInvitationHandler } from './create-handler.ts';

const table = invitationsTableFromEnvironment();
export const handler = createRevokeInvitationHandler({
  revokeInvitation: createRevokeInvitation({
    table: { revokeInvitation: revokeInvitationOn(table) },
  }),
});
