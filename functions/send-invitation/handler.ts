/** The invitations table's stream -> invitation e-mails and SMS, at most once per request. */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { requiredEnv } from '../shared/config.ts';
import { awsTransport } from '../shared/delivery/aws-transport.ts';
import type { DeliverySettings } from '../shared/delivery/deliver.ts';
import { loadTemplates } from '../shared/delivery/messages.ts';
import { outboxTransport } from '../shared/delivery/outbox-transport.ts';
import { type FailureListener, sendInvitations } from '../shared/delivery/send-invitations.ts';
import { logger } from '../shared/logger.ts';

/** The sender with its transport; local runs give it the outbox and listen to failures. */
export function createSender(settings: DeliverySettings, onFailure?: FailureListener) {
  return middy<DynamoDBStreamEvent, DynamoDBBatchResponse>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler((event) => sendInvitations(event.Records, settings, onFailure));
}

export const templates = loadTemplates(new URL('./templates/', import.meta.url));

const outbox = process.env.OUTBOX_DIR;
export const handler = createSender({
  transport: outbox ? outboxTransport(outbox) : awsTransport(),
  templates,
  linkBaseUrl: requiredEnv('INVITATION_LINK_BASE_URL'),
  emailFrom: requiredEnv('EMAIL_FROM'),
});
