/**
 * POST /v2/invitations/preview on Lambda: the table its environment names, built once at
 * init, composed by create-handler.ts.
 */
import { invitationsTableFromEnvironment } from '../shared/invitations/table/config.ts';
import { composePreviewInvitationHandler } from './create-handler.ts';

export const handler = composePreviewInvitationHandler({
  table: invitationsTableFromEnvironment(),
});
