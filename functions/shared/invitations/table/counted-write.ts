import {
  TransactionCanceledException,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { rethrowStoreError, withinStoreBudget } from '../../dynamodb.ts';
import { ApiError } from '../../http/errors.ts';
import { counterIncrement } from '../../sms-limits/counters-table.ts';
import type { DailyCounter } from '../../sms-limits/rules.ts';
import { fromItem } from '../item.ts';
import type { TableConfig, WriteResult } from './config.ts';

/** A write that raises counters may also be refused because one of them is at its cap. */
export type CountedWriteResult =
  | WriteResult
  | { written: false; capReached: DailyCounter['scope'] };

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
 * An invitation's conditional write (an Update or a Put, with ALL_OLD on refusal) and the
 * counters' increments as one transaction: all of it lands, or none of it. Refused: the
 * invitation's condition first (the item as it was says which rule), else the counter at
 * its cap. Transactions on one counter at the same moment conflict; the loser is retried,
 * as its write id keeps a retry from applying twice.
 */
export async function countedWrite(
  { client, smsCountersTableName }: TableConfig,
  invitationWrite: TransactWriteItem,
  counters: DailyCounter[],
): Promise<CountedWriteResult> {
  if (smsCountersTableName === undefined) throw new Error('no SMS counters table configured');
  const command = new TransactWriteItemsCommand({
    TransactItems: [
      invitationWrite,
      ...counters.map((counter) => counterIncrement(smsCountersTableName, counter)),
    ],
  });
  for (let attempt = 1; ; attempt++) {
    try {
      await withinStoreBudget((budget) => client.send(command, budget));
      return { written: true };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) return rethrowStoreError(error);
      const [invitation, ...counterReasons] = error.CancellationReasons ?? [];
      if (invitation?.Code === 'ConditionalCheckFailed') {
        return {
          written: false,
          current: invitation.Item ? fromItem(invitation.Item) : undefined,
        };
      }
      const atCap = counterReasons.findIndex((reason) => reason.Code === 'ConditionalCheckFailed');
      const counter = counters[atCap];
      if (counter !== undefined) return { written: false, capReached: counter.scope };
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
