/**
 * POST /v2/users on Lambda: its configuration, read once at init, the table's one
 * operation it uses and the use case built from them, composed by create-handler.ts.
 */
import { createCreateInvitation } from '../shared/invitations/create-invitation.ts';
import { invitationsTableFromEnvironment } from '../shared/invitations/table/config.ts';
import { insertInvitationOn } from '../shared/invitations/table/insert-invitation.ts';
import { secretFromEnvironment } from '../shared/secrets.ts';
import { sendLimitsFromEnvironment } from '../shared/send-limits/limits-from-environment.ts';
import { createCreateInvitationHandler } from './create-handler.ts';

const table = invitationsTableFromEnvironment(process.env, { sendLimits: true });
export const handler = createCreateInvitationHandler({
  createInvitation: createCreateInvitation({
    table: { insertInvitation: insertInvitationOn(table) },
    sendLimits: sendLimitsFromEnvironment(),
    userIdKey: secretFromEnvironment('USER_ID_KEY'),
  }),
});
