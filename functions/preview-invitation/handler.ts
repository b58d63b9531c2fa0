/**
 * POST /v2/invitations/preview on Lambda: the table its environment names, built once
 * at init, and the use case on it, composed by create-handler.ts.
 */
import { createPreviewInvitation } from '../shared/invitations/redeem-invitation.ts';
import { invitationsTableFromEnvironment } from '../shared/invitations/table/config.ts';
import { readInvitationOn } from '../shared/invitations/table/read-invitation.ts';
import { createPreviewInvitationHandler } from './create-handler.ts';

const table = invitationsTableFromEnvironment();
export const handler = createPreviewInvitationHandler({
  previewInvitation: createPreviewInvitation({
    table: { readInvitation: readInvitationOn(table) },
  }),
});
