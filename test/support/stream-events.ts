/** DynamoDB stream records of the invitations table, as Lambda delivers them. */
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { Invitation } from '../../functions/shared/invitations/invitation.ts';
import { toItem } from '../../functions/shared/invitations/item.ts';

let sequence = 100;

export function streamRecord(
  oldImage: Invitation | undefined,
  newImage: Invitation | undefined,
): DynamoDBRecord {
  sequence += 1;
  const keyOf = newImage ?? oldImage;
  return {
    eventID: `event-${sequence}`,
    eventName: oldImage === undefined ? 'INSERT' : newImage === undefined ? 'REMOVE' : 'MODIFY',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'eu-west-1',
    eventSourceARN:
      'arn:aws:dynamodb:eu-west-1:123456789012:table/invitations/stream/2026-11-26T00:00:00.000',
    dynamodb: {
      ApproximateCreationDateTime: 1_795_000_000,
      Keys: { userId: { N: String(keyOf?.userId ?? 0) } },
      ...(newImage ? { NewImage: toItem(newImage) as never } : {}),
      ...(oldImage ? { OldImage: toItem(oldImage) as never } : {}),
      SequenceNumber: String(sequence).padStart(21, '0'),
      SizeBytes: 200,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

export const streamEvent = (...records: DynamoDBRecord[]): DynamoDBStreamEvent => ({
  Records: records,
});

export const pendingInvitation: Invitation = {
  userId: 2,
  organizationId: 200,
  status: 'pending',
  language: 'cs',
  emailAddress: 'eva.novak@example.com',
  phoneNumber: '+420601123456',
  expiration: '2030-01-01T00:00:00+00:00',
};

/** The record of a PUT that asked for the n-th e-mail. */
export const emailRequested = (n = 1, base: Invitation = pendingInvitation) =>
  streamRecord(
    { ...base, ...(n > 1 ? { emailSendCount: n - 1 } : {}) },
    { ...base, emailSendCount: n, emailSendRequestedAt: '2026-11-26T05:00:00.000Z' },
  );
