/**
 * DynamoDB access for the credentials table (partition key `credentialHash`: the SHA-256
 * of the credential, hex). The credential itself is never stored.
 */

import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type AttributeValue,
  GetItemCommand,
  PutItemCommand,
  ScanCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { attributesOf, defined, type Item } from '../attributes.ts';
import { withinStoreBudget } from '../dynamodb.ts';
import { sha256Hex } from '../hash.ts';
import { roles } from '../identity.ts';
import type { Credential } from './rules.ts';

export const hashCredential = sha256Hex;

export interface TableConfig {
  client: DynamoDBClient;
  tableName: string;
}

/** The credentials table's operations, on the given client and table. */
export function credentialsTable({ client, tableName }: TableConfig) {
  /** One strongly consistent GetItem: a revocation is seen by the next uncached call. */
  async function findCredential(credentialHash: string): Promise<Credential | undefined> {
    const { Item } = await withinStoreBudget((budget) =>
      client.send(
        new GetItemCommand({
          TableName: tableName,
          Key: { credentialHash: { S: credentialHash } },
          ConsistentRead: true,
        }),
        budget,
      ),
    );
    return Item ? fromItem(Item) : undefined;
  }

  async function putCredential(credential: Credential): Promise<void> {
    await withinStoreBudget((budget) =>
      client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: toItem(credential),
          ConditionExpression: 'attribute_not_exists(credentialHash)',
        }),
        budget,
      ),
    );
  }

  /** Returns false when there is no such credential. */
  async function revokeCredential(credentialHash: string): Promise<boolean> {
    try {
      await withinStoreBudget((budget) =>
        client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: { credentialHash: { S: credentialHash } },
            UpdateExpression: 'SET revoked = :true',
            ConditionExpression: 'attribute_exists(credentialHash)',
            ExpressionAttributeValues: { ':true': { BOOL: true } },
          }),
          budget,
        ),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  /** Gives a stored credential its organization's usage plan key (npm run credentials). */
  async function setUsageKey(credentialHash: string, usageKey: string): Promise<void> {
    await withinStoreBudget((budget) =>
      client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: { credentialHash: { S: credentialHash } },
          UpdateExpression: 'SET usageKey = :usageKey',
          ConditionExpression: 'attribute_exists(credentialHash)',
          ExpressionAttributeValues: { ':usageKey': { S: usageKey } },
        }),
        budget,
      ),
    );
  }

  /** An operator's listing (a filtered Scan): the API itself never lists credentials. */
  async function listCredentials(organizationId: number): Promise<Credential[]> {
    const credentials: Credential[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await withinStoreBudget((budget) =>
        client.send(
          new ScanCommand({
            TableName: tableName,
            FilterExpression: 'organizationId = :organizationId',
            ExpressionAttributeValues: { ':organizationId': { N: String(organizationId) } },
            ExclusiveStartKey: startKey,
          }),
          budget,
        ),
      );
      credentials.push(...(page.Items ?? []).map(fromItem));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return credentials.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  return { findCredential, putCredential, revokeCredential, setUsageKey, listCredentials };
}

export type CredentialsTable = ReturnType<typeof credentialsTable>;

function toItem(credential: Credential): Record<string, AttributeValue> {
  return {
    credentialHash: { S: credential.credentialHash },
    organizationId: { N: String(credential.organizationId) },
    ...(credential.userId === undefined ? {} : { userId: { N: String(credential.userId) } }),
    roles: { L: credential.roles.map((role) => ({ S: role })) },
    kind: { S: credential.kind },
    ...(credential.expiresAt === undefined ? {} : { expiresAt: { S: credential.expiresAt } }),
    revoked: { BOOL: credential.revoked },
    createdAt: { S: credential.createdAt },
    ...(credential.label === undefined ? {} : { label: { S: credential.label } }),
    ...(credential.usageKey === undefined ? {} : { usageKey: { S: credential.usageKey } }),
  };
}

function fromItem(item: Item): Credential {
  const read = attributesOf(item, `credential ${item.credentialHash?.S?.slice(0, 16)}`);
  return defined({
    credentialHash: read.string('credentialHash'),
    organizationId: read.number('organizationId'),
    userId: read.optionalNumber('userId'),
    roles: read.listOf('roles', roles),
    kind: read.oneOf('kind', ['session', 'apiKey'] as const),
    expiresAt: read.optionalString('expiresAt'),
    revoked: read.optionalBoolean('revoked') ?? false,
    createdAt: read.string('createdAt'),
    label: read.optionalString('label'),
    usageKey: read.optionalString('usageKey'),
  });
}
