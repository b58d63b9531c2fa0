/**
 * DynamoDB access for the invitations table (partition key `userId`, Number). Attribute
 * names are the API's field names.
 */
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { requiredEnv } from '../config.ts';
import { dynamodb, rethrowStoreError } from '../dynamodb.ts';
import { type Invitation, requestedSends } from './rules.ts';
import type { InvitationUpdate } from './schema.ts';

const tableName = requiredEnv('INVITATIONS_TABLE');

const updatableFields = ['language', 'expiration', 'emailAddress', 'phoneNumber'] as const;

export interface InvitationWrite {
  userId: number;
  update: InvitationUpdate;
  /** Only a caller of this organization may change the item. */
  organizationId: number;
  /** False for a caller without the right: the write then can never apply. */
  mayManage: boolean;
  now: Date;
  /** Sends requested at or before this moment no longer block a new one. */
  cooldownStart: Date;
}

export type WriteResult = { written: true } | { written: false; current: Invitation | undefined };

/**
 * The one request of an accepted PUT: a conditional UpdateItem that sets only the fields
 * sent, records requested sends (time and a per-channel counter, for the sender) in the
 * same write, and applies only if the user exists in the caller's organization, the
 * invitation is still pending, every requested channel has an address and is out of its
 * cool-down. When it does not apply, DynamoDB returns the item as it was, so the caller
 * can tell which rule failed without a second read.
 */
export async function writeInvitationUpdate(write: InvitationWrite): Promise<WriteResult> {
  const names: Record<string, string> = {};
  const values: Record<string, AttributeValue> = {};
  const name = (attribute: string) => {
    names[`#${attribute}`] = attribute;
    return `#${attribute}`;
  };
  const value = (placeholder: string, attributeValue: AttributeValue) => {
    values[`:${placeholder}`] = attributeValue;
    return `:${placeholder}`;
  };

  const now = value('now', { S: write.now.toISOString() });
  const sets = [`${name('updatedAt')} = ${now}`];
  for (const field of updatableFields) {
    const fieldValue = write.update[field];
    if (fieldValue !== undefined) sets.push(`${name(field)} = ${value(field, { S: fieldValue })}`);
  }

  const conditions = write.mayManage
    ? [
        `attribute_exists(${name('userId')})`,
        `${name('organizationId')} = ${value('organizationId', { N: String(write.organizationId) })}`,
        `(attribute_not_exists(${name('status')}) OR ${name('status')} <> ${value('accepted', { S: 'accepted' })})`,
      ]
    : // Never applies; still one request, and the old item tells 403 from 404.
      [`attribute_exists(${name('userId')})`, `attribute_not_exists(${name('userId')})`];

  for (const channel of requestedSends(write.update)) {
    const count = name(channel.countField);
    sets.push(
      `${name(channel.requestedAtField)} = ${now}`,
      `${count} = if_not_exists(${count}, ${value('zero', { N: '0' })}) + ${value('one', { N: '1' })}`,
    );
    if (write.update[channel.addressField] === undefined) {
      conditions.push(`attribute_exists(${name(channel.addressField)})`);
    }
    const requestedAt = name(channel.requestedAtField);
    const start = value('cooldownStart', { S: write.cooldownStart.toISOString() });
    conditions.push(`(attribute_not_exists(${requestedAt}) OR ${requestedAt} <= ${start})`);
  }

  try {
    await dynamodb.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: { userId: { N: String(write.userId) } },
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: conditions.join(' AND '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { written: true };
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) {
      return { written: false, current: error.Item ? fromItem(error.Item) : undefined };
    }
    return rethrowStoreError(error);
  }
}

/** Writes a whole invitation, as fixtures and tests need; not used by the API. */
export async function putInvitation(invitation: Invitation): Promise<void> {
  await dynamodb.send(new PutItemCommand({ TableName: tableName, Item: toItem(invitation) }));
}

export function toItem(invitation: Invitation): Record<string, AttributeValue> {
  const item: Record<string, AttributeValue> = {};
  for (const [key, attribute] of Object.entries(invitation)) {
    if (attribute === undefined) continue;
    item[key] = typeof attribute === 'number' ? { N: String(attribute) } : { S: attribute };
  }
  return item;
}

export function fromItem(item: Record<string, AttributeValue>): Invitation {
  const invitation: Record<string, string | number> = {};
  for (const [key, attribute] of Object.entries(item)) {
    if (attribute.S !== undefined) invitation[key] = attribute.S;
    else if (attribute.N !== undefined) invitation[key] = Number(attribute.N);
  }
  // Fixtures may leave status out; the contract's default is pending.
  return { status: 'pending', ...invitation } as unknown as Invitation;
}
