/** Every file in events/ answers as its name says, on the demo fixtures. */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  APIGatewayProxyEvent,
  APIGatewayTokenAuthorizerEvent,
  DynamoDBStreamEvent,
} from 'aws-lambda';
import { expect, test } from 'vitest';
import type { SesEventBridgeEvent } from '../../functions/delivery-feedback/create-handler.ts';
import { createEventPublisher } from '../../functions/publish-events/create-handler.ts';
import { fileSink } from '../../functions/shared/events/file-sink.ts';
import { loadFixtureFile } from '../../local/fixtures.ts';
import { lambdaContext } from '../../local/lambda-context.ts';
import { expectContractHeaders } from '../support/contract.ts';
import { useFreshTables } from '../support/tables.ts';

const tables = await useFreshTables();
const {
  updateInvitationHandler: updateInvitation,
  createInvitationHandler: createInvitation,
  listInvitationsHandler: listInvitations,
  getInvitationHandler: getInvitation,
  revokeInvitationHandler: revokeInvitation,
  previewInvitationHandler: previewInvitation,
  acceptInvitationHandler: acceptInvitation,
  deliveryFeedbackHandler: deliveryFeedback,
  authorizerHandler: authorizer,
} = tables;
await loadFixtureFile(tables);

const eventsDir = new URL('../../events/', import.meta.url);
const samples = await readdir(eventsDir);
const read = async <T>(name: string) =>
  JSON.parse(await readFile(new URL(name, eventsDir), 'utf8')) as T;
const outcome = (name: string) => /\.([\w-]+)\.json$/.exec(name)?.[1];

test('there are samples of both reference examples, for both functions', () => {
  for (const example of ['example-1', 'example-2']) {
    expect(samples).toContain(`update-invitation.${example}.200.json`);
    expect(samples).toContain(`authorizer.${example}.allow.json`);
  }
});

test.each(samples.filter((name) => name.startsWith('update-invitation.')))('%s', async (name) => {
  const status = Number(outcome(name));
  const event = await read<APIGatewayProxyEvent>(name);
  const response = await updateInvitation(event, lambdaContext('update-invitation', 10_000));
  expect(response.statusCode).toBe(status);
  expectContractHeaders(response.headers);
  if (status === 200) {
    expect(JSON.parse(response.body)).toEqual({ id: Number(event.pathParameters?.userId) });
  }
});

test.each(samples.filter((name) => name.startsWith('get-invitation.')))('%s', async (name) => {
  const status = Number(outcome(name));
  const event = await read<APIGatewayProxyEvent>(name);
  const response = await getInvitation(event, lambdaContext('get-invitation', 10_000));
  expect(response.statusCode).toBe(status);
  expectContractHeaders(response.headers);
  if (status === 200) {
    const view = JSON.parse(response.body);
    expect(view.id).toBe(Number(event.pathParameters?.userId));
    expect(JSON.stringify(view)).not.toMatch(/TokenHash|lastWriteId|idempotency/);
  }
});

// Last: a revocation is for good.
test.each(samples.filter((name) => name.startsWith('revoke-invitation.')))('%s', async (name) => {
  const status = Number(outcome(name));
  const event = await read<APIGatewayProxyEvent>(name);
  const response = await revokeInvitation(event, lambdaContext('revoke-invitation', 10_000));
  expect(response.statusCode).toBe(status);
  expectContractHeaders(response.headers);
  if (status === 204) {
    expect(response.body).toBe('');
    const userId = Number(event.pathParameters?.userId);
    expect(await tables.readInvitation(userId)).toMatchObject({ status: 'revoked' });
  }
});

test.each(samples.filter((name) => name.startsWith('preview-invitation.')))('%s', async (name) => {
  const status = Number(outcome(name));
  const event = await read<APIGatewayProxyEvent>(name);
  const response = await previewInvitation(event, lambdaContext('preview-invitation', 10_000));
  expect(response.statusCode).toBe(status);
  expectContractHeaders(response.headers);
  if (status === 200) {
    expect(JSON.parse(response.body)).toEqual({
      status: 'pending',
      language: 'de',
      expiration: '2030-01-01T00:00:00+00:00',
      channel: 'email',
    });
  }
});

// After the previews: accepting is for good.
test.each(samples.filter((name) => name.startsWith('accept-invitation.')))('%s', async (name) => {
  const status = Number(outcome(name));
  const event = await read<APIGatewayProxyEvent>(name);
  const response = await acceptInvitation(event, lambdaContext('accept-invitation', 10_000));
  expect(response.statusCode).toBe(status);
  expectContractHeaders(response.headers);
  if (status === 200) {
    expect(JSON.parse(response.body)).toEqual({ id: 9 });
    expect(await tables.readInvitation(9)).toMatchObject({
      status: 'accepted',
      acceptedChannel: 'email',
    });
    // A fresh copy: middy's parser replaced this one's body with the parsed object.
    const again = await acceptInvitation(
      await read<APIGatewayProxyEvent>(name),
      lambdaContext('accept-invitation', 10_000),
    );
    expect(again.statusCode).toBe(409);
  }
});

test.each(samples.filter((name) => name.startsWith('delivery-feedback.')))('%s', async (name) => {
  const event = await read<SesEventBridgeEvent>(name);
  const result = await deliveryFeedback(event, lambdaContext('delivery-feedback', 10_000));
  expect(result).toBe(outcome(name));
  if (result === 'recorded') {
    expect(await tables.readInvitation(Number(event.detail.mail.tags?.userId?.[0]))).toMatchObject({
      emailMessageId: event.detail.mail.messageId,
      emailOutcome: 'delivered',
    });
  }
});

test.each(samples.filter((name) => name.startsWith('authorizer.')))('%s', async (name) => {
  const event = await read<APIGatewayTokenAuthorizerEvent>(name);
  const result = authorizer(event, lambdaContext('authorizer', 3_000));
  if (outcome(name) === 'allow') {
    expect((await result).policyDocument.Statement[0]).toMatchObject({ Effect: 'Allow' });
  } else {
    await expect(result).rejects.toThrow(/^Unauthorized$/);
  }
});

test.each(['example-1', 'example-2'])(
  'the %s handler event carries what the authorizer gives its token',
  async (example) => {
    const tokenEvent = await read<APIGatewayTokenAuthorizerEvent>(
      `authorizer.${example}.allow.json`,
    );
    const { context } = await authorizer(tokenEvent, lambdaContext('authorizer', 3_000));
    const event = await read<APIGatewayProxyEvent>(`update-invitation.${example}.200.json`);
    expect(event.requestContext.authorizer).toEqual(context);
    expect(event.headers.Authorization?.toLowerCase()).toBe(
      tokenEvent.authorizationToken.toLowerCase(),
    );
  },
);

test.each(samples.filter((name) => name.startsWith('create-invitation.')))('%s', async (name) => {
  const status = Number(outcome(name));
  const event = await read<APIGatewayProxyEvent>(name);
  const response = await createInvitation(event, lambdaContext('create-invitation', 10_000));
  expect(response.statusCode).toBe(status);
  expectContractHeaders(response.headers);
  if (status === 201) {
    const { id } = JSON.parse(response.body) as { id: number };
    expect(await tables.readInvitation(id)).toMatchObject({
      organizationId: 100,
      status: 'pending',
    });
  }
});

test.each(samples.filter((name) => name.startsWith('list-invitations.')))('%s', async (name) => {
  const status = Number(outcome(name));
  const event = await read<APIGatewayProxyEvent>(name);
  const response = await listInvitations(event, lambdaContext('list-invitations', 10_000));
  expect(response.statusCode).toBe(status);
  expectContractHeaders(response.headers);
  if (status === 200) {
    const page = JSON.parse(response.body) as { invitations: { id: number }[] };
    expect(page.invitations.length).toBeGreaterThan(0);
    for (const { id } of page.invitations) {
      expect(await tables.readInvitation(id)).toMatchObject({ organizationId: 100 });
    }
  }
});

test.each(samples.filter((name) => name.startsWith('publish-events.')))('%s', async (name) => {
  const eventsFile = join(mkdtempSync(join(tmpdir(), 'events-')), 'events.jsonl');
  const publisher = createEventPublisher({ sink: fileSink(eventsFile) });
  const event = await read<DynamoDBStreamEvent>(name);
  expect(await publisher(event, lambdaContext('publish-events', 30_000))).toEqual({
    batchItemFailures: [],
  });
  const lines = existsSync(eventsFile) ? readFileSync(eventsFile, 'utf8').trim().split('\n') : [];
  if (outcome(name) === 'published') expect(lines.length).toBeGreaterThan(0);
  else expect(lines).toEqual([]);
});
