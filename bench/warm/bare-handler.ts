/**
 * The warm path's baseline: the simplest handler anyone would write that sends the same
 * UpdateItem as the PUT handler does for the bench's event (events/...example-1: an email
 * send requested), on the same in-process store, and answers 200. No validation, rules,
 * middlewares, logging or metrics: what the PUT handler costs above this is ours.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { inMemoryStore } from './in-memory-store.ts';

const client = new DynamoDBClient({ requestHandler: inMemoryStore });

export const handler = async (event: APIGatewayProxyEvent) => {
  const userId = event.pathParameters?.userId ?? '';
  const now = new Date();
  const cooldownStart = new Date(now.getTime() - 60_000);
  await client.send(
    new UpdateItemCommand({
      TableName: 'bench',
      Key: { userId: { N: userId } },
      UpdateExpression:
        'SET #updatedAt = :now, #lastWriteId = :writeId, #emailSendRequestedAt = :now, #emailSendCount = if_not_exists(#emailSendCount, :zero) + :one',
      ConditionExpression:
        'attribute_exists(#userId) AND #organizationId = :organizationId AND (attribute_not_exists(#status) OR #status = :pending) AND (attribute_not_exists(#lastWriteId) OR #lastWriteId <> :writeId) AND attribute_exists(#emailAddress) AND (attribute_not_exists(#emailUndeliverable) OR #emailUndeliverable <> #emailAddress) AND (attribute_not_exists(#emailSendRequestedAt) OR #emailSendRequestedAt <= :cooldownStart)',
      ExpressionAttributeNames: {
        '#lastWriteId': 'lastWriteId',
        '#updatedAt': 'updatedAt',
        '#userId': 'userId',
        '#organizationId': 'organizationId',
        '#status': 'status',
        '#emailSendCount': 'emailSendCount',
        '#emailSendRequestedAt': 'emailSendRequestedAt',
        '#emailAddress': 'emailAddress',
        '#emailUndeliverable': 'emailUndeliverable',
      },
      ExpressionAttributeValues: {
        ':now': { S: now.toISOString() },
        ':writeId': { S: randomUUID() },
        ':organizationId': { N: '100' },
        ':pending': { S: 'pending' },
        ':zero': { N: '0' },
        ':one': { N: '1' },
        ':cooldownStart': { S: cooldownStart.toISOString() },
      },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    }),
  );
  return {
    statusCode: 200,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ id: Number(userId) }),
  };
};
