/**
 * POST /v2/users on Lambda: its configuration, read once at init (the tables, the send
 * limits, the user-id key), composed by create-handler.ts.
 */
import { invitationsTableFromEnvironment } from '../shared/invitations/table/config.ts';
import { secretFromEnvironment } from '../shared/secrets.ts';
import { sendLimitsFromEnvironment } from '../shared/send-limits/limits-from-environment.ts';
import { composeCreateInvitationHandler } from './create-handler.ts';

export const handler = composeCreateInvitationHandler({
  table: invitationsTableFromEnvironment(process.env, { sendLimits: true }),
  sendLimits: sendLimitsFromEnvironment(),
  userIdKey: secretFromEnvironment('USER_ID_KEY'),
});
