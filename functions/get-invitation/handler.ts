/**
 * GET /v2/users/{userId}/invitation on Lambda: the table its environment names, built once
 * at init, and the use case on it, composed by create-handler.ts.
 */
import { createGetInvitation } from '../shared/invitations/get-invitation.ts';
import { invitationsTableFromEnvironment } from '../shared/invitations/table/config.ts';
import { readInvitationOn } from '../shared/invitations/table/read-invitation.ts';
import { createGetInvitationHandler } from './create-handler.ts';

const table = invitationsTableFromEnvironment();
export const handler = createGetInvitationHandler({
  getInvitation: createGetInvitation({ table: { readInvitation: readInvitationOn(table) } }),
});
