/**
 * Baseline of the functions that write one item (PUT, DELETE): the simplest handler anyone
 * would write, a DynamoDB client and one UpdateItem.
 */
import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';

const client = new DynamoDBClient({});

export const handler = async (event: { pathParameters: { userId: string }; body: string }) => {
  const { language } = JSON.parse(event.body) as { language: string };
  await client.send(
    new UpdateItemCommand({
      TableName: process.env.INVITATIONS_TABLE,
      Key: { userId: { N: event.pathParameters.userId } },
      UpdateExpression: 'SET #language = :language',
      ExpressionAttributeNames: { '#language': 'language' },
      ExpressionAttributeValues: { ':language': { S: language } },
    }),
  );
  return { statusCode: 200, body: JSON.stringify({ id: Number(event.pathParameters.userId) }) };
};
