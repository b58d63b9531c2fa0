import {
  ConditionalCheckFailedException,
  PutItemCommand,
  type PutItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { rethrowStoreError, withinStoreBudget } from '../../dynamodb.ts';
import type { SendLimitChecks } from '../../send-limits/rules.ts';
import type { Invitation } from '../invitation.ts';
import { fromItem, toItem } from '../item.ts';
import type { TableConfig } from './config.ts';
import { type CountedWriteResult, countedWrite } from './counted-write.ts';

/**
 * The one request of a create: a PutItem that applies only where no item is, so an id is
 * never given twice; refused, DynamoDB returns the item that holds it (the caller tells
 * its own landed write from another's invitation). With a send it is one transaction with
 * the send limits' counters and checks.
 */
export function insertInvitationOn(table: TableConfig) {
  return async function insertInvitation(
    invitation: Invitation,
    limits: SendLimitChecks = { counters: [] },
  ): Promise<CountedWriteResult> {
    const put = {
      TableName: table.tableName,
      Item: toItem(invitation),
      ConditionExpression: 'attribute_not_exists(#userId)',
      ExpressionAttributeNames: { '#userId': 'userId' },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    } satisfies PutItemCommandInput;
    if (limits.counters.length > 0) return countedWrite(table, { Put: put }, limits);
    try {
      await withinStoreBudget((budget) => table.client.send(new PutItemCommand(put), budget));
      return { written: true };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        return { written: false, current: error.Item ? fromItem(error.Item) : undefined };
      }
      return rethrowStoreError(error);
    }
  };
}
