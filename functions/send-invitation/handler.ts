/** The invitations table's stream -> invitation e-mails and SMS, at most once per request. */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { functions } from '../../infra/functions.ts';
import { requiredEnv } from '../shared/config.ts';
import { awsTransport } from '../shared/delivery/aws-transport.ts';
import type { DeliverySettings } from '../shared/delivery/deliver.ts';
import { loadTemplates } from '../shared/delivery/messages.ts';
import { outboxTransport } from '../shared/delivery/outbox-transport.ts';
import { type FailureListener, sendInvitations } from '../shared/delivery/send-invitations.ts';
import { logger } from '../shared/logger.ts';

/** The sender; local runs listen to its failures to report them with their reason. */
export function createSender(settings: DeliverySettings, onFailure?: FailureListener) {
  return middy<DynamoDBStreamEvent, DynamoDBBatchResponse>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler((event) => sendInvitations(event.Records, settings, onFailure));
}

const outbox = process.env.OUTBOX_DIR;
export const settings: DeliverySettings = {
  // Locally (npm start, npm run invoke) messages become files under OUTBOX_DIR.
  transport: outbox
    ? outboxTransport(outbox)
    : awsTransport({ configurationSetName: process.env.SES_CONFIGURATION_SET || undefined }),
  templates: loadTemplates(new URL('./templates/', import.meta.url)),
  linkBaseUrl: requiredEnv('INVITATION_LINK_BASE_URL'),
  emailFrom: requiredEnv('EMAIL_FROM'),
  claimTimeoutSeconds: functions['send-invitation'].timeoutSeconds,
};

export const handler = createSender(settings);
