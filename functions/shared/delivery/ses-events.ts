/**
 * SES's events of a message (event publishing of a configuration set, as EventBridge
 * delivers them in `detail`), and what each says became of the message: plain data, no
 * AWS client. Only the fields read here are typed; SES sends many more.
 */
import type { MessageOutcome } from '../invitations/invitation.ts';

export interface SesEvent {
  eventType: string;
  mail: {
    messageId: string;
    destination?: string[];
    /** Tags of the send, each name with its values: the sender tags userId and sendNumber. */
    tags?: Record<string, string[]>;
  };
  delivery?: { timestamp?: string };
  bounce?: {
    bounceType?: 'Permanent' | 'Transient' | 'Undetermined';
    bounceSubType?: string;
    bouncedRecipients?: { emailAddress: string }[];
    timestamp?: string;
  };
  complaint?: { complainedRecipients?: { emailAddress: string }[]; timestamp?: string };
  reject?: { reason?: string };
}

/** What an event says of one send of an invitation. */
export interface MessageReport {
  userId: number;
  sendNumber: number;
  messageId: string;
  outcome: MessageOutcome;
  /** When it happened, as SES says (the event's time when it does not). */
  at: string;
  /** The address that hard-bounced or complained: no more e-mail to it. */
  undeliverableAddress?: string;
  /** The organization that sent it (messages sent before the tag existed carry none). */
  organizationId?: number;
}

/**
 * The report an event makes, or why it makes none: an event of a message this API did not
 * send (no tags), or of a kind that says nothing final (sent, opened, delayed...).
 */
export function reportOf(
  event: SesEvent,
  eventTime: string,
): { report: MessageReport } | { ignored: string } {
  const userId = Number(event.mail?.tags?.userId?.[0]);
  const sendNumber = Number(event.mail?.tags?.sendNumber?.[0]);
  const messageId = event.mail?.messageId;
  if (!Number.isSafeInteger(userId) || !Number.isSafeInteger(sendNumber) || !messageId) {
    return { ignored: 'not a message of an invitation (no userId and sendNumber tags)' };
  }
  const organizationId = Number(event.mail?.tags?.organizationId?.[0]);
  const base = {
    userId,
    sendNumber,
    messageId,
    ...(Number.isSafeInteger(organizationId) ? { organizationId } : {}),
  };
  const recipient = (recipients: { emailAddress: string }[] | undefined) =>
    recipients?.[0]?.emailAddress ?? event.mail.destination?.[0];
  switch (event.eventType) {
    case 'Delivery':
      return {
        report: { ...base, outcome: 'delivered', at: event.delivery?.timestamp ?? eventTime },
      };
    case 'Bounce': {
      const at = event.bounce?.timestamp ?? eventTime;
      // Transient: SES gave up for now (a full mailbox...); another send may get through.
      if (event.bounce?.bounceType !== 'Permanent') {
        return { report: { ...base, outcome: 'softBounced', at } };
      }
      return {
        report: {
          ...base,
          outcome: 'bounced',
          at,
          ...optionalAddress(recipient(event.bounce.bouncedRecipients)),
        },
      };
    }
    case 'Complaint':
      return {
        report: {
          ...base,
          outcome: 'complained',
          at: event.complaint?.timestamp ?? eventTime,
          ...optionalAddress(recipient(event.complaint?.complainedRecipients)),
        },
      };
    case 'Reject':
      return { report: { ...base, outcome: 'rejected', at: eventTime } };
    default:
      return { ignored: `a ${event.eventType} event says nothing final` };
  }
}

const optionalAddress = (address: string | undefined) =>
  address === undefined ? {} : { undeliverableAddress: address };
