/**
 * The delivery feedback function on Lambda: the tables its environment names, built once
 * at init, composed by create-handler.ts.
 */
import { requiredEnv } from '../shared/config.ts';
import { invitationsTableFromEnvironment } from '../shared/invitations/table/config.ts';
import { composeDeliveryFeedbackHandler } from './create-handler.ts';

export const handler = composeDeliveryFeedbackHandler({
  table: invitationsTableFromEnvironment(),
  sendLimitsTableName: requiredEnv('SEND_LIMITS_TABLE'),
});
