/**
 * Fresh invitations and credentials tables on the run's DynamoDB Local for one test file. Call before
 * importing a handler: handlers read INVITATIONS_TABLE and DYNAMODB_ENDPOINT at import.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';

export async function useFreshTables() {
  process.env.DYNAMODB_ENDPOINT = inject('dynamodbEndpoint');
  process.env.INVITATIONS_TABLE = `invitations-${randomUUID()}`;
  process.env.CREDENTIALS_TABLE = `credentials-${randomUUID()}`;
  const { dynamodb } = await import('../../functions/shared/dynamodb.ts');
  const { ensureTables } = await import('../../local/tables.ts');
  const { putInvitation } = await import('../../functions/shared/invitations/table.ts');
  const { fromItem } = await import('../../functions/shared/invitations/item.ts');
  await ensureTables(dynamodb);

  /** Counts the HTTP requests the SDK client sends (retries included). */
  const requests: string[] = [];
  dynamodb.middlewareStack.add(
    (next, context) => (args) => {
      requests.push(String(context.commandName));
      return next(args);
    },
    { step: 'finalizeRequest', name: 'countRequests' },
  );

  // The tests' own reads go through another client, so `requests` holds only the code's.
  const reader = new DynamoDBClient({
    endpoint: process.env.DYNAMODB_ENDPOINT,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  async function readInvitation(userId: number) {
    const { Item } = await reader.send(
      new GetItemCommand({
        TableName: process.env.INVITATIONS_TABLE,
        Key: { userId: { N: String(userId) } },
        ConsistentRead: true,
      }),
    );
    return Item ? fromItem(Item) : undefined;
  }

  return { dynamodb, putInvitation, readInvitation, requests };
}
