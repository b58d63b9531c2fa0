/**
 * PUT /v2/users/{userId}/invitation on Lambda: its configuration, read once at init (a
 * missing or bad variable fails the init, named), the table and the use case built from it,
 * composed by create-handler.ts.
 */
import { positiveIntegerEnv } from '../shared/config.ts';
import { defaultCooldownSeconds } from '../shared/invitations/rules.ts';
import { invitationsTableFromEnvironment } from '../shared/invitations/table/config.ts';
import { readInvitationOn } from '../shared/invitations/table/read-invitation.ts';
import { writeInvitationUpdateOn } from '../shared/invitations/table/write-invitation-update.ts';
import { createUpdateInvitation } from '../shared/invitations/update-invitation.ts';
import { sendLimitsFromEnvironment } from '../shared/send-limits/limits-from-environment.ts';
import { createUpdateInvitationHandler } from './create-handler.ts';

const table = invitationsTableFromEnvironment(process.env, { sendLimits: true });
export const handler = createUpdateInvitationHandler({
  updateInvitation: createUpdateInvitation({
    table: {
      writeInvitationUpdate: writeInvitationUpdateOn(table),
      readInvitation: readInvitationOn(table),
    },
    cooldownSeconds: positiveIntegerEnv('SEND_COOLDOWN_SECONDS', defaultCooldownSeconds),
    sendLimits: sendLimitsFromEnvironment(),
  }),
});
