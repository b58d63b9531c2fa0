/** What each SES event says became of an invitation's message: plain data in, a report out. */
import { describe, expect, test } from 'vitest';
import { reportOf, type SesEvent } from '../../functions/shared/delivery/ses-events.ts';
import { simulatedEvents } from '../../local/mailbox-simulator.ts';

const now = new Date('2026-11-26T10:00:00.000Z');
const eventsFor = (local: string) =>
  simulatedEvents(
    {
      to: `${local}@simulator.amazonses.com`,
      from: 'invitations@example.com',
      tags: { userId: '5', organizationId: '100', sendNumber: '3' },
    },
    'm-1',
    now,
  );
const time = '2026-11-26T10:00:05.000Z';

describe('reportOf', () => {
  test.each([
    ['success', ['delivered']],
    ['bounce', ['bounced']],
    ['complaint', ['delivered', 'complained']],
    ['suppressionlist', ['bounced']],
  ])('%s@ -> %j', (local, outcomes) => {
    const reports = eventsFor(local).map((event) => reportOf(event, time));
    expect(reports.map((made) => ('report' in made ? made.report.outcome : made.ignored))).toEqual(
      outcomes,
    );
    for (const made of reports) {
      expect(made).toMatchObject({
        report: { userId: 5, sendNumber: 3, messageId: 'm-1', at: now.toISOString() },
      });
    }
  });

  test('only a hard bounce or a complaint names the address undeliverable', () => {
    const addressOf = (event: SesEvent) => {
      const made = reportOf(event, time);
      return 'report' in made ? made.report.undeliverableAddress : undefined;
    };
    const [delivered, complained] = eventsFor('complaint');
    const [bounced] = eventsFor('bounce');
    expect(addressOf(delivered as SesEvent)).toBeUndefined();
    expect(addressOf(complained as SesEvent)).toBe('complaint@simulator.amazonses.com');
    expect(addressOf(bounced as SesEvent)).toBe('bounce@simulator.amazonses.com');
    const transient = {
      ...(bounced as SesEvent),
      bounce: { bounceType: 'Transient' as const, bounceSubType: 'MailboxFull' },
    };
    expect(reportOf(transient, time)).toEqual({
      report: {
        userId: 5,
        organizationId: 100,
        sendNumber: 3,
        messageId: 'm-1',
        outcome: 'softBounced',
        at: time,
      },
    });
  });

  test("a reject is recorded at the event's time; other kinds and untagged messages are not", () => {
    const [delivered] = eventsFor('success');
    const base = delivered as SesEvent;
    expect(
      reportOf({ ...base, eventType: 'Reject', reject: { reason: 'Bad content' } }, time),
    ).toMatchObject({
      report: { outcome: 'rejected', at: time },
    });
    for (const eventType of ['Send', 'Open', 'Click', 'DeliveryDelay'])
      expect(reportOf({ ...base, eventType }, time)).toHaveProperty('ignored');
    expect(reportOf({ ...base, mail: { messageId: 'm-1' } }, time)).toHaveProperty('ignored');
    expect(
      reportOf(
        { ...base, mail: { ...base.mail, tags: { userId: ['x'], sendNumber: ['1'] } } },
        time,
      ),
    ).toHaveProperty('ignored');
  });

  test('the simulator answers nothing for other addresses', () => {
    expect(eventsFor('nobody')).toEqual([]);
    expect(
      simulatedEvents(
        {
          to: 'success@example.com',
          from: 'a@example.com',
          tags: { userId: '1', organizationId: '100', sendNumber: '1' },
        },
        'm',
      ),
    ).toEqual([]);
  });
});
