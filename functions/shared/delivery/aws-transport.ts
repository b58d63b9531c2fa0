/** Messages through Amazon SES v2 (e-mail) and Amazon SNS (SMS). */
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { MessageNotTakenError, PermanentDeliveryError, type Transport } from './transport.ts';

/** Refusals that no retry changes: the address or the message itself is the problem. */
const permanentErrors = new Set([
  'MessageRejected',
  'BadRequestException',
  'InvalidParameterException',
  'InvalidParameterValueException',
  'OptedOutException',
]);

/** Failures before a connection was made: the request never reached the provider. */
const unreachedCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * What a failed hand-over proves: refused for good, not taken (the provider answered with
 * a client error such as throttling, or was never reached), or nothing (rethrown as is: a
 * reset, a timeout or a 5xx can follow the provider's taking the message).
 */
export function classifyProviderError(error: unknown): never {
  if (!(error instanceof Error)) throw error;
  if (permanentErrors.has(error.name)) {
    throw new PermanentDeliveryError(`${error.name}: ${error.message}`, { cause: error });
  }
  const { $metadata, code } = error as { $metadata?: { httpStatusCode?: number }; code?: string };
  const status = $metadata?.httpStatusCode ?? 0;
  if ((status >= 400 && status < 500) || unreachedCodes.has(code ?? '')) {
    throw new MessageNotTakenError(`${error.name}: ${error.message}`, { cause: error });
  }
  throw error;
}

export function awsTransport(options: { configurationSetName?: string } = {}): Transport {
  // No SDK retry of a send: a retry after an ambiguous failure could send the message twice
  // (SES and SNS take no idempotency key). What provably sent nothing is retried by the
  // stream, after the claim is given back.
  const ses = new SESv2Client({ maxAttempts: 1 });
  const sns = new SNSClient({ maxAttempts: 1 });
  return {
    async sendEmail(message) {
      const { MessageId } = await ses
        .send(
          new SendEmailCommand({
            FromEmailAddress: message.from,
            Destination: { ToAddresses: [message.to] },
            ConfigurationSetName: options.configurationSetName,
            Content: {
              Simple: {
                Subject: { Data: message.subject, Charset: 'UTF-8' },
                Body: {
                  Text: { Data: message.text, Charset: 'UTF-8' },
                  Html: { Data: message.html, Charset: 'UTF-8' },
                },
                Headers: [{ Name: 'Content-Language', Value: message.language }],
              },
            },
            EmailTags: Object.entries(message.tags).map(([Name, Value]) => ({ Name, Value })),
          }),
        )
        .catch(classifyProviderError);
      return { messageId: MessageId ?? '' };
    },
    async sendSms(message) {
      const { MessageId } = await sns
        .send(
          new PublishCommand({
            PhoneNumber: message.to,
            Message: message.text,
            MessageAttributes: {
              'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
            },
          }),
        )
        .catch(classifyProviderError);
      return { messageId: MessageId ?? '' };
    },
  };
}
