/**
 * Baseline of the functions that read one item (the authorizer, GET, preview): the simplest
 * handler anyone would write, a DynamoDB client and one GetItem.
 */
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';

const client = new DynamoDBClient({});

export const handler = async (event: { authorizationToken: string; methodArn: string }) => {
  const { Item } = await client.send(
    new GetItemCommand({
      TableName: process.env.CREDENTIALS_TABLE,
      Key: { token: { S: event.authorizationToken } },
    }),
  );
  return {
    principalId: Item?.principalId?.S ?? 'anonymous',
    policyDocument: {
      Version: '2012-10-17',
      Statement: [
        {
          Action: 'execute-api:Invoke',
          Effect: Item ? 'Allow' : 'Deny',
          Resource: event.methodArn,
        },
      ],
    },
  };
};
