/**
 * SES's events of invitation e-mails (EventBridge, from the stack's configuration set) ->
 * the outcome on the invitation. A thrown error makes Lambda retry the event (an event
 * that came before its send was confirmed); what still fails goes to a dead-letter queue.
 */
import middy from '@middy/core';
import type { EventBridgeEvent } from 'aws-lambda';
import type { RecordMessageOutcome } from '../shared/delivery/record-message-outcome.ts';
import { createRecordMessageOutcome } from '../shared/delivery/record-message-outcome.ts';
import type { SesEvent } from '../shared/delivery/ses-events.ts';
import type { TableConfig } from '../shared/invitations/table/config.ts';
import { recordMessageOutcomeOn } from '../shared/invitations/table/record-message-outcome.ts';
import { emailSuppressionsOn } from '../shared/send-limits/limits-table.ts';

export type SesEventBridgeEvent = EventBridgeEvent<string, SesEvent>;

function createDeliveryFeedbackHandler({
  recordMessageOutcome,
}: {
  recordMessageOutcome: RecordMessageOutcome;
}) {
  return middy<SesEventBridgeEvent, 'recorded' | 'ignored'>().handler((event) =>
    recordMessageOutcome(event.detail, event.time),
  );
}

/** The handler on its two tables: what handler.ts and the tests build alike. */
export function composeDeliveryFeedbackHandler({
  table,
  sendLimitsTableName,
}: {
  table: TableConfig;
  sendLimitsTableName: string;
}) {
  return createDeliveryFeedbackHandler({
    recordMessageOutcome: createRecordMessageOutcome({
      table: { recordMessageOutcome: recordMessageOutcomeOn(table) },
      suppressions: emailSuppressionsOn({ client: table.client, tableName: sendLimitsTableName }),
    }),
  });
}
