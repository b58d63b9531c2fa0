import {
  ConditionalCheckFailedException,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { rethrowStoreError, withinStoreBudget } from '../../dynamodb.ts';
import { fromItem } from '../item.ts';
import type { TableConfig, WriteResult } from './config.ts';

export type ConditionalUpdate = Omit<
  UpdateItemCommandInput,
  'TableName' | 'ReturnValuesOnConditionCheckFailure'
>;

/**
 * One conditional UpdateItem: written, or refused with the item as it was (DynamoDB
 * returns it with the refusal), so the caller can tell which rule stood in the way.
 */
export async function conditionalUpdate(
  { client, tableName }: TableConfig,
  input: ConditionalUpdate,
): Promise<WriteResult> {
  try {
    await withinStoreBudget((budget) =>
      client.send(
        new UpdateItemCommand({
          ...input,
          TableName: tableName,
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
        budget,
      ),
    );
    return { written: true };
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) {
      return { written: false, current: error.Item ? fromItem(error.Item) : undefined };
    }
    return rethrowStoreError(error);
  }
}
