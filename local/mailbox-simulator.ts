/**
 * SES's mailbox simulator, on this machine: an e-mail to one of its addresses produces the
 * events SES would publish for it (success@: delivered; bounce@: a hard bounce;
 * complaint@: delivered, then a complaint; suppressionlist@: a hard bounce, as for an
 * address on the suppression list), in the form EventBridge hands them to the delivery
 * feedback function. The message still goes to the outbox; other addresses produce no
 * event, as no real mailbox answers here.
 */
import { randomUUID } from 'node:crypto';
import type { SesEventBridgeEvent } from '../functions/delivery-feedback/create-handler.ts';
import type { SesEvent } from '../functions/shared/delivery/ses-events.ts';
import type { EmailMessage, Transport } from '../functions/shared/delivery/transport.ts';

export const simulatorDomain = 'simulator.amazonses.com';

const detailTypes: Record<string, string> = {
  Delivery: 'Email Delivered',
  Bounce: 'Email Bounced',
  Complaint: 'Email Complaint Received',
  Reject: 'Email Rejected',
};

/** One event as EventBridge delivers it from SES (source aws.ses, the SES event in detail). */
export function sesEventBridgeEvent(detail: SesEvent, time = new Date()): SesEventBridgeEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': detailTypes[detail.eventType] ?? `Email ${detail.eventType}`,
    source: 'aws.ses',
    account: '000000000000',
    time: time.toISOString(),
    region: 'us-east-1',
    resources: [],
    detail,
  };
}

/** The SES events of a message to `to`, sent under `messageId` with the sender's tags. */
export function simulatedEvents(
  message: Pick<EmailMessage, 'to' | 'from' | 'tags'>,
  messageId: string,
  now = new Date(),
): SesEvent[] {
  const [local, domain] = message.to.toLowerCase().split('@');
  if (domain !== simulatorDomain) return [];
  const timestamp = now.toISOString();
  const mail = {
    timestamp,
    source: message.from,
    messageId,
    destination: [message.to],
    tags: Object.fromEntries(Object.entries(message.tags).map(([name, value]) => [name, [value]])),
  };
  const recipients = [{ emailAddress: message.to }];
  const delivery: SesEvent = { eventType: 'Delivery', mail, delivery: { timestamp } };
  const hardBounce = (bounceSubType: string): SesEvent => ({
    eventType: 'Bounce',
    mail,
    bounce: { bounceType: 'Permanent', bounceSubType, bouncedRecipients: recipients, timestamp },
  });
  switch (local) {
    case 'success':
      return [delivery];
    case 'bounce':
      return [hardBounce('General')];
    case 'complaint':
      return [
        delivery,
        {
          eventType: 'Complaint',
          mail,
          complaint: { complainedRecipients: recipients, timestamp },
        },
      ];
    case 'suppressionlist':
      return [hardBounce('Suppressed')];
    default:
      return [];
  }
}

/**
 * The transport, with the simulator's events published after a message to one of its
 * addresses was taken: a moment later, as SES's events come seconds after the send.
 */
export function withMailboxSimulator(
  transport: Transport,
  publish: (event: SesEventBridgeEvent) => void,
  delayMs = 200,
): Transport {
  return {
    ...transport,
    async sendEmail(message) {
      const accepted = await transport.sendEmail(message);
      const events = simulatedEvents(message, accepted.messageId);
      if (events.length > 0) {
        setTimeout(() => {
          for (const event of events) publish(sesEventBridgeEvent(event));
        }, delayMs).unref();
      }
      return accepted;
    },
  };
}
