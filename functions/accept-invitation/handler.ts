/**
 * POST /v2/invitations/accept on Lambda: the table its environment names, built once at
 * init, composed by create-handler.ts.
 */
import { invitationsTableFromEnvironment } from '../shared/invitations/table/config.ts';
import { composeAcceptInvitationHandler } from './create-handler.ts';

export const handler = composeAcceptInvitationHandler({ table: invitationsTableFromEnvironment() });
