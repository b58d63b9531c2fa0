/**
 * Baseline of the function that lists (GET /v2/invitations): the simplest handler anyone
 * would write, a DynamoDB client and one Query of an index.
 */
import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';

const client = new DynamoDBClient({});

export const handler = async (event: { queryStringParameters: { organizationId: string } }) => {
  const { Items = [] } = await client.send(
    new QueryCommand({
      TableName: process.env.INVITATIONS_TABLE,
      IndexName: 'byOrganization',
      KeyConditionExpression: 'organizationId = :organizationId',
      ExpressionAttributeValues: {
        ':organizationId': { N: event.queryStringParameters.organizationId },
      },
      ScanIndexForward: false,
      Limit: 50,
    }),
  );
  return { statusCode: 200, body: JSON.stringify({ invitations: Items }) };
};
