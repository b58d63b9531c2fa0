/**
 * SES's events on the official DynamoDB Local, through the delivery-feedback handler: each
 * recorded on the send it belongs to, a late event of an older send ignored, a lesser
 * outcome never over a further one, an early event retried; a hard bounce or complaint
 * makes the address undeliverable for the PUT, until the address changes; GET shows it.
 */
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { beforeEach, describe, expect, test } from 'vitest';
import type { SesEvent } from '../../functions/shared/delivery/ses-events.ts';
import { sendChannels } from '../../functions/shared/invitations/invitation.ts';
import { lambdaContext } from '../../local/lambda-context.ts';
import { sesEventBridgeEvent, simulatedEvents } from '../../local/mailbox-simulator.ts';
import { expectErrorBody } from '../support/contract.ts';
import { invitationEvent } from '../support/events.ts';
import { useFreshTables } from '../support/tables.ts';

const {
  invitations,
  putInvitation,
  readInvitation,
  updateInvitationHandler,
  getInvitationHandler,
  deliveryFeedbackHandler,
  client,
  tableNames,
} = await useFreshTables();
const email = sendChannels[0];
const deliver = (event: SesEvent) =>
  deliveryFeedbackHandler(sesEventBridgeEvent(event), lambdaContext('delivery-feedback', 10_000));

const userId = 40;
const address = 'bounce@simulator.amazonses.com';
/** Send n requested, as a PUT leaves it: the sender claims only the latest request. */
async function requested(sendNumber: number) {
  await client.send(
    new UpdateItemCommand({
      TableName: tableNames.invitations,
      Key: { userId: { N: String(userId) } },
      UpdateExpression: 'SET #count = :n',
      ExpressionAttributeNames: { '#count': email.countField },
      ExpressionAttributeValues: { ':n': { N: String(sendNumber) } },
    }),
  );
}
/** Send n of user 40 as the sender leaves it: claimed, handed to SES, confirmed. */
async function sent(sendNumber: number, messageId: string) {
  await requested(sendNumber);
  await invitations.claimDelivery({
    userId,
    channel: email,
    sendNumber,
    linkTokenHash: `hash-${sendNumber}`,
    now: new Date(),
  });
  await invitations.confirmDelivery(userId, email, sendNumber, messageId);
}
/** The events SES publishes for a message to a simulator address. */
const eventsOf = (to: string, sendNumber: number, messageId: string) =>
  simulatedEvents(
    {
      to,
      from: 'invitations@example.com',
      tags: { userId: String(userId), organizationId: '100', sendNumber: String(sendNumber) },
    },
    messageId,
  );
const put = (body: Record<string, unknown>) =>
  updateInvitationHandler(
    invitationEvent({ userId: String(userId), body }),
    lambdaContext('update-invitation', 10_000),
  );
const view = async () =>
  JSON.parse(
    (
      await getInvitationHandler(
        invitationEvent({ userId: String(userId), method: 'GET' }),
        lambdaContext('get-invitation', 10_000),
      )
    ).body,
  ).channels.email;

beforeEach(async () => {
  await putInvitation({
    userId,
    organizationId: 100,
    status: 'pending',
    emailAddress: address,
    emailSendCount: 3,
  });
});

describe('outcomes land on the send they belong to', () => {
  test('a delivery, then a complaint: complained, and the address undeliverable', async () => {
    await sent(1, 'm-1');
    const [delivered, complained] = eventsOf('complaint@simulator.amazonses.com', 1, 'm-1');
    expect(await deliver(delivered as SesEvent)).toBe('recorded');
    expect(await readInvitation(userId)).toMatchObject({ emailOutcome: 'delivered' });
    expect(await deliver(complained as SesEvent)).toBe('recorded');
    expect(await readInvitation(userId)).toMatchObject({
      emailOutcome: 'complained',
      emailUndeliverable: 'complaint@simulator.amazonses.com',
    });
  });

  test('a late event of an older send is ignored: the newer send keeps its outcome', async () => {
    await sent(1, 'm-1');
    await sent(2, 'm-2');
    const [delivered] = eventsOf('success@simulator.amazonses.com', 2, 'm-2');
    expect(await deliver(delivered as SesEvent)).toBe('recorded');
    const [olderBounce] = eventsOf(address, 1, 'm-1');
    expect(await deliver(olderBounce as SesEvent)).toBe('ignored');
    const stored = await readInvitation(userId);
    expect(stored).toMatchObject({ emailMessageId: 'm-2', emailOutcome: 'delivered' });
    expect(stored?.emailUndeliverable).toBeUndefined();
  });

  test('a lesser outcome arriving after a further one changes nothing', async () => {
    await sent(1, 'm-1');
    const [delivered, complained] = eventsOf('complaint@simulator.amazonses.com', 1, 'm-1');
    expect(await deliver(complained as SesEvent)).toBe('recorded');
    expect(await deliver(delivered as SesEvent)).toBe('ignored');
    expect(await readInvitation(userId)).toMatchObject({ emailOutcome: 'complained' });
  });

  test('an event before its send was confirmed fails, to be retried; after the confirmation it lands', async () => {
    await requested(1);
    await invitations.claimDelivery({
      userId,
      channel: email,
      sendNumber: 1,
      linkTokenHash: 'hash-1',
      now: new Date(),
    });
    const [bounced] = eventsOf(address, 1, 'm-early');
    await expect(deliver(bounced as SesEvent)).rejects.toThrow(/not confirmed yet/);
    await invitations.confirmDelivery(userId, email, 1, 'm-early');
    expect(await deliver(bounced as SesEvent)).toBe('recorded');
  });

  test('a new send forgets the last outcome: it belongs to the last message', async () => {
    await sent(1, 'm-1');
    await deliver(eventsOf('success@simulator.amazonses.com', 1, 'm-1')[0] as SesEvent);
    await requested(2);
    await invitations.claimDelivery({
      userId,
      channel: email,
      sendNumber: 2,
      linkTokenHash: 'hash-2',
      now: new Date(),
    });
    const stored = await readInvitation(userId);
    expect(stored?.emailOutcome).toBeUndefined();
    expect(stored?.emailMessageId).toBeUndefined();
  });

  test('events of other messages, or that say nothing final, are ignored', async () => {
    await sent(1, 'm-1');
    const [delivered] = eventsOf('success@simulator.amazonses.com', 1, 'm-1');
    const untagged = { ...delivered, mail: { messageId: 'm-1' } } as SesEvent;
    expect(await deliver(untagged)).toBe('ignored');
    expect(await deliver({ ...(delivered as SesEvent), eventType: 'Open' })).toBe('ignored');
    expect((await readInvitation(userId))?.emailOutcome).toBeUndefined();
  });
});

describe('an undeliverable address', () => {
  beforeEach(async () => {
    // The last of its three sends.
    await sent(3, 'm-3');
    await deliver(eventsOf(address, 3, 'm-3')[0] as SesEvent);
  });

  test('GET shows the bounce; a send to it answers 400 EmailAddressUndeliverable and writes nothing', async () => {
    expect(await view()).toMatchObject({
      delivery: 'sent',
      outcome: 'bounced',
      outcomeAt: expect.any(String),
      addressUndeliverable: true,
    });
    const before = await readInvitation(userId);
    for (const body of [{ sendEmail: true }, { sendEmail: true, emailAddress: address }]) {
      const response = await put(body);
      expect(response.statusCode).toBe(400);
      expect(expectErrorBody(response.body, 'EmailAddressUndeliverable').errors).toEqual([
        { path: 'sendEmail', message: expect.stringContaining(address) },
      ]);
    }
    expect(await readInvitation(userId)).toEqual(before);
    // Without a send, the invitation still changes.
    expect((await put({ language: 'de' })).statusCode).toBe(200);
  });

  test('a new address may be sent to at once', async () => {
    const response = await put({
      emailAddress: 'success@simulator.amazonses.com',
      sendEmail: true,
    });
    expect(response.statusCode).toBe(200);
    expect(await readInvitation(userId)).toMatchObject({
      emailAddress: 'success@simulator.amazonses.com',
      emailSendCount: 4,
    });
    expect((await view()).addressUndeliverable).toBeUndefined();
  });
});
