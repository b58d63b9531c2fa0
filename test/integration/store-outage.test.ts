/** The store is down: a 503 with the contract's headers, not a hang or a crash. */
import { expect, test } from 'vitest';
import { createDynamoDbClient } from '../../functions/shared/dynamodb.ts';
import { defaultCooldownSeconds } from '../../functions/shared/invitations/rules.ts';
import { defaultSendLimits } from '../../functions/shared/send-limits/rules.ts';
import { composeUpdateInvitationHandler } from '../../functions/update-invitation/create-handler.ts';
import { lambdaContext } from '../../local/lambda-context.ts';
import { freePort } from '../../local/ports.ts';
import { expectContractHeaders, expectErrorBody } from '../support/contract.ts';
import { invitationEvent } from '../support/events.ts';

// Nothing listens on this port: every connection is refused, as when DynamoDB Local is stopped.
const client = createDynamoDbClient({
  endpoint: `http://127.0.0.1:${await freePort()}`,
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
const handler = composeUpdateInvitationHandler({
  table: { client, tableName: 'invitations-outage' },
  cooldownSeconds: defaultCooldownSeconds,
  sendLimits: defaultSendLimits,
});

test('an unreachable store answers 503 ServiceUnavailable', async () => {
  const response = await handler(invitationEvent(), lambdaContext('update-invitation', 10_000));
  expect(response.statusCode).toBe(503);
  expectErrorBody(response.body, 'ServiceUnavailable');
  expectContractHeaders(response.headers);
});

test('a Lambda about to time out answers 503 instead of being killed mid-request', async () => {
  // 50 ms left: middy ends the handler just before the deadline.
  const response = await handler(invitationEvent(), lambdaContext('update-invitation', 50));
  expect(response.statusCode).toBe(503);
  expectContractHeaders(response.headers);
});
