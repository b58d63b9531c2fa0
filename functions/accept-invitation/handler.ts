/**
 * POST /v2/invitations/accept on Lambda: the table its environment names, built once
 * at init, and the use case on it, composed by create-handler.ts.
 */
import { createAcceptInvitation } from '../shared/invitations/redeem-invitation.ts';
import { acceptInvitationOn } from '../shared/invitations/table/accept-invitation.ts';
import { invitationsTableFromEnvironment } from '../shared/invitations/table/config.ts';
import { readInvitationOn } from '../shared/invitations/table/read-invitation.ts';
import { createAcceptInvitationHandler } from './create-handler.ts';

const table = invitationsTableFromEnvironment();
export const handler = createAcceptInvitationHandler({
  acceptInvitation: createAcceptInvitation({
    table: { readInvitation: readInvitationOn(table), acceptInvitation: acceptInvitationOn(table) },
  }),
});
