/**
 * The warm path's baseline: the simplest handler anyone would write that sends the same
 * requests as the PUT handler does for the bench's event (events/...example-1: an e-mail
 * send to the stored address): a GetItem of the invitation for its address, then one
 * transaction of the conditional UpdateItem, the day's two counters and the suppression
 * check, on the same in-process store, and answers 200. No validation, rules,
 * middlewares, logging or metrics: what the PUT handler costs above this is ours.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  DynamoDBClient,
  GetItemCommand,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { inMemoryStore } from './in-memory-store.ts';

const client = new DynamoDBClient({ requestHandler: inMemoryStore });

const counter = (limitId: string, cap: number, expiresAt: number): TransactWriteItem => ({
  Update: {
    TableName: 'bench-limits',
    Key: { limitId: { S: limitId } },
    UpdateExpression: 'ADD #sends :one SET #expiresAt = if_not_exists(#expiresAt, :expiresAt)',
    ConditionExpression: 'attribute_not_exists(#sends) OR #sends < :cap',
    ExpressionAttributeNames: { '#sends': 'sends', '#expiresAt': 'expiresAt' },
    ExpressionAttributeValues: {
      ':one': { N: '1' },
      ':cap': { N: String(cap) },
      ':expiresAt': { N: String(expiresAt) },
    },
  },
});

export const handler = async (event: APIGatewayProxyEvent) => {
  const userId = event.pathParameters?.userId ?? '';
  const now = new Date();
  const cooldownStart = new Date(now.getTime() - 60_000);
  const { Item } = await client.send(
    new GetItemCommand({
      TableName: 'bench',
      Key: { userId: { N: userId } },
      ConsistentRead: true,
    }),
  );
  const to = Item?.emailAddress?.S ?? '';
  const recipient = createHash('sha256').update(to.toLowerCase()).digest('hex');
  const day = now.toISOString().slice(0, 10);
  const expiresAt = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 2) / 1000;
  await client.send(
    new TransactWriteItemsCommand({
      TransactItems: [
        {
          Update: {
            TableName: 'bench',
            Key: { userId: { N: userId } },
            UpdateExpression:
              'SET #updatedAt = :now, #lastWriteId = :writeId, #emailSendRequestedAt = :now, #emailSendCount = if_not_exists(#emailSendCount, :zero) + :one, #emailSendTo = :emailTo',
            ConditionExpression:
              'attribute_exists(#userId) AND #organizationId = :organizationId AND (attribute_not_exists(#status) OR #status = :pending) AND (attribute_not_exists(#lastWriteId) OR #lastWriteId <> :writeId) AND #emailAddress = :emailTo AND (attribute_not_exists(#emailUndeliverable) OR #emailUndeliverable <> :emailTo) AND (attribute_not_exists(#emailSendRequestedAt) OR #emailSendRequestedAt <= :cooldownStart)',
            ExpressionAttributeNames: {
              '#lastWriteId': 'lastWriteId',
              '#updatedAt': 'updatedAt',
              '#userId': 'userId',
              '#organizationId': 'organizationId',
              '#status': 'status',
              '#emailSendCount': 'emailSendCount',
              '#emailSendRequestedAt': 'emailSendRequestedAt',
              '#emailAddress': 'emailAddress',
              '#emailSendTo': 'emailSendTo',
              '#emailUndeliverable': 'emailUndeliverable',
            },
            ExpressionAttributeValues: {
              ':now': { S: now.toISOString() },
              ':writeId': { S: randomUUID() },
              ':organizationId': { N: '100' },
              ':pending': { S: 'pending' },
              ':zero': { N: '0' },
              ':one': { N: '1' },
              ':emailTo': { S: to },
              ':cooldownStart': { S: cooldownStart.toISOString() },
            },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        counter(`email#organization#100#${day}`, 1000, expiresAt),
        counter(`email#organization#100#address#${recipient}#${day}`, 5, expiresAt),
        {
          ConditionCheck: {
            TableName: 'bench-limits',
            Key: { limitId: { S: `suppressed#organization#100#email#${recipient}` } },
            ConditionExpression: 'attribute_not_exists(#limitId)',
            ExpressionAttributeNames: { '#limitId': 'limitId' },
          },
        },
      ],
    }),
  );
  return {
    statusCode: 200,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ id: Number(userId) }),
  };
};
