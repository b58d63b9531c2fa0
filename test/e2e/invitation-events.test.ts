/**
 * Events out through `npm start`: the table's stream -> the event publisher -> the local
 * bus (EVENTS_FILE) and a webhook (WEBHOOK_URL, a server of this test): the loop an
 * operator watches, create -> send -> delivered or bounced -> accept or revoke, each event
 * once per change, ids stable, nothing of an address in any of them; a webhook that keeps
 * failing gets its event given up into failed/.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { tokenOfLink } from '../../functions/shared/delivery/links.ts';
import type { DeliveredEvent } from '../../functions/shared/events/event-sink.ts';
import { emailedLink } from '../support/eml.ts';
import { apiClient } from './api-contract.ts';
import { type RunningApi, startLocalApi } from './local-api.ts';

const outbox = mkdtempSync(join(tmpdir(), 'outbox-events-'));
const eventsFile = join(outbox, 'events.jsonl');
let api: RunningApi;
let webhook: Server;
/** What the webhook received; while `refuseAll`, it answers 500 to everything. */
const received: DeliveredEvent[] = [];
let refuseAll = false;
const call = apiClient(() => api.baseUrl);

beforeAll(async () => {
  webhook = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on('end', () => {
      const event = JSON.parse(body) as DeliveredEvent;
      if (refuseAll) {
        response.writeHead(500).end();
        return;
      }
      received.push(event);
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
  const address = webhook.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  api = await startLocalApi({
    OUTBOX_DIR: outbox,
    WEBHOOK_URL: `http://127.0.0.1:${port}/hook`,
    MAILBOX_SIMULATOR_DELAY_MS: '100',
  });
});
afterAll(async () => {
  await api?.stop();
  await new Promise((resolve) => webhook?.close(resolve));
});

const logged = (): DeliveredEvent[] =>
  existsSync(eventsFile)
    ? readFileSync(eventsFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as DeliveredEvent)
    : [];

/** The types of a user's events, in order, once `until` (a type) is among them (15 s). */
async function eventsOf(userId: number, until: string, source = logged): Promise<DeliveredEvent[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const events = source().filter((event) => event.detail.userId === userId);
    if (events.some((event) => event.detail.type === until) || Date.now() > deadline) return events;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
const typesOf = (events: DeliveredEvent[]) =>
  events.map((event) => [event.detail.type, event.detail.channel ?? null]);

async function create(json: unknown): Promise<number> {
  const response = await call({ method: 'POST', path: '/v2/users', json });
  expect(response.status, response.text).toBe(201);
  return (JSON.parse(response.text) as { id: number }).id;
}

describe('invitation events', () => {
  test('create -> sent -> delivered -> accepted: each once, in order, in the log and at the webhook', async () => {
    const address = 'success@simulator.amazonses.com';
    const userId = await create({ emailAddress: address, sendEmail: true });
    await eventsOf(userId, 'delivered');
    const link = await emailedLink(outbox, address);
    const accepted = await call({
      method: 'POST',
      path: '/v2/invitations/accept',
      token: null,
      json: { token: tokenOfLink(link) },
    });
    expect(accepted.status, accepted.text).toBe(200);

    const events = await eventsOf(userId, 'accepted');
    expect(typesOf(events)).toEqual([
      ['created', null],
      ['sendRequested', 'email'],
      ['sent', 'email'],
      ['delivered', 'email'],
      ['accepted', 'email'],
    ]);
    for (const event of events) {
      expect(event).toMatchObject({
        source: 'invitations-api',
        'detail-type': expect.stringMatching(/^Invitation /),
        detail: { userId, organizationId: 100 },
      });
    }
    expect(JSON.stringify(events)).not.toMatch(/simulator\.amazonses|token|TokenHash|writeId/i);
    expect(new Set(events.map((event) => event.detail.eventId)).size).toBe(events.length);
    // Each at the time of its own write, to the millisecond: never before what came first
    // (DynamoDB Local's stream rounds its times to the minute; the events do not use them).
    const times = events.map((event) => Date.parse(event.detail.time));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(events.map((event) => event.detail.time).every((time) => !/:00\.000Z$/.test(time))).toBe(
      true,
    );

    const atWebhook = await eventsOf(userId, 'accepted', () => received);
    expect(atWebhook.map((event) => event.detail.eventId)).toEqual(
      events.map((event) => event.detail.eventId),
    );
  });

  test.each([
    ['bounce@simulator.amazonses.com', 'bounced'],
    ['complaint@simulator.amazonses.com', 'complained'],
  ])('%s: %s', async (address, outcome) => {
    const userId = await create({ emailAddress: address, sendEmail: true });
    const events = await eventsOf(userId, outcome);
    expect(events.at(-1)?.detail).toMatchObject({ type: outcome, channel: 'email', outcome });
  });

  test('an SMS sent, then revoked', async () => {
    const userId = await create({ phoneNumber: '+31850609101', sendSms: true });
    await eventsOf(userId, 'sent');
    const revoked = await call({ method: 'DELETE', userId, body: null, contentType: null });
    expect(revoked.status).toBe(204);
    expect(typesOf(await eventsOf(userId, 'revoked'))).toEqual([
      ['created', null],
      ['sendRequested', 'sms'],
      ['sent', 'sms'],
      ['revoked', null],
    ]);
  });

  test('a webhook that keeps failing: its events are given up into failed/; the log has them', async () => {
    refuseAll = true;
    try {
      const userId = await create({ emailAddress: 'hook-down@example.com' });
      const [created] = await eventsOf(userId, 'created');
      expect(created).toBeDefined();
      const file = join(outbox, 'failed', `event-${created?.detail.eventId}.json`);
      // Three attempts, a second and two apart.
      const deadline = Date.now() + 15_000;
      while (!existsSync(file) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
        reason: 'the webhook answered 500',
        event: { detail: { userId, type: 'created' } },
      });
      expect(received.some((event) => event.detail.userId === userId)).toBe(false);
    } finally {
      refuseAll = false;
    }
  });
});
