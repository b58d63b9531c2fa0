/** How a message leaves: SES and SNS when deployed, files under .outbox/ locally. */
import type { Language } from '../invitations/languages.ts';
import type { EmailContent } from './messages.ts';

export interface EmailMessage extends EmailContent {
  from: string;
  to: string;
  /** Which send it is: SES repeats these tags in every event of the message. */
  tags: { userId: string; organizationId: string; sendNumber: string };
}

export interface SmsMessage {
  to: string;
  language: Language;
  text: string;
}

/** The provider took the message, under this id (its events name it). */
export interface Accepted {
  messageId: string;
}

export interface Transport {
  sendEmail(message: EmailMessage): Promise<Accepted>;
  sendSms(message: SmsMessage): Promise<Accepted>;
}

/**
 * The provider answered that it did not take the message, or it could not be reached at
 * all (throttled, connection refused): nothing went out, so a retry cannot send it twice.
 * Every other failure of a hand-over (a reset, a timeout, a 5xx) may come after the
 * provider took the message, and is not retried.
 */
export class MessageNotTakenError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MessageNotTakenError';
  }
}

/** The provider refused this message for good (bad address...): record it, don't retry. */
export class PermanentDeliveryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentDeliveryError';
  }
}
