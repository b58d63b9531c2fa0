/** The sender composed as its handler.ts composes it, on the tests' settings. */
import { createSender } from '../../functions/send-invitation/create-handler.ts';
import type { DeliverySettings } from '../../functions/shared/delivery/deliver.ts';
import { loadTemplates } from '../../functions/shared/delivery/messages.ts';
import type { Transport } from '../../functions/shared/delivery/transport.ts';

/** A transport that takes every message. */
export const acceptingTransport: Transport = {
  sendEmail: async () => ({ messageId: 'email-message' }),
  sendSms: async () => ({ messageId: 'sms-message' }),
};

export function testSender(table: DeliverySettings['table'], transport = acceptingTransport) {
  return createSender({
    table,
    transport,
    templates: loadTemplates(
      new URL('../../functions/send-invitation/templates/', import.meta.url),
    ),
    linkBaseUrl: 'https://app.example.com/invitations/accept',
    emailFrom: 'Invitations <invitations@example.com>',
    claimTimeoutSeconds: 30,
  });
}
