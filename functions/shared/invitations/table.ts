/**
 * DynamoDB access for the invitations table (partition key `userId`, Number). Attribute
 * names are the API's field names.
 */
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  TransactionCanceledException,
  type TransactWriteItem,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { rethrowStoreError, withinStoreBudget } from '../dynamodb.ts';
import { ApiError } from '../http/errors.ts';
import { counterIncrement } from '../sms-limits/counters-table.ts';
import type { DailyCounter } from '../sms-limits/rules.ts';
import {
  type Invitation,
  type MessageOutcome,
  messageOutcomes,
  type SendChannel,
} from './invitation.ts';
import { fromItem, toItem } from './item.ts';
import { requestedSends, type WriteIdentity } from './rules.ts';
import type { InvitationUpdate } from './schema.ts';

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
  /** Recorded with the write, so that a repeat of it never applies twice. */
  identity: WriteIdentity;
  /** An Idempotency-Key used at or before this moment is forgotten. */
  idempotencyWindowStart: Date;
  /** The phone number the item must still hold: the one an SMS send was counted for. */
  expectedPhoneNumber?: string;
  /** Counters the write raises with it, each only below its cap (SMS sends). */
  counters?: DailyCounter[];
}

export type WriteResult = { written: true } | { written: false; current: Invitation | undefined };
/** A write that raises counters may also be refused because one of them is at its cap. */
export type CountedWriteResult =
  | WriteResult
  | { written: false; capReached: DailyCounter['scope'] };

export interface DeliveryClaim {
  userId: number;
  channel: SendChannel;
  /** The send request to deliver: the n-th on this channel. */
  sendNumber: number;
  /** SHA-256 of the new link's token: stored with the claim, so an older link stops working. */
  linkTokenHash: string;
  now: Date;
}

export interface TableConfig {
  client: DynamoDBClient;
  tableName: string;
  /** The SMS counters table, which a PUT that sends an SMS counts in. */
  smsCountersTableName?: string;
}

/**
 * A transaction cancelled because it met another on the same item, or was throttled, is
 * retried this many times at most (each a fast answer: a stall ends the loop as a 503).
 */
const transactionAttempts = 4;
const busyCancellations = new Set([
  'TransactionConflict',
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
]);

/** The invitations table's operations, on the given client and table. */
export function invitationsTable({ client, tableName, smsCountersTableName }: TableConfig) {
  /**
   * One conditional UpdateItem: written, or refused with the item as it was (DynamoDB
   * returns it with the refusal), so the caller can tell which rule stood in the way.
   */
  async function conditionalUpdate(
    input: Omit<UpdateItemCommandInput, 'TableName' | 'ReturnValuesOnConditionCheckFailure'>,
  ): Promise<WriteResult> {
    try {
      await withinStoreBudget((budget) =>
        client.send(
          new UpdateItemCommand({
            ...input,
            TableName: tableName,
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
          budget,
        ),
      );
      return { written: true };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        return { written: false, current: error.Item ? fromItem(error.Item) : undefined };
      }
      return rethrowStoreError(error);
    }
  }

  /**
   * The one request of an accepted PUT: a conditional UpdateItem that sets only the fields
   * sent, records requested sends (time and a per-channel counter, for the sender) in the
   * same write, and applies only if the user exists in the caller's organization, the
   * invitation is still pending (not accepted, not revoked), every requested channel has an address and is out of its
   * cool-down, and only if it is not a repeat of a write that already landed (same write
   * id, or the same Idempotency-Key within its window). When it does not apply, DynamoDB
   * returns the item as it was, so the caller can tell which rule failed, or that the write
   * had landed, without a second read. A write with counters (an SMS send) is one
   * transaction with their increments: all of it lands, or none of it.
   */
  async function writeInvitationUpdate(write: InvitationWrite): Promise<CountedWriteResult> {
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
    const { writeId, idempotency } = write.identity;
    const lastWriteId = name('lastWriteId');
    const sets = [
      `${name('updatedAt')} = ${now}`,
      `${lastWriteId} = ${value('writeId', { S: writeId })}`,
    ];
    for (const field of updatableFields) {
      const fieldValue = write.update[field];
      if (fieldValue !== undefined)
        sets.push(`${name(field)} = ${value(field, { S: fieldValue })}`);
    }

    const conditions = write.mayManage
      ? [
          `attribute_exists(${name('userId')})`,
          `${name('organizationId')} = ${value('organizationId', { N: String(write.organizationId) })}`,
          `(attribute_not_exists(${name('status')}) OR ${name('status')} = ${value('pending', { S: 'pending' })})`,
        ]
      : // Never applies; still one request, and the old item tells 403 from 404.
        [`attribute_exists(${name('userId')})`, `attribute_not_exists(${name('userId')})`];
    conditions.push(`(attribute_not_exists(${lastWriteId}) OR ${lastWriteId} <> :writeId)`);
    if (idempotency !== undefined) {
      const key = name('idempotencyKey');
      const usedAt = name('idempotencyKeyUsedAt');
      sets.push(
        `${key} = ${value('idempotencyKey', { S: idempotency.key })}`,
        `${name('idempotencyFingerprint')} = ${value('fingerprint', { S: idempotency.fingerprint })}`,
        `${usedAt} = ${now}`,
      );
      const windowStart = value('windowStart', { S: write.idempotencyWindowStart.toISOString() });
      conditions.push(
        `(attribute_not_exists(${key}) OR ${key} <> :idempotencyKey OR ${usedAt} <= ${windowStart})`,
      );
    }

    for (const channel of requestedSends(write.update)) {
      const count = name(channel.countField);
      sets.push(
        `${name(channel.requestedAtField)} = ${now}`,
        `${count} = if_not_exists(${count}, ${value('zero', { N: '0' })}) + ${value('one', { N: '1' })}`,
      );
      const newAddress = write.update[channel.addressField];
      if (newAddress === undefined) {
        conditions.push(`attribute_exists(${name(channel.addressField)})`);
      }
      if (channel.name === 'email') {
        const undeliverable = name('emailUndeliverable');
        const address =
          newAddress === undefined
            ? name(channel.addressField)
            : value('newEmail', { S: newAddress });
        conditions.push(
          `(attribute_not_exists(${undeliverable}) OR ${undeliverable} <> ${address})`,
        );
      }
      const requestedAt = name(channel.requestedAtField);
      const start = value('cooldownStart', { S: write.cooldownStart.toISOString() });
      conditions.push(`(attribute_not_exists(${requestedAt}) OR ${requestedAt} <= ${start})`);
    }
    if (write.expectedPhoneNumber !== undefined) {
      conditions.push(
        `${name('phoneNumber')} = ${value('expectedPhoneNumber', { S: write.expectedPhoneNumber })}`,
      );
    }

    const update = {
      Key: { userId: { N: String(write.userId) } },
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: conditions.join(' AND '),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    };
    const counters = write.counters ?? [];
    return counters.length === 0 ? conditionalUpdate(update) : countedUpdate(update, counters);
  }

  /**
   * The update and the counters' increments as one transaction. Refused: the invitation's
   * condition first (the item as it was says which rule), else the counter at its cap.
   * Transactions on one counter at the same moment conflict; the loser is retried, as its
   * write id keeps a retry from applying twice.
   */
  async function countedUpdate(
    update: Omit<UpdateItemCommandInput, 'TableName' | 'ReturnValuesOnConditionCheckFailure'>,
    counters: DailyCounter[],
  ): Promise<CountedWriteResult> {
    if (smsCountersTableName === undefined) throw new Error('no SMS counters table configured');
    const command = new TransactWriteItemsCommand({
      TransactItems: [
        {
          Update: {
            ...update,
            TableName: tableName,
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          } as NonNullable<TransactWriteItem['Update']>,
        },
        ...counters.map((counter) => counterIncrement(smsCountersTableName, counter)),
      ],
    });
    for (let attempt = 1; ; attempt++) {
      try {
        await withinStoreBudget((budget) => client.send(command, budget));
        return { written: true };
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) return rethrowStoreError(error);
        const [invitation, ...counterReasons] = error.CancellationReasons ?? [];
        if (invitation?.Code === 'ConditionalCheckFailed') {
          return {
            written: false,
            current: invitation.Item ? fromItem(invitation.Item) : undefined,
          };
        }
        const atCap = counterReasons.findIndex(
          (reason) => reason.Code === 'ConditionalCheckFailed',
        );
        const counter = counters[atCap];
        if (counter !== undefined) return { written: false, capReached: counter.scope };
        const busy = error.CancellationReasons?.some((reason) =>
          busyCancellations.has(reason.Code ?? ''),
        );
        if (!busy) throw error;
        // Still meeting others, or throttled: busy, not broken; the client may retry.
        if (attempt === transactionAttempts)
          throw new ApiError('ServiceUnavailable', { cause: error });
        await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40 * attempt));
      }
    }
  }

  /**
   * Claims send request n of a channel for delivery, once: only if the item still carries
   * it (a replaced or re-seeded item does not), nobody claimed it (a replayed stream record
   * finds it claimed) and the invitation is still pending: an invitation accepted or
   * revoked meanwhile gets no message. Returns the item as it now is,
   * or undefined when there is nothing to send.
   */
  async function claimDelivery(claim: DeliveryClaim): Promise<Invitation | undefined> {
    const { channel } = claim;
    try {
      const { Attributes } = await withinStoreBudget((budget) =>
        client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: { userId: { N: String(claim.userId) } },
            // The last message's id and outcome go: events of it no longer find their send.
            UpdateExpression:
              'SET #claimed = :n, #linkTokenHash = :hash, #linkIssuedAt = :now ' +
              'REMOVE #messageId, #outcome, #outcomeAt',
            ConditionExpression:
              '#count >= :n AND (attribute_not_exists(#claimed) OR #claimed < :n) AND ' +
              '(attribute_not_exists(#status) OR #status = :pending)',
            ExpressionAttributeNames: {
              '#claimed': channel.claimedField,
              '#count': channel.countField,
              '#status': 'status',
              '#linkTokenHash': channel.linkTokenHashField,
              '#linkIssuedAt': channel.linkIssuedAtField,
              '#messageId': channel.messageIdField,
              '#outcome': channel.outcomeField,
              '#outcomeAt': channel.outcomeAtField,
            },
            ExpressionAttributeValues: {
              ':n': { N: String(claim.sendNumber) },
              ':hash': { S: claim.linkTokenHash },
              ':now': { S: claim.now.toISOString() },
              ':pending': { S: 'pending' },
            },
            ReturnValues: 'ALL_NEW',
          }),
          budget,
        ),
      );
      return Attributes ? fromItem(Attributes) : undefined;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  /** Marks claimed send request n as handed to SES / SNS, under the id they gave its message. */
  async function confirmDelivery(
    userId: number,
    channel: SendChannel,
    sendNumber: number,
    messageId: string,
  ) {
    await setIfClaimed(
      userId,
      channel,
      sendNumber,
      'SET #field = :n, #messageId = :messageId',
      channel.confirmedField,
      { '#messageId': channel.messageIdField },
      { ':messageId': { S: messageId } },
    );
  }

  /**
   * Records what became of a message, only on the send it belongs to (the item still names
   * its message id: an older send's late event finds another) and only when it goes
   * further than the outcome recorded (messageOutcomes). A hard bounce or complaint also
   * marks the address undeliverable. Refused: the item as it was says why.
   */
  async function recordMessageOutcome(report: {
    userId: number;
    channel: SendChannel;
    messageId: string;
    outcome: MessageOutcome;
    at: string;
    undeliverableAddress?: string | undefined;
  }): Promise<WriteResult> {
    const { channel } = report;
    const notFurther = messageOutcomes.slice(0, messageOutcomes.indexOf(report.outcome) + 1);
    const undeliverable = report.undeliverableAddress !== undefined;
    return conditionalUpdate({
      Key: { userId: { N: String(report.userId) } },
      UpdateExpression: `SET #outcome = :outcome, #outcomeAt = :at${undeliverable ? ', #undeliverable = :address' : ''}`,
      ConditionExpression: `#messageId = :messageId AND (attribute_not_exists(#outcome) OR #outcome IN (${notFurther.map((_, index) => `:o${index}`).join(', ')}))`,
      ExpressionAttributeNames: {
        '#messageId': channel.messageIdField,
        '#outcome': channel.outcomeField,
        '#outcomeAt': channel.outcomeAtField,
        ...(undeliverable ? { '#undeliverable': 'emailUndeliverable' } : {}),
      },
      ExpressionAttributeValues: {
        ':messageId': { S: report.messageId },
        ':outcome': { S: report.outcome },
        ':at': { S: report.at },
        ...Object.fromEntries(notFurther.map((outcome, index) => [`:o${index}`, { S: outcome }])),
        ...(undeliverable ? { ':address': { S: report.undeliverableAddress ?? '' } } : {}),
      },
    });
  }

  /** Gives a claim back after a failure known to have sent nothing, so a retry can claim it. */
  async function releaseDelivery(userId: number, channel: SendChannel, sendNumber: number) {
    await setIfClaimed(
      userId,
      channel,
      sendNumber,
      'SET #field = :n - :one',
      channel.claimedField,
      {},
      { ':one': { N: '1' } },
    );
  }

  /** Records that SES / SNS refused send request n for good; it is not retried. */
  async function recordDeliveryFailure(
    userId: number,
    channel: SendChannel,
    sendNumber: number,
    reason: string,
  ) {
    await setIfClaimed(
      userId,
      channel,
      sendNumber,
      'SET #field = :n, #reason = :reason',
      channel.failedField,
      { '#reason': channel.failureField },
      { ':reason': { S: reason.slice(0, 500) } },
    );
  }

  /** An update of the sender's bookkeeping, applied only while send request n is its claim. */
  async function setIfClaimed(
    userId: number,
    channel: SendChannel,
    sendNumber: number,
    updateExpression: string,
    field: string,
    names: Record<string, string> = {},
    values: Record<string, AttributeValue> = {},
  ) {
    try {
      await withinStoreBudget((budget) =>
        client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: { userId: { N: String(userId) } },
            UpdateExpression: updateExpression,
            ConditionExpression: '#claimed = :n',
            ExpressionAttributeNames: {
              '#field': field,
              '#claimed': channel.claimedField,
              ...names,
            },
            ExpressionAttributeValues: {
              ':n': { N: String(sendNumber) },
              ...values,
            },
          }),
          budget,
        ),
      );
    } catch (error) {
      // The item was replaced or claimed anew meanwhile: its bookkeeping is no longer ours.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /**
   * Revokes a pending invitation: one conditional UpdateItem that applies only to a pending
   * invitation of the caller's organization, for a caller with the right. When it does not
   * apply, the item as it was says why (not found, refused, accepted, already revoked).
   */
  async function revokeInvitation(revocation: {
    userId: number;
    organizationId: number;
    mayManage: boolean;
    now: Date;
  }): Promise<WriteResult> {
    const mayApply = revocation.mayManage
      ? 'attribute_exists(#userId) AND #organizationId = :organizationId AND ' +
        '(attribute_not_exists(#status) OR #status = :pending)'
      : // Never applies; the old item still tells 403 from 404.
        'attribute_exists(#userId) AND attribute_not_exists(#userId)';
    return conditionalUpdate({
      Key: { userId: { N: String(revocation.userId) } },
      UpdateExpression: 'SET #status = :revoked, #revokedAt = :now, #updatedAt = :now',
      ConditionExpression: mayApply,
      ExpressionAttributeNames: {
        '#userId': 'userId',
        '#status': 'status',
        '#revokedAt': 'revokedAt',
        '#updatedAt': 'updatedAt',
        ...(revocation.mayManage ? { '#organizationId': 'organizationId' } : {}),
      },
      ExpressionAttributeValues: {
        ':revoked': { S: 'revoked' },
        ':now': { S: revocation.now.toISOString() },
        ...(revocation.mayManage
          ? {
              ':organizationId': { N: String(revocation.organizationId) },
              ':pending': { S: 'pending' },
            }
          : {}),
      },
    });
  }

  /**
   * Accepts through a link: applies only while the item still is as the caller saw it (this
   * link current on its channel, pending, the same expiration), so an accept racing a
   * revocation, a new send or another accept loses cleanly; the item as it then was says why.
   */
  async function acceptInvitation(acceptance: {
    userId: number;
    channel: SendChannel;
    tokenHash: string;
    /** The expiration the caller checked, or undefined when there was none. */
    expiration: string | undefined;
    now: Date;
  }): Promise<WriteResult> {
    const { channel } = acceptance;
    return conditionalUpdate({
      Key: { userId: { N: String(acceptance.userId) } },
      UpdateExpression:
        'SET #status = :accepted, #acceptedAt = :now, #acceptedChannel = :channel, #updatedAt = :now',
      ConditionExpression:
        '#linkTokenHash = :hash AND (attribute_not_exists(#status) OR #status = :pending) AND ' +
        (acceptance.expiration === undefined
          ? 'attribute_not_exists(#expiration)'
          : '#expiration = :expiration'),
      ExpressionAttributeNames: {
        '#status': 'status',
        '#acceptedAt': 'acceptedAt',
        '#acceptedChannel': 'acceptedChannel',
        '#updatedAt': 'updatedAt',
        '#linkTokenHash': channel.linkTokenHashField,
        '#expiration': 'expiration',
      },
      ExpressionAttributeValues: {
        ':accepted': { S: 'accepted' },
        ':pending': { S: 'pending' },
        ':now': { S: acceptance.now.toISOString() },
        ':channel': { S: channel.name },
        ':hash': { S: acceptance.tokenHash },
        ...(acceptance.expiration === undefined
          ? {}
          : { ':expiration': { S: acceptance.expiration } }),
      },
    });
  }

  /** One strongly consistent GetItem: what a caller reads back is what was last written. */
  async function readInvitation(userId: number): Promise<Invitation | undefined> {
    try {
      const { Item } = await withinStoreBudget((budget) =>
        client.send(
          new GetItemCommand({
            TableName: tableName,
            Key: { userId: { N: String(userId) } },
            ConsistentRead: true,
          }),
          budget,
        ),
      );
      return Item ? fromItem(Item) : undefined;
    } catch (error) {
      return rethrowStoreError(error);
    }
  }

  /** Writes a whole invitation, as fixtures and tests need; not used by the API. */
  async function putInvitation(invitation: Invitation): Promise<void> {
    await withinStoreBudget((budget) =>
      client.send(new PutItemCommand({ TableName: tableName, Item: toItem(invitation) }), budget),
    );
  }

  return {
    writeInvitationUpdate,
    revokeInvitation,
    acceptInvitation,
    readInvitation,
    claimDelivery,
    confirmDelivery,
    recordMessageOutcome,
    releaseDelivery,
    recordDeliveryFailure,
    putInvitation,
  };
}

export type InvitationsTable = ReturnType<typeof invitationsTable>;
