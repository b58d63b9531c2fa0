/**
 * Baseline of the function that creates one item (POST /v2/users): the simplest handler
 * anyone would write, a DynamoDB client and one PutItem.
 */
import { randomInt } from 'node:crypto';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';

const client = new DynamoDBClient({});

export const handler = async (event: { body: string }) => {
  const { emailAddress } = JSON.parse(event.body) as { emailAddress: string };
  const userId = randomInt(1, 2 ** 47);
  await client.send(
    new PutItemCommand({
      TableName: process.env.INVITATIONS_TABLE,
      Item: { userId: { N: String(userId) }, emailAddress: { S: emailAddress } },
      ConditionExpression: 'attribute_not_exists(userId)',
    }),
  );
  return { statusCode: 201, body: JSON.stringify({ id: userId }) };
};
