/**
 * What became of an invitation's message, recorded on the send it belongs to: one
 * conditional write that lands only while the item still names the message (a newer
 * send's outcome is never overwritten by an older one's late event). An event that
 * arrives before the sender confirmed its send is retried, not dropped. A hard bounce or
 * a complaint first puts the address on the sending organization's suppression list,
 * whichever send it belongs to: the address is bad whatever became of later sends.
 */
import { sendChannels } from '../invitations/invitation.ts';
import type { InvitationsTable } from '../invitations/table.ts';
import { logger } from '../logger.ts';
import type { EmailSuppressions } from '../send-limits/limits-table.ts';
import { reportOf, type SesEvent } from './ses-events.ts';

/** The send is claimed and not confirmed yet: the event came early; retry it later. */
export class SendNotConfirmedYet extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SendNotConfirmedYet';
  }
}

export type RecordMessageOutcome = (
  event: SesEvent,
  eventTime: string,
) => Promise<'recorded' | 'ignored'>;

const email = sendChannels[0];

export function createRecordMessageOutcome({
  table,
  suppressions,
}: {
  table: Pick<InvitationsTable, 'recordMessageOutcome'>;
  suppressions: Pick<EmailSuppressions, 'suppress'>;
}): RecordMessageOutcome {
  return async function recordMessageOutcome(event, eventTime) {
    const made = reportOf(event, eventTime);
    if ('ignored' in made) {
      logger.info('message event ignored', { reason: made.ignored, eventType: event.eventType });
      return 'ignored';
    }
    const { report } = made;
    if (report.undeliverableAddress !== undefined && report.organizationId !== undefined) {
      await suppressions.suppress({
        organizationId: report.organizationId,
        emailAddress: report.undeliverableAddress,
        reason: report.outcome === 'complained' ? 'complained' : 'bounced',
        at: new Date(report.at),
      });
    }
    const result = await table.recordMessageOutcome({ ...report, channel: email });
    if (result.written) {
      logger.info('message outcome recorded', {
        userId: report.userId,
        sendNumber: report.sendNumber,
        outcome: report.outcome,
      });
      return 'recorded';
    }
    const current = result.current;
    if (
      current?.[email.claimedField] === report.sendNumber &&
      current[email.messageIdField] === undefined
    ) {
      throw new SendNotConfirmedYet(
        `send ${report.sendNumber} of user ${report.userId} is not confirmed yet`,
      );
    }
    logger.info('message event ignored', {
      reason:
        current?.[email.messageIdField] === report.messageId
          ? `the message already has a further outcome (${current[email.outcomeField]})`
          : 'the event belongs to an older send, or an invitation that is gone',
      userId: report.userId,
      sendNumber: report.sendNumber,
      outcome: report.outcome,
    });
    return 'ignored';
  };
}
