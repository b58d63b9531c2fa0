/**
 * A batch of the invitations table's stream: deliver every send request it carries, in
 * order. The first record that fails is reported with all after it (the event source then
 * retries from there, and replays of the others find their claims taken); lost deliveries
 * are logged where a later change of the item shows them.
 */
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import type { Invitation } from '../invitations/invitation.ts';
import { fromItem } from '../invitations/item.ts';
import { logger } from '../logger.ts';
import { type DeliverySettings, deliver } from './deliver.ts';
import { lostDeliveries, lostDeliveryEvent, sendRequestsOf } from './send-requests.ts';

export type FailureListener = (record: DynamoDBRecord, error: unknown) => void;

export async function sendInvitations(
  records: DynamoDBRecord[],
  settings: DeliverySettings,
  onFailure: FailureListener = () => {},
): Promise<DynamoDBBatchResponse> {
  for (const [index, record] of records.entries()) {
    const oldImage = imageOf(record.dynamodb?.OldImage);
    const newImage = imageOf(record.dynamodb?.NewImage);
    // Seconds since the epoch, when DynamoDB wrote the change.
    const writtenAt = record.dynamodb?.ApproximateCreationDateTime;
    const recordedAt = writtenAt === undefined ? new Date() : new Date(writtenAt * 1000);
    for (const lost of lostDeliveries(newImage, recordedAt, settings.claimTimeoutSeconds * 1000)) {
      logger.error(lostDeliveryEvent, {
        userId: lost.userId,
        channel: lost.channel.name,
        sendNumber: lost.sendNumber,
      });
    }
    try {
      for (const request of sendRequestsOf(oldImage, newImage)) await deliver(request, settings);
    } catch (error) {
      logger.error('delivery failed; the batch is retried from this record', {
        eventID: record.eventID,
        error,
      });
      onFailure(record, error);
      return {
        batchItemFailures: records
          .slice(index)
          .map((failed) => ({ itemIdentifier: failed.dynamodb?.SequenceNumber ?? '' })),
      };
    }
  }
  return { batchItemFailures: [] };
}

function imageOf(
  image: NonNullable<DynamoDBRecord['dynamodb']>['NewImage'],
): Invitation | undefined {
  // The stream's attribute values are DynamoDB's, as the SDK reads them.
  return image ? fromItem(image as Parameters<typeof fromItem>[0]) : undefined;
}
