/**
 * The send limits table (partition key `limitId`, String; TTL on `expiresAt`): the day's
 * counters of each organization's sends, and each organization's suppressed e-mail
 * addresses (hashed; no TTL: kept until lifted). Counters are only raised inside another
 * write's transaction, and a send's suppression is checked in that same transaction, so a
 * send, its count and the checks land together or not at all; this module builds those
 * parts, and the feedback's and the operator's writes of a suppression.
 */
import {
  DeleteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import { type DailyCounter, suppressionId } from './rules.ts';

/** Raises the counter by one, only while it is below its cap. */
export function counterIncrement(tableName: string, counter: DailyCounter): TransactWriteItem {
  return {
    Update: {
      TableName: tableName,
      Key: { limitId: { S: counter.limitId } },
      UpdateExpression: 'ADD #sends :one SET #expiresAt = if_not_exists(#expiresAt, :expiresAt)',
      ConditionExpression: 'attribute_not_exists(#sends) OR #sends < :cap',
      ExpressionAttributeNames: { '#sends': 'sends', '#expiresAt': 'expiresAt' },
      ExpressionAttributeValues: {
        ':one': { N: '1' },
        ':cap': { N: String(counter.cap) },
        ':expiresAt': { N: String(counter.expiresAt) },
      },
    },
  };
}

/** Holds only while the organization has not suppressed the address. */
export function notSuppressedCheck(
  tableName: string,
  organizationId: number,
  emailAddress: string,
): TransactWriteItem {
  return {
    ConditionCheck: {
      TableName: tableName,
      Key: { limitId: { S: suppressionId(organizationId, emailAddress) } },
      ConditionExpression: 'attribute_not_exists(#limitId)',
      ExpressionAttributeNames: { '#limitId': 'limitId' },
    },
  };
}

export interface SuppressionEntry {
  organizationId: number;
  emailAddress: string;
  reason: 'bounced' | 'complained';
  at: Date;
}

/** Each organization's suppression list: what a bounce adds, and what an admin lifts. */
export function emailSuppressionsOn({
  client,
  tableName,
}: {
  client: DynamoDBClient;
  tableName: string;
}) {
  return {
    /** Puts the address on the organization's suppression list (a bounce or a complaint). */
    async suppress({ organizationId, emailAddress, reason, at }: SuppressionEntry) {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: {
            limitId: { S: suppressionId(organizationId, emailAddress) },
            reason: { S: reason },
            suppressedAt: { S: at.toISOString() },
          },
        }),
      );
    },
    /** Takes the address off the organization's suppression list; true if it was on it. */
    async lift(organizationId: number, emailAddress: string): Promise<boolean> {
      const { Attributes } = await client.send(
        new DeleteItemCommand({
          TableName: tableName,
          Key: { limitId: { S: suppressionId(organizationId, emailAddress) } },
          ReturnValues: 'ALL_OLD',
        }),
      );
      return Attributes !== undefined;
    },
  };
}

export type EmailSuppressions = ReturnType<typeof emailSuppressionsOn>;

/** The table as the local tools write it: suppressions, and demo data's spent counters. */
export function sendLimitsTableOn(table: { client: DynamoDBClient; tableName: string }) {
  return {
    ...emailSuppressionsOn(table),
    /** Sets the day's counter at its cap: the next send it counts is refused. */
    async spend(counter: DailyCounter) {
      await table.client.send(
        new PutItemCommand({
          TableName: table.tableName,
          Item: {
            limitId: { S: counter.limitId },
            sends: { N: String(counter.cap) },
            expiresAt: { N: String(counter.expiresAt) },
          },
        }),
      );
    },
  };
}

export type SendLimitsTable = ReturnType<typeof sendLimitsTableOn>;
