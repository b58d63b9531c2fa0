import {
  TransactionCanceledException,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { rethrowStoreError, withinStoreBudget } from '../../dynamodb.ts';
import { ApiError } from '../../http/errors.ts';
import { counterIncrement, notSuppressedCheck } from '../../send-limits/limits-table.ts';
import type { DailyCounter, SendLimitChecks } from '../../send-limits/rules.ts';
import { fromItem } from '../item.ts';
import type { TableConfig, WriteResult } from './config.ts';

/**
 * A write that sends may also be refused because a counter is at its cap, or because the
 * organization suppressed the address.
 */
export type CountedWriteResult =
  | WriteResult
  | { written: false; capReached: DailyCounter }
  | { written: false; suppressed: true };

/**
 * A transaction cancelled because it met another on the same item, or was throttled, is
 * retried this many times at most (each a fast answer: a stall ends the loop as a 503).
 */
const transactionAttempts = 4;
const busyCancellations = new Set([
  'TransactionConflict',
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
]);

/**
 * An invitation's conditional write (an Update or a Put, with ALL_OLD on refusal), the
 * counters' increments and the suppression check as one transaction: all of it lands, or
 * none of it. Refused: the invitation's condition first (the item as it was says which
 * rule), else the suppressed address, else the counter at its cap. Transactions on one
 * counter at the same moment conflict; the loser is retried, as its write id keeps a retry
 * from applying twice.
 */
export async function countedWrite(
  { client, sendLimitsTableName }: TableConfig,
  invitationWrite: TransactWriteItem,
  { counters, suppression }: SendLimitChecks,
): Promise<CountedWriteResult> {
  if (sendLimitsTableName === undefined) throw new Error('no send limits table configured');
  const command = new TransactWriteItemsCommand({
    TransactItems: [
      invitationWrite,
      ...counters.map((counter) => counterIncrement(sendLimitsTableName, counter)),
      ...(suppression === undefined
        ? []
        : [
            notSuppressedCheck(
              sendLimitsTableName,
              suppression.organizationId,
              suppression.emailAddress,
            ),
          ]),
    ],
  });
  for (let attempt = 1; ; attempt++) {
    try {
      await withinStoreBudget((budget) => client.send(command, budget));
      return { written: true };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) return rethrowStoreError(error);
      const [invitation, ...limitReasons] = error.CancellationReasons ?? [];
      if (invitation?.Code === 'ConditionalCheckFailed') {
        return {
          written: false,
          current: invitation.Item ? fromItem(invitation.Item) : undefined,
        };
      }
      if (limitReasons[counters.length]?.Code === 'ConditionalCheckFailed') {
        return { written: false, suppressed: true };
      }
      const atCap = limitReasons.findIndex((reason) => reason.Code === 'ConditionalCheckFailed');
      const counter = counters[atCap];
      if (counter !== undefined) return { written: false, capReached: counter };
      const busy = error.CancellationReasons?.some((reason) =>
        busyCancellations.has(reason.Code ?? ''),
      );
      if (!busy) throw error;
      // Still meeting others, or throttled: busy, not broken; the client may retry.
      if (attempt === transactionAttempts)
        throw new ApiError('ServiceUnavailable', { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40 * attempt));
    }
  }
}
