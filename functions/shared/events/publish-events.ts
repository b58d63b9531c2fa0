/**
 * A batch of the invitations table's stream -> the events of its changes, published in
 * the order of the records. The first record whose events are not all taken is reported
 * failed with every record after it: the event source retries from there, and an event
 * published twice keeps its `eventId`, so consumers deduplicate (at least once, never a
 * new id for the same change).
 */
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import type { Invitation } from '../invitations/invitation.ts';
import { fromItem } from '../invitations/item.ts';
import { logger } from '../logger.ts';
import type { InvitationEventDetail } from './event-schema.ts';
import type { EventSink } from './event-sink.ts';
import { invitationEvents } from './invitation-events.ts';

/** PutEvents takes 10 entries a request. */
const entriesPerRequest = 10;

export async function publishEvents(
  records: DynamoDBRecord[],
  sink: EventSink,
): Promise<DynamoDBBatchResponse> {
  const events: { record: number; event: InvitationEventDetail }[] = records.flatMap(
    (record, index) =>
      invitationEvents(changeOf(record)).map((event) => ({ record: index, event })),
  );
  for (let start = 0; start < events.length; start += entriesPerRequest) {
    const chunk = events.slice(start, start + entriesPerRequest);
    let published: boolean[];
    try {
      ({ published } = await sink.publish(chunk.map(({ event }) => event)));
    } catch (error) {
      logger.error('publishing events failed; the batch is retried from this record', { error });
      published = [];
    }
    const firstRefused = chunk.findIndex((_, index) => published[index] !== true);
    if (firstRefused !== -1) {
      const failedRecord = chunk[firstRefused]?.record ?? 0;
      logger.warn('an event was not taken; the batch is retried from its record', {
        eventID: records[failedRecord]?.eventID,
      });
      return {
        batchItemFailures: records
          .slice(failedRecord)
          .map((record) => ({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' })),
      };
    }
  }
  return { batchItemFailures: [] };
}

function changeOf(record: DynamoDBRecord) {
  const stream = record.dynamodb;
  const writtenAt = stream?.ApproximateCreationDateTime;
  return {
    before: imageOf(stream?.OldImage),
    after: imageOf(stream?.NewImage),
    recordId: record.eventID ?? stream?.SequenceNumber ?? '',
    sequence: stream?.SequenceNumber ?? '',
    // Seconds since the epoch, when DynamoDB wrote the change.
    time: writtenAt === undefined ? new Date() : new Date(writtenAt * 1000),
  };
}

function imageOf(
  image: NonNullable<DynamoDBRecord['dynamodb']>['NewImage'],
): Invitation | undefined {
  // The stream's attribute values are DynamoDB's, as the SDK reads them.
  return image ? fromItem(image as Parameters<typeof fromItem>[0]) : undefined;
}
