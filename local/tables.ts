/** The tables of `infra/tables.ts` on a local (or any) DynamoDB endpoint. */
import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTableCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { type TableSpec, tables } from '../infra/tables.ts';

/**
 * Creates every table that is missing, under the names the environment gives. Returns
 * true when it created any: the store was empty (a new DATA_DIR, say).
 */
export async function ensureTables(client: DynamoDBClient): Promise<boolean> {
  const created = await Promise.all(
    Object.values(tables).map((spec) => {
      const name = process.env[spec.envVar];
      if (!name) throw new Error(`Missing environment variable ${spec.envVar}`);
      return ensureTable(client, name, spec);
    }),
  );
  return created.some(Boolean);
}

/** Returns true when it created the table. */
async function ensureTable(
  client: DynamoDBClient,
  tableName: string,
  spec: TableSpec,
): Promise<boolean> {
  let created = false;
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: spec.partitionKey.name, AttributeType: spec.partitionKey.type },
        ],
        KeySchema: [{ AttributeName: spec.partitionKey.name, KeyType: 'HASH' }],
        ...(spec.stream
          ? { StreamSpecification: { StreamEnabled: true, StreamViewType: spec.stream } }
          : {}),
      }),
    );
    created = true;
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: tableName });
  if (spec.stream) {
    // A table kept from before streams were part of it (DATA_DIR, DYNAMODB_ENDPOINT).
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (!Table?.StreamSpecification?.StreamEnabled) {
      await client.send(
        new UpdateTableCommand({
          TableName: tableName,
          StreamSpecification: { StreamEnabled: true, StreamViewType: spec.stream },
        }),
      );
    }
  }
  return created;
}

/** The ARN of a table's current stream. */
export async function streamArnOf(client: DynamoDBClient, tableName: string): Promise<string> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  if (!Table?.LatestStreamArn) throw new Error(`Table ${tableName} has no stream`);
  return Table.LatestStreamArn;
}
