/**
 * The invitation sender on Lambda: its configuration, read once at init, and the settings
 * built from it (the table, the transport, the templates beside this file), composed by
 * create-handler.ts. Locally (npm start, npm run invoke) OUTBOX_DIR turns messages into files.
 */
import { requiredEnv } from '../shared/config.ts';
import { awsTransport } from '../shared/delivery/aws-transport.ts';
import type { DeliverySettings } from '../shared/delivery/deliver.ts';
import { loadTemplates } from '../shared/delivery/messages.ts';
import { outboxTransport } from '../shared/delivery/outbox-transport.ts';
import { senderTimeoutSeconds } from '../shared/delivery/send-requests.ts';
import { createDynamoDbClient, dynamodbConnectionFrom } from '../shared/dynamodb.ts';
import { deliveryBookkeepingOn } from '../shared/invitations/table/delivery-bookkeeping.ts';
import { createSender } from './create-handler.ts';

const config = {
  invitationsTable: requiredEnv('INVITATIONS_TABLE'),
  linkBaseUrl: requiredEnv('INVITATION_LINK_BASE_URL'),
  emailFrom: requiredEnv('EMAIL_FROM'),
  outboxDir: process.env.OUTBOX_DIR || undefined,
  sesConfigurationSet: process.env.SES_CONFIGURATION_SET || undefined,
  dynamodb: dynamodbConnectionFrom(process.env),
};

export const settings: DeliverySettings = {
  table: deliveryBookkeepingOn({
    client: createDynamoDbClient(config.dynamodb),
    tableName: config.invitationsTable,
  }),
  transport: config.outboxDir
    ? outboxTransport(config.outboxDir)
    : awsTransport({ configurationSetName: config.sesConfigurationSet }),
  templates: loadTemplates(new URL('./templates/', import.meta.url)),
  linkBaseUrl: config.linkBaseUrl,
  emailFrom: config.emailFrom,
  // A claim younger than the sender's timeout may be in the hands of a running sender.
  claimTimeoutSeconds: senderTimeoutSeconds,
};

export const handler = createSender(settings);
