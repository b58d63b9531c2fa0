/** How a message leaves: SES and SNS when deployed, files under .outbox/ locally. */
import type { Language } from '../invitations/languages.ts';
import type { EmailContent } from './messages.ts';

export interface EmailMessage extends EmailContent {
  from: string;
  to: string;
}

export interface SmsMessage {
  to: string;
  language: Language;
  text: string;
}

export interface Transport {
  sendEmail(message: EmailMessage): Promise<void>;
  sendSms(message: SmsMessage): Promise<void>;
}

/** The provider refused this message for good (bad address...): record it, don't retry. */
export class PermanentDeliveryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentDeliveryError';
  }
}
