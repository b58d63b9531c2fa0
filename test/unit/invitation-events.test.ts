/**
 * What each change of an invitation becomes as events (invitation-events.ts), and how a
 * batch is published (publish-events.ts): in order, the first record not taken retried
 * with all after it, the same event id on every delivery of a change.
 */
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, test } from 'vitest';
import { invitationEventDetailSchema } from '../../functions/shared/events/event-schema.ts';
import type { EventSink } from '../../functions/shared/events/event-sink.ts';
import { detailTypeOf } from '../../functions/shared/events/event-types.ts';
import { invitationEvents } from '../../functions/shared/events/invitation-events.ts';
import { publishEvents } from '../../functions/shared/events/publish-events.ts';
import type { Invitation } from '../../functions/shared/invitations/invitation.ts';
import { toItem } from '../../functions/shared/invitations/item.ts';

const pending: Invitation = {
  userId: 5,
  organizationId: 100,
  status: 'pending',
  emailAddress: 'jan@example.com',
  phoneNumber: '+31850607337',
  createdAt: '2026-12-01T09:00:00.123Z',
  updatedAt: '2026-12-01T09:00:00.123Z',
  lastWriteId: 'write-1',
  emailLinkTokenHash: 'f'.repeat(64),
};
const change = (before: Invitation | undefined, after: Invitation | undefined, recordId = 'r1') =>
  invitationEvents({
    before,
    after,
    recordId,
    sequence: '100',
    time: new Date('2026-12-01T09:00:01Z'),
  });
const types = (events: ReturnType<typeof change>) =>
  events.map((event) => [event.type, event.channel]);

describe('the events of a change', () => {
  test('created, with the sends it asked for', () => {
    const events = change(undefined, {
      ...pending,
      emailSendCount: 1,
      emailSendRequestedAt: pending.createdAt,
    });
    expect(types(events)).toEqual([
      ['created', undefined],
      ['sendRequested', 'email'],
    ]);
    expect(events[0]).toMatchObject({
      userId: 5,
      organizationId: 100,
      time: pending.createdAt,
      sequence: '100',
    });
    expect(events[1]).toMatchObject({ sendNumber: 1 });
  });

  test.each([
    [
      'a send requested',
      { smsSendCount: 2, smsSendRequestedAt: '2026-12-01T10:00:00.000Z' },
      [['sendRequested', 'sms']],
    ],
    ['a send handed over', { emailDeliveryConfirmed: 1 }, [['sent', 'email']]],
    ['a send refused for good', { smsDeliveryFailed: 1 }, [['sendFailed', 'sms']]],
    [
      'a send superseded by an address change',
      { emailDeliverySuperseded: 1 },
      [['sendSuperseded', 'email']],
    ],
    ['a hand-over of unknown outcome', { smsDeliveryUnknown: 1 }, [['sendOutcomeUnknown', 'sms']]],
    [
      'delivered',
      { emailOutcome: 'delivered', emailOutcomeAt: '2026-12-01T10:00:05.000Z' },
      [['delivered', 'email']],
    ],
    ['bounced', { emailOutcome: 'bounced' }, [['bounced', 'email']]],
    ['complained', { emailOutcome: 'complained' }, [['complained', 'email']]],
    [
      'accepted',
      { status: 'accepted', acceptedAt: '2026-12-02T08:00:00.000Z', acceptedChannel: 'sms' },
      [['accepted', 'sms']],
    ],
    [
      'revoked',
      { status: 'revoked', revokedAt: '2026-12-02T08:00:00.000Z' },
      [['revoked', undefined]],
    ],
    ['a language changed: updated', { language: 'de' }, [['updated', undefined]]],
    [
      'an address changed and sent to: updated, then the send',
      {
        emailAddress: 'new@example.com',
        emailSendCount: 1,
        emailSendRequestedAt: '2026-12-02T08:00:00.000Z',
      },
      [
        ['updated', undefined],
        ['sendRequested', 'email'],
      ],
    ],
    [
      "the sender's claim: nothing",
      { emailDeliveryClaimed: 1, emailLinkTokenHash: 'e'.repeat(64) },
      [],
    ],
  ] as const)('%s', (_, changed, expected) => {
    const events = change(pending, { ...pending, ...changed } as Invitation);
    expect(types(events)).toEqual(expected);
  });

  test('updated names the fields that changed, never their values; at the write’s own time', () => {
    const [updated] = change(pending, {
      ...pending,
      language: 'de',
      expiration: '2027-01-01T00:00:00+00:00',
      phoneNumber: '+31850607338',
      updatedAt: '2026-12-02T08:00:00.789Z',
    });
    expect(updated).toMatchObject({
      type: 'updated',
      fields: ['language', 'expiration', 'phoneNumber'],
    });
    expect(updated?.time).toBe('2026-12-02T08:00:00.789Z');
    expect(JSON.stringify(updated)).not.toMatch(/\+3185|2027-01-01|"de"/);
    expect(invitationEventDetailSchema.safeParse(updated).success).toBe(true);
    // The same values written again change nothing: no event.
    expect(change(pending, { ...pending, updatedAt: '2026-12-02T08:00:00.000Z' })).toEqual([]);
  });

  test('the item’s own time of a change where it keeps one, else the stream’s', () => {
    const [accepted] = change(pending, {
      ...pending,
      status: 'accepted',
      acceptedAt: '2026-12-02T08:00:00.456Z',
    });
    expect(accepted?.time).toBe('2026-12-02T08:00:00.456Z');
    // The sender's writes keep their own time: the send is never dated after what follows.
    const [sent] = change(pending, {
      ...pending,
      emailDeliveryConfirmed: 1,
      emailDeliveryAt: '2026-12-01T09:00:00.987Z',
    });
    expect(sent?.time).toBe('2026-12-01T09:00:00.987Z');
    // An item written before the sender kept it: the stream's time.
    const [legacy] = change(pending, { ...pending, emailDeliveryConfirmed: 1 });
    expect(legacy?.time).toBe('2026-12-01T09:00:01.000Z');
  });

  test('a deleted item, or an outcome removed by a new send: nothing', () => {
    expect(change(pending, undefined)).toEqual([]);
    const bounced = { ...pending, emailOutcome: 'bounced' as const };
    expect(change(bounced, pending)).toEqual([]);
  });

  test('never a token, hash, write id, key or address; every event fits the documented schema', () => {
    const events = change(undefined, {
      ...pending,
      idempotencyKey: 'key-1',
      creationIdempotencyKey: 'key-2',
      creationWriteId: 'write-0',
      emailSendCount: 1,
      smsSendCount: 1,
    });
    const text = JSON.stringify(events);
    for (const secret of ['jan@example.com', '+31850607337', 'write-', 'key-', 'ffff']) {
      expect(text).not.toContain(secret);
    }
    for (const event of events) expect(invitationEventDetailSchema.parse(event)).toEqual(event);
  });

  test('the same change gives the same event ids; another change other ones', () => {
    const after = { ...pending, emailDeliveryConfirmed: 1 };
    const ids = (recordId: string) =>
      change(pending, after, recordId).map((event) => event.eventId);
    expect(ids('r1')).toEqual(ids('r1'));
    expect(ids('r1')[0]).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(ids('r2')).not.toEqual(ids('r1'));
  });

  test('detail types in words', () => {
    expect(detailTypeOf('created')).toBe('Invitation Created');
    expect(detailTypeOf('sendRequested')).toBe('Invitation Send Requested');
    expect(detailTypeOf('softBounced')).toBe('Invitation Soft Bounced');
  });
});

describe('publishing a batch', () => {
  const record = (sequence: number, before: Invitation | undefined, after: Invitation) =>
    ({
      eventID: `event-${sequence}`,
      eventName: before ? 'MODIFY' : 'INSERT',
      dynamodb: {
        SequenceNumber: String(sequence),
        ApproximateCreationDateTime: 1_764_579_600,
        ...(before ? { OldImage: toItem(before) } : {}),
        NewImage: toItem(after),
      },
    }) as unknown as DynamoDBRecord;
  /** 12 records, each one event: more than one PutEvents request. */
  const records = Array.from({ length: 12 }, (_, index) =>
    record(index + 1, undefined, { ...pending, userId: index + 1 }),
  );

  const sinkTaking = (refuse: (index: number) => boolean) => {
    const calls: string[][] = [];
    const sink: EventSink = {
      async publish(events) {
        calls.push(events.map((event) => event.eventId));
        return { published: events.map((event) => !refuse(event.userId)) };
      },
    };
    return { sink, calls };
  };

  test('in order, ten a request, nothing reported failed', async () => {
    const { sink, calls } = sinkTaking(() => false);
    expect(await publishEvents(records, sink)).toEqual({ batchItemFailures: [] });
    expect(calls.map((call) => call.length)).toEqual([10, 2]);
  });

  test('an event not taken: its record and every one after it are retried', async () => {
    const { sink, calls } = sinkTaking((userId) => userId === 4);
    const response = await publishEvents(records, sink);
    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual([
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
      '10',
      '11',
      '12',
    ]);
    // Nothing after the refusal was sent on.
    expect(calls).toHaveLength(1);
  });

  test('the bus unreachable: the whole batch again, with the same event ids', async () => {
    const failing: EventSink = { publish: () => Promise.reject(new Error('unreachable')) };
    const response = await publishEvents(records, failing);
    expect(response.batchItemFailures).toHaveLength(12);
    const first = sinkTaking(() => false);
    const second = sinkTaking(() => false);
    await publishEvents(records, first.sink);
    await publishEvents(records, second.sink);
    expect(second.calls).toEqual(first.calls);
  });
});
