/**
 * The sender's bookkeeping of a send request: claim it (or record it superseded), confirm,
 * give back, or record a refusal or an unknown outcome.
 */
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

export type ClaimResult =
  /** Claimed: deliver to `to`, the destination the request was checked and counted for. */
  | { claimed: true; invitation: Invitation; to: string }
  /** Its address changed, or a newer request came, since it was asked: recorded, not sent. */
  | { claimed: false; superseded: true }
  /** Claimed already, no longer on the item, or the invitation is no longer pending. */
  | { claimed: false; superseded: false };

export function deliveryBookkeepingOn({ client, tableName }: TableConfig) {
  /**
   * Claims send request n of a channel for delivery, once: only if it is the channel's
   * latest request (a replaced or re-seeded item, or a newer request, leaves it behind),
   * nobody claimed it (a replayed stream record finds it claimed), the invitation is still
   * pending (accepted or revoked meanwhile, it gets no message) and the channel's address
   * is still the one the request was checked and counted for: a message never goes where
   * no request sent it. The claim issues the new link, bound to that address. A request
   * left behind by an address change or a newer request is recorded as superseded.
   */
  async function claimDelivery(claim: DeliveryClaim): Promise<ClaimResult> {
    const { channel } = claim;
    const names = {
      '#claimed': channel.claimedField,
      '#count': channel.countField,
      '#status': 'status',
      '#address': channel.addressField,
      '#sendTo': channel.sendToField,
    };
    const values = {
      ':n': { N: String(claim.sendNumber) },
      ':pending': { S: 'pending' },
    };
    const unclaimedAndPending =
      '(attribute_not_exists(#claimed) OR #claimed < :n) AND ' +
      '(attribute_not_exists(#status) OR #status = :pending)';
    let current: Invitation | undefined;
    try {
      const { Attributes } = await withinStoreBudget((budget) =>
        client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: { userId: { N: String(claim.userId) } },
            // The last message's id and outcome go: events of it no longer find their send.
            UpdateExpression:
              'SET #claimed = :n, #linkTokenHash = :hash, #linkIssuedAt = :now, ' +
              '#linkAddress = #address REMOVE #messageId, #outcome, #outcomeAt',
            // A request from before destinations were recorded goes to the stored address.
            ConditionExpression: `#count = :n AND ${unclaimedAndPending} AND attribute_exists(#address) AND (attribute_not_exists(#sendTo) OR #sendTo = #address)`,
            ExpressionAttributeNames: {
              ...names,
              '#linkTokenHash': channel.linkTokenHashField,
              '#linkIssuedAt': channel.linkIssuedAtField,
              '#linkAddress': channel.linkAddressField,
              '#messageId': channel.messageIdField,
              '#outcome': channel.outcomeField,
              '#outcomeAt': channel.outcomeAtField,
            },
            ExpressionAttributeValues: {
              ...values,
              ':hash': { S: claim.linkTokenHash },
              ':now': { S: claim.now.toISOString() },
            },
            ReturnValues: 'ALL_NEW',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
          budget,
        ),
      );
      const invitation = Attributes ? fromItem(Attributes) : undefined;
      const to = invitation?.[channel.addressField];
      if (invitation === undefined || to === undefined) {
        return { claimed: false, superseded: false };
      }
      return { claimed: true, invitation, to };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      current = error.Item ? fromItem(error.Item) : undefined;
    }
    // Refused: superseded if the request is still unclaimed on a pending invitation.
    if (
      current === undefined ||
      (current[channel.countField] ?? 0) < claim.sendNumber ||
      (current[channel.claimedField] ?? 0) >= claim.sendNumber ||
      current.status !== 'pending'
    ) {
      return { claimed: false, superseded: false };
    }
    try {
      await withinStoreBudget((budget) =>
        client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: { userId: { N: String(claim.userId) } },
            UpdateExpression: 'SET #claimed = :n, #superseded = :n, #deliveryAt = :at',
            ConditionExpression: `#count >= :n AND ${unclaimedAndPending} AND (#count > :n OR attribute_not_exists(#address) OR #sendTo <> #address)`,
            ExpressionAttributeNames: {
              ...names,
              '#superseded': channel.supersededField,
              '#deliveryAt': channel.deliveryAtField,
            },
            ExpressionAttributeValues: { ...values, ':at': { S: new Date().toISOString() } },
          }),
          budget,
        ),
      );
      return { claimed: false, superseded: true };
    } catch (error) {
      // Claimed or changed again meanwhile: that change's own record decides.
      if (error instanceof ConditionalCheckFailedException) {
        return { claimed: false, superseded: false };
      }
      throw error;
    }
  }

  /** Marks claimed send request n as handed to SES / SNS, under the id they gave its message. */
  async function confirmDelivery(
    userId: number,
    channel: SendChannel,
    sendNumber: number,
    messageId: string,
    /** When it was handed over: before the provider's own events of the message. */
    at = new Date(),
  ) {
    await setIfClaimed(userId, channel, sendNumber, {
      set: 'SET #field = :n, #messageId = :messageId',
      field: channel.confirmedField,
      names: { '#messageId': channel.messageIdField },
      values: { ':messageId': { S: messageId } },
      recordedAt: at,
    });
  }

  /** Gives a claim back after a failure known to have sent nothing, so a retry can claim it. */
  async function releaseDelivery(userId: number, channel: SendChannel, sendNumber: number) {
    await setIfClaimed(userId, channel, sendNumber, {
      set: 'SET #field = :n - :one',
      field: channel.claimedField,
      values: { ':one': { N: '1' } },
    });
  }

  /**
   * Records that handing send request n over failed without telling whether SES / SNS took
   * the message: not retried (that could send it twice), reported.
   */
  async function recordDeliveryUnknown(
    userId: number,
    channel: SendChannel,
    sendNumber: number,
    at = new Date(),
  ) {
    await setIfClaimed(userId, channel, sendNumber, {
      set: 'SET #field = :n',
      field: channel.unknownField,
      recordedAt: at,
    });
  }

  /** Records that SES / SNS refused send request n for good; it is not retried. */
  async function recordDeliveryFailure(
    userId: number,
    channel: SendChannel,
    sendNumber: number,
    reason: string,
    at = new Date(),
  ) {
    await setIfClaimed(userId, channel, sendNumber, {
      set: 'SET #field = :n, #reason = :reason',
      field: channel.failedField,
      names: { '#reason': channel.failureField },
      values: { ':reason': { S: reason.slice(0, 500) } },
      recordedAt: at,
    });
  }

  /**
   * An update of the sender's bookkeeping, applied only while send request n is its claim;
   * with `recordedAt`, it also keeps when what became of the send was recorded (its events
   * carry that time: invitation-events.ts).
   */
  async function setIfClaimed(
    userId: number,
    channel: SendChannel,
    sendNumber: number,
    {
      set,
      field,
      names = {},
      values = {},
      recordedAt,
    }: {
      /** The SET clause, on `#field` and `:n` (the send number) and its own names and values. */
      set: string;
      field: string;
      names?: Record<string, string>;
      values?: Record<string, AttributeValue>;
      recordedAt?: Date;
    },
  ) {
    try {
      await withinStoreBudget((budget) =>
        client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: { userId: { N: String(userId) } },
            UpdateExpression: recordedAt ? `${set}, #deliveryAt = :at` : set,
            ConditionExpression: '#claimed = :n',
            ExpressionAttributeNames: {
              '#field': field,
              '#claimed': channel.claimedField,
              ...(recordedAt ? { '#deliveryAt': channel.deliveryAtField } : {}),
              ...names,
            },
            ExpressionAttributeValues: {
              ':n': { N: String(sendNumber) },
              ...(recordedAt ? { ':at': { S: recordedAt.toISOString() } } : {}),
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

  return {
    claimDelivery,
    confirmDelivery,
    releaseDelivery,
    recordDeliveryFailure,
    recordDeliveryUnknown,
  };
}
