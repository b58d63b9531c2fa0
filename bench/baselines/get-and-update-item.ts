/**
 * Baseline of accept: the simplest handler anyone would write for it, a DynamoDB client, one
 * GetItem and one UpdateItem.
 */
import { DynamoDBClient, GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';

const client = new DynamoDBClient({});

export const handler = async (event: { body: string }) => {
  const { userId } = JSON.parse(event.body) as { userId: string };
  const key = { userId: { N: userId } };
  const { Item } = await client.send(
    new GetItemCommand({ TableName: process.env.INVITATIONS_TABLE, Key: key }),
  );
  if (!Item) return { statusCode: 404, body: '{}' };
  await client.send(
    new UpdateItemCommand({
      TableName: process.env.INVITATIONS_TABLE,
      Key: key,
      UpdateExpression: 'SET #status = :accepted',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':accepted': { S: 'accepted' } },
    }),
  );
  return { statusCode: 200, body: JSON.stringify({ id: Number(userId) }) };
};
