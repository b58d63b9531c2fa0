/**
 * Delivery feedback through `npm start`, the whole loop without AWS: a PUT sends to one of
 * SES's mailbox simulator addresses, the sender hands the message over, the simulator's
 * events reach the delivery-feedback function (as EventBridge invokes it), and GET shows
 * the outcome; a bounced or complained address is refused for the next send.
 */
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { expectErrorBody } from '../support/contract.ts';
import { apiClient } from './api-contract.ts';
import { type RunningApi, startLocalApi } from './local-api.ts';
import { demoData } from './target.ts';

// Messages, then their events, arrive a moment after each request: slower on a busy machine.
vi.setConfig({ testTimeout: 60_000 });

let api: RunningApi;
const call = apiClient(() => api.baseUrl);
beforeAll(async () => {
  api = await startLocalApi({
    // Sends one after another, and the simulator's events late enough that two sends in a
    // row are both handed over before the first one's events arrive.
    SEND_COOLDOWN_SECONDS: '0',
    MAILBOX_SIMULATOR_DELAY_MS: '3000',
  });
});
afterAll(async () => {
  await api?.stop();
});

const simulator = (local: string) => `${local}@simulator.amazonses.com`;
type Channel = Record<string, unknown>;
const emailChannel = async (userId: number, token?: string): Promise<Channel> => {
  const response = await call({ token, userId, method: 'GET', body: null, contentType: null });
  expect(response.status).toBe(200);
  return JSON.parse(response.text).channels.email;
};
/** GET until the e-mail channel shows what `done` waits for (events come after a moment). */
async function channelWhen(userId: number, done: (channel: Channel) => boolean, token?: string) {
  for (const deadline = Date.now() + 20_000; Date.now() < deadline; ) {
    const channel = await emailChannel(userId, token);
    if (done(channel)) return channel;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`user ${userId}'s e-mail channel never got there:\n${api.output()}`);
}
/** The outcome of send `sends`, or that outcome when one is named (a complaint follows a delivery). */
const outcomeOf = (userId: number, sends: number, outcome?: string) =>
  channelWhen(
    userId,
    (channel) =>
      channel.sends === sends &&
      (outcome === undefined ? channel.outcome !== undefined : channel.outcome === outcome),
  );
const send = (userId: number, emailAddress: string) =>
  call({ userId, json: { emailAddress, sendEmail: true } });

test('bounce@: bounced, the address undeliverable; a send to it is refused, another address works', async () => {
  const userId = demoData.users.pending;
  const before = (await emailChannel(userId)).sends as number;
  expect((await send(userId, simulator('bounce'))).status).toBe(200);
  expect(await outcomeOf(userId, before + 1)).toMatchObject({
    delivery: 'sent',
    outcome: 'bounced',
    addressUndeliverable: true,
  });

  const refused = await call({ userId, json: { sendEmail: true } });
  expect(refused.status).toBe(400);
  expectErrorBody(refused.text, 'EmailAddressUndeliverable');

  expect((await send(userId, simulator('success'))).status).toBe(200);
  const delivered = await outcomeOf(userId, before + 2);
  expect(delivered).toMatchObject({ outcome: 'delivered' });
  expect(delivered.addressUndeliverable).toBeUndefined();
});

test('complaint@: delivered, then complained; suppressionlist@: bounced', async () => {
  const [complaint, suppressed] = [demoData.users.withoutAddress, demoData.users.invitee];
  // The demo invitee was sent an e-mail already.
  const sentBefore = (await emailChannel(suppressed)).sends as number;
  expect((await send(complaint, simulator('complaint'))).status).toBe(200);
  expect((await send(suppressed, simulator('suppressionlist'))).status).toBe(200);
  expect(await outcomeOf(complaint, 1, 'complained')).toMatchObject({
    outcome: 'complained',
    addressUndeliverable: true,
  });
  expect(await outcomeOf(suppressed, sentBefore + 1)).toMatchObject({
    outcome: 'bounced',
    addressUndeliverable: true,
  });
});

test("a late event of an older send is ignored: the newer send's outcome stands", async () => {
  const userId = demoData.users.personal;
  const token = demoData.personalOwner;
  const until = (done: (channel: Channel) => boolean) => channelWhen(userId, done, token);
  // Send 1 to bounce@ is handed over; before its bounce arrives, send 2 goes to success@.
  const bounce = { emailAddress: simulator('bounce'), sendEmail: true };
  expect((await call({ token, userId, json: bounce })).status).toBe(200);
  expect(await until((channel) => channel.delivery === 'sent')).toMatchObject({ sends: 1 });
  const success = { emailAddress: simulator('success'), sendEmail: true };
  expect((await call({ token, userId, json: success })).status).toBe(200);
  expect(
    await until((channel) => channel.sends === 2 && channel.delivery === 'sent'),
  ).not.toHaveProperty('outcome');

  // Send 2's delivery arrives after send 1's bounce; give the bounce time to be judged.
  const channel = await until((channel) => channel.outcome !== undefined);
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(await emailChannel(userId, token)).toEqual(channel);
  expect(channel).toMatchObject({ sends: 2, delivery: 'sent', outcome: 'delivered' });
  expect(channel.addressUndeliverable).toBeUndefined();
  expect(await api.readInvitation(userId)).not.toHaveProperty('emailUndeliverable');
});
