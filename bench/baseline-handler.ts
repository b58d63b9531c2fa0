/** The baseline of the cold-start bench: a bare handler that only loads the DynamoDB client. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

const client = new DynamoDBClient({});

export const handler = async () => ({
  statusCode: 200,
  body: JSON.stringify({ client: !!client }),
});
