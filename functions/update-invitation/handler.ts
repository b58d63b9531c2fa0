/**
 * PUT /v2/users/{userId}/invitation on Lambda: its configuration, read once at init (a
 * missing or bad variable fails the init, named), composed by create-handler.ts.
 */
import { positiveIntegerEnv } from '../shared/config.ts';
import { defaultCooldownSeconds } from '../shared/invitations/rules.ts';
import { invitationsTableFromEnvironment } from '../shared/invitations/table/config.ts';
import { sendLimitsFromEnvironment } from '../shared/send-limits/limits-from-environment.ts';
import { composeUpdateInvitationHandler } from './create-handler.ts';

export const handler = composeUpdateInvitationHandler({
  table: invitationsTableFromEnvironment(process.env, { sendLimits: true }),
  cooldownSeconds: positiveIntegerEnv('SEND_COOLDOWN_SECONDS', defaultCooldownSeconds),
  sendLimits: sendLimitsFromEnvironment(),
});
