/** The tables of `infra/tables.ts` on a local (or any) DynamoDB endpoint. */
import {
  CreateTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { type TableSpec, tables } from '../infra/tables.ts';

/** Fills in the local table names where the environment names none. */
export function useLocalTableNames(): void {
  for (const spec of Object.values(tables)) process.env[spec.envVar] ||= spec.localName;
}

/** Creates every table that is missing, under the names the environment gives. */
export async function ensureTables(client: DynamoDBClient): Promise<void> {
  await Promise.all(
    Object.values(tables).map((spec) => {
      const name = process.env[spec.envVar];
      if (!name) throw new Error(`Missing environment variable ${spec.envVar}`);
      return ensureTable(client, name, spec);
    }),
  );
}

export async function ensureTable(
  client: DynamoDBClient,
  tableName: string,
  spec: TableSpec,
): Promise<void> {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: spec.partitionKey.name, AttributeType: spec.partitionKey.type },
        ],
        KeySchema: [{ AttributeName: spec.partitionKey.name, KeyType: 'HASH' }],
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: tableName });
}
