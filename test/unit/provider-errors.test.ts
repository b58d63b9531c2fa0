/**
 * What a failed hand-over to SES / SNS proves, as the AWS transport classifies it: only a
 * provider's client error or a connection never made proves the message was not taken.
 */
import { expect, test } from 'vitest';
import { classifyProviderError } from '../../functions/shared/delivery/aws-transport.ts';
import {
  MessageNotTakenError,
  PermanentDeliveryError,
} from '../../functions/shared/delivery/transport.ts';

const serviceError = (name: string, httpStatusCode: number) =>
  Object.assign(new Error(`${name} happened`), { name, $metadata: { httpStatusCode } });
const networkError = (code: string) => Object.assign(new Error(code), { code });
const classified = (error: unknown) => {
  try {
    classifyProviderError(error);
  } catch (thrown) {
    return thrown;
  }
  throw new Error('classifyProviderError returned');
};

test('a refusal for good: permanent', () => {
  expect(classified(serviceError('MessageRejected', 400))).toBeInstanceOf(PermanentDeliveryError);
});

test.each([
  ['throttled', serviceError('TooManyRequestsException', 429)],
  ['a client error', serviceError('LimitExceededException', 400)],
  ['connection refused', networkError('ECONNREFUSED')],
  ['no DNS answer', networkError('ENOTFOUND')],
])('%s: not taken, so it may be retried', (_, error) => {
  expect(classified(error)).toBeInstanceOf(MessageNotTakenError);
});

test.each([
  ['a reset after the request went out', networkError('ECONNRESET')],
  ['a timeout', Object.assign(new Error('timed out'), { name: 'TimeoutError' })],
  ['a 5xx', serviceError('InternalFailure', 500)],
])('%s: may have been taken, rethrown as it is', (_, error) => {
  expect(classified(error)).toBe(error);
});
