/** Messages through Amazon SES v2 (e-mail) and Amazon SNS (SMS). */
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { PermanentDeliveryError, type Transport } from './transport.ts';

/** Refusals that no retry changes: the address or the message itself is the problem. */
const permanentErrors = new Set([
  'MessageRejected',
  'BadRequestException',
  'InvalidParameterException',
  'InvalidParameterValueException',
  'OptedOutException',
]);

export function awsTransport(options: { configurationSetName?: string } = {}): Transport {
  const ses = new SESv2Client({ maxAttempts: 3 });
  const sns = new SNSClient({ maxAttempts: 3 });
  const classify = (error: unknown): never => {
    if (error instanceof Error && permanentErrors.has(error.name)) {
      throw new PermanentDeliveryError(`${error.name}: ${error.message}`, { cause: error });
    }
    throw error;
  };
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
        .catch(classify);
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
        .catch(classify);
      return { messageId: MessageId ?? '' };
    },
  };
}
