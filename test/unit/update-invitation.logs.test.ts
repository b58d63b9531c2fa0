/**
 * What the handler logs: one structured line per request, never personal data; a 5xx
 * keeps its cause. The lines are what the handler hands Lambda's runtime (one object per
 * `console` call); the runtime's JSON around them is emulated and tested in local-logs.
 */
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { setLogLevel } from '../../functions/shared/logger.ts';
import { lambdaContext } from '../../local/lambda-context.ts';
import { invitationEvent } from '../support/events.ts';
import { fakeStore } from '../support/fake-store.ts';

const { updateInvitationHandler: handler, send } = fakeStore();
// The run keeps function logs quiet (AWS_LAMBDA_LOG_LEVEL in vitest.config.ts); this file
// reads them.
beforeAll(() => setLogLevel('INFO'));
afterAll(() => setLogLevel('FATAL'));

const invoke = (options: Parameters<typeof invitationEvent>[0] = {}) =>
  handler(invitationEvent(options), lambdaContext('update-invitation', 10_000));

describe('logs', () => {
  let lines: { method: string; line: Record<string, unknown> }[] = [];
  let spies: { mockRestore: () => void }[] = [];
  beforeEach(() => {
    lines = [];
    send.mockReset();
    send.mockResolvedValue({} as never);
    spies = (['info', 'warn', 'error', 'log'] as const).map((method) =>
      vi.spyOn(console, method).mockImplementation((line: Record<string, unknown>) => {
        lines.push({ method, line });
      }),
    );
  });
  afterEach(() => {
    for (const spy of spies) spy.mockRestore();
  });

  test('one object per request with outcome and correlation id, no personal data', async () => {
    const event = invitationEvent({
      body: { emailAddress: 'private.person@example.com', phoneNumber: '+31850607337' },
    });
    await handler(event, lambdaContext('update-invitation', 10_000));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toEqual({
      method: 'info',
      line: {
        event: 'request completed',
        correlationId: event.requestContext.requestId,
        httpMethod: 'PUT',
        resource: '/v2/users/{userId}/invitation',
        userId: '5',
        statusCode: 200,
      },
    });
    const text = JSON.stringify(lines);
    expect(text).not.toContain('private.person');
    expect(text).not.toContain('+31850607337');
    expect(text).not.toContain('0afdf1dc');
  });

  test('a refused request logs its code', async () => {
    await invoke({ rawBody: '{' });
    expect(lines[0]?.line).toMatchObject({ statusCode: 400, code: 'MalformedJson' });
  });

  test('a 5xx is an error line that keeps the store failure behind it', async () => {
    send.mockRejectedValue(
      new ProvisionedThroughputExceededException({
        message: 'Rate of requests exceeds the allowed throughput',
        $metadata: { httpStatusCode: 400, requestId: 'AWS-REQUEST-1' },
      }),
    );
    const response = await invoke();
    expect(response.statusCode).toBe(503);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.method).toBe('error');
    expect(lines[0]?.line).toMatchObject({
      statusCode: 503,
      code: 'ServiceUnavailable',
      error: {
        errorType: 'ApiError',
        cause: {
          errorType: 'ProvisionedThroughputExceededException',
          errorMessage: 'Rate of requests exceeds the allowed throughput',
          awsRequestId: 'AWS-REQUEST-1',
        },
      },
    });
    // And it survives the runtime's JSON.stringify as it is.
    expect(JSON.parse(JSON.stringify(lines[0]?.line))).toEqual(lines[0]?.line);
  });

  test('nothing below the log level is written', async () => {
    setLogLevel('WARN');
    try {
      await invoke();
      expect(lines).toHaveLength(0);
    } finally {
      setLogLevel('INFO');
    }
  });
});
