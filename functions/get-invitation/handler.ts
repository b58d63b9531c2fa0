/**
 * GET /v2/users/{userId}/invitation on Lambda: the table its environment names, built once
 * at init, composed by create-handler.ts.
 */
import { invitationsTableFromEnvironment } from '../shared/invitations/table/config.ts';
import { composeGetInvitationHandler } from './create-handler.ts';

export const handler = composeGetInvitationHandler({ table: invitationsTableFromEnvironment() });
