/** The invitations table's stream -> invitation e-mails and SMS, at most once per request. */
import middy from '@middy/core';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import type { DeliverySettings } from '../shared/delivery/deliver.ts';
import { type FailureListener, sendInvitations } from '../shared/delivery/send-invitations.ts';

/** The sender; local runs listen to its failures to report them with their reason. */
export function createSender(settings: DeliverySettings, onFailure?: FailureListener) {
  return middy<DynamoDBStreamEvent, DynamoDBBatchResponse>().handler((event) =>
    sendInvitations(event.Records, settings, onFailure),
  );
}
