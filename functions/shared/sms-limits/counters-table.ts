/**
 * The SMS counters table (partition key `counterId`, String; TTL on `expiresAt`): one item
 * per counter and UTC day. Counters are only raised inside another write's transaction, so
 * a send and its count land together or not at all; this module builds that part.
 */
import type { TransactWriteItem } from '@aws-sdk/client-dynamodb';
import type { DailyCounter } from './rules.ts';

/** Raises the counter by one, only while it is below its cap. */
export function counterIncrement(tableName: string, counter: DailyCounter): TransactWriteItem {
  return {
    Update: {
      TableName: tableName,
      Key: { counterId: { S: counter.counterId } },
      UpdateExpression: 'ADD #sends :one SET #expiresAt = if_not_exists(#expiresAt, :expiresAt)',
      ConditionExpression: 'attribute_not_exists(#sends) OR #sends < :cap',
      ExpressionAttributeNames: { '#sends': 'sends', '#expiresAt': 'expiresAt' },
      ExpressionAttributeValues: {
        ':one': { N: '1' },
        ':cap': { N: String(counter.cap) },
        ':expiresAt': { N: String(counter.expiresAt) },
      },
    },
  };
}
