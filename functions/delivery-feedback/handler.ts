/**
 * The delivery feedback function on Lambda: the invitations table its environment names,
 * built once at init, and the use case on it, composed by create-handler.ts.
 */

import { requiredEnv } from '../shared/config.ts';
import { createRecordMessageOutcome } from '../shared/delivery/record-message-outcome.ts';
import { invitationsTableFromEnvironment } from '../shared/invitations/table/config.ts';
import { recordMessageOutcomeOn } from '../shared/invitations/table/record-message-outcome.ts';
import { emailSuppressionsOn } from '../shared/send-limits/limits-table.ts';
import { createDeliveryFeedbackHandler } from './create-handler.ts';

const table = invitationsTableFromEnvironment();
export const handler = createDeliveryFeedbackHandler({
  recordMessageOutcome: createRecordMessageOutcome({
    table: { recordMessageOutcome: recordMessageOutcomeOn(table) },
    suppressions: emailSuppressionsOn({
      client: table.client,
      tableName: requiredEnv('SEND_LIMITS_TABLE'),
    }),
  }),
});
