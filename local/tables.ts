/** The tables of `infra/tables.ts` on a local (or any) DynamoDB endpoint. */
import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { type TableSpec, tables } from '../infra/tables.ts';

/**
 * Creates every table that is missing (under the names the environment gives, unless
 * given others). Returns true when it created them all: the store was empty (a new
 * DATA_DIR, say). A store from before a table existed gets it, and keeps its data unseeded.
 */
export async function ensureTables(
  client: DynamoDBClient,
  names: Record<keyof typeof tables, string> = tableNamesFrom(process.env),
): Promise<boolean> {
  const created = await Promise.all(
    (Object.keys(tables) as (keyof typeof tables)[]).map((key) =>
      ensureTable(client, names[key], tables[key]),
    ),
  );
  return created.every(Boolean);
}

/** The tables' names as the environment gives them (INVITATIONS_TABLE, CREDENTIALS_TABLE). */
function tableNamesFrom(env: NodeJS.ProcessEnv): Record<keyof typeof tables, string> {
  const names = {} as Record<keyof typeof tables, string>;
  for (const [key, spec] of Object.entries(tables) as [keyof typeof tables, TableSpec][]) {
    const name = env[spec.envVar];
    if (!name) throw new Error(`Missing environment variable ${spec.envVar}`);
    names[key] = name;
  }
  return names;
}

/** Returns true when it created the table. */
async function ensureTable(
  client: DynamoDBClient,
  tableName: string,
  spec: TableSpec,
): Promise<boolean> {
  // New means absent before, not "our CreateTable answered": on a loaded machine the SDK
  // retries one that timed out, and the retry meets the table its first attempt made.
  const created = !(await tableExists(client, tableName));
  if (created) await createTable(client, tableName, spec);
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
  if (!created) await addMissingIndexes(client, tableName, spec);
  return created;
}

async function createTable(client: DynamoDBClient, tableName: string, spec: TableSpec) {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: attributeDefinitions([
          spec.partitionKey,
          ...spec.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
        ]),
        KeySchema: [{ AttributeName: spec.partitionKey.name, KeyType: 'HASH' }],
        ...(spec.globalSecondaryIndexes.length > 0
          ? { GlobalSecondaryIndexes: spec.globalSecondaryIndexes.map(indexDefinition) }
          : {}),
        ...(spec.stream
          ? { StreamSpecification: { StreamEnabled: true, StreamViewType: spec.stream } }
          : {}),
      }),
    );
  } catch (error) {
    // Made by this very request's first attempt, or by a start racing this one.
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  if (spec.timeToLiveAttribute) {
    await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: tableName });
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { Enabled: true, AttributeName: spec.timeToLiveAttribute },
      }),
    );
  }
}

async function tableExists(client: DynamoDBClient, tableName: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return true;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return false;
    throw error;
  }
}

type Key = { name: string; type: 'N' | 'S' };
const attributeDefinitions = (keys: readonly Key[]) =>
  [...new Map(keys.map((key) => [key.name, key])).values()].map((key) => ({
    AttributeName: key.name,
    AttributeType: key.type,
  }));

const indexDefinition = (index: TableSpec['globalSecondaryIndexes'][number]) => ({
  IndexName: index.indexName,
  KeySchema: [
    { AttributeName: index.partitionKey.name, KeyType: 'HASH' as const },
    { AttributeName: index.sortKey.name, KeyType: 'RANGE' as const },
  ],
  Projection: { ProjectionType: 'ALL' as const },
});

/**
 * A table kept from before an index was part of it (DATA_DIR, DYNAMODB_ENDPOINT) gets it,
 * one index at a time, as DynamoDB (and CloudFormation) add them.
 */
async function addMissingIndexes(client: DynamoDBClient, tableName: string, spec: TableSpec) {
  for (const index of spec.globalSecondaryIndexes) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.GlobalSecondaryIndexes?.some((existing) => existing.IndexName === index.indexName))
      continue;
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: attributeDefinitions([index.partitionKey, index.sortKey]),
        GlobalSecondaryIndexUpdates: [{ Create: indexDefinition(index) }],
      }),
    );
    await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: tableName });
  }
}

/** The ARN of a table's current stream. */
export async function streamArnOf(client: DynamoDBClient, tableName: string): Promise<string> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  if (!Table?.LatestStreamArn) throw new Error(`Table ${tableName} has no stream`);
  return Table.LatestStreamArn;
}
