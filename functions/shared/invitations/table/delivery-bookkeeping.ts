/** The sender's bookkeeping of a send request: claim, confirm, give back, or record a refusal. */
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { withinStoreBudget } from '../../dynamodb.ts';
import type { Invitation, SendChannel } from '../invitation.ts';
import { fromItem } from '../item.ts';
import type { TableConfig } from './config.ts';

export interface DeliveryClaim {
  userId: number;
  channel: SendChannel;
  /** The send request to deliver: the n-th on this channel. */
  sendNumber: number;
  /** SHA-256 of the new link's token: stored with the claim, so an older link stops working. */
  linkTokenHash: string;
  now: Date;
}

export function deliveryBookkeepingOn({ client, tableName }: TableConfig) {
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

  return { claimDelivery, confirmDelivery, releaseDelivery, recordDeliveryFailure };
}
