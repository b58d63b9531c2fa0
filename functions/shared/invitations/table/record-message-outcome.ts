import { type MessageOutcome, messageOutcomes, type SendChannel } from '../invitation.ts';
import { conditionalUpdate } from './conditional-update.ts';
import type { TableConfig, WriteResult } from './config.ts';

export interface MessageOutcomeReport {
  userId: number;
  channel: SendChannel;
  messageId: string;
  outcome: MessageOutcome;
  at: string;
  undeliverableAddress?: string | undefined;
}

/**
 * Records what became of a message, only on the send it belongs to (the item still names
 * its message id: an older send's late event finds another) and only when it goes
 * further than the outcome recorded (messageOutcomes). A hard bounce or complaint also
 * marks the address undeliverable. Refused: the item as it was says why.
 */
export function recordMessageOutcomeOn(table: TableConfig) {
  return function recordMessageOutcome(report: MessageOutcomeReport): Promise<WriteResult> {
    const { channel } = report;
    const notFurther = messageOutcomes.slice(0, messageOutcomes.indexOf(report.outcome) + 1);
    const undeliverable = report.undeliverableAddress !== undefined;
    return conditionalUpdate(table, {
      Key: { userId: { N: String(report.userId) } },
      UpdateExpression: `SET #outcome = :outcome, #outcomeAt = :at${undeliverable ? ', #undeliverable = :address' : ''}`,
      ConditionExpression: `#messageId = :messageId AND (attribute_not_exists(#outcome) OR #outcome IN (${notFurther.map((_, index) => `:o${index}`).join(', ')}))`,
      ExpressionAttributeNames: {
        '#messageId': channel.messageIdField,
        '#outcome': channel.outcomeField,
        '#outcomeAt': channel.outcomeAtField,
        ...(undeliverable ? { '#undeliverable': 'emailUndeliverable' } : {}),
      },
      ExpressionAttributeValues: {
        ':messageId': { S: report.messageId },
        ':outcome': { S: report.outcome },
        ':at': { S: report.at },
        ...Object.fromEntries(notFurther.map((outcome, index) => [`:o${index}`, { S: outcome }])),
        ...(undeliverable ? { ':address': { S: report.undeliverableAddress ?? '' } } : {}),
      },
    });
  };
}
