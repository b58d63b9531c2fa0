/**
 * GET /v2/users/{userId}/invitation on Lambda: the table its environment names, built once
 * at init, and the use case on it, composed by create-handler.ts.
 */
import { createGetInvitation } from '../shared/invitations/get-invitation.ts';
import { invitationsTableFromEnvironment } from '../shared/invitations/table-from-environment.ts';
import { createGetInvitationHandler } from './create-handler.ts';

export const handler = createGetInvitationHandler({
  getInvitation: createGetInvitation({ table: invitationsTableFromEnvironment() }),
});
