/**
 * POST /v2/invitations/accept on Lambda: the table its environment names, built once
 * at init, and the use case on it, composed by create-handler.ts.
 */
import { createAcceptInvitation } from '../shared/invitations/redeem-invitation.ts';
import { invitationsTableFromEnvironment } from '../shared/invitations/table-from-environment.ts';
import { createAcceptInvitationHandler } from './create-handler.ts';

export const handler = createAcceptInvitationHandler({
  acceptInvitation: createAcceptInvitation({ table: invitationsTableFromEnvironment() }),
});
