/** What the handler logs: one structured line per request, never personal data. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { logger } from '../../functions/shared/logger.ts';
import { lambdaContext } from '../../local/lambda-context.ts';
import { invitationEvent } from '../support/events.ts';
import { fakeStore } from '../support/fake-store.ts';

const { updateInvitationHandler: handler, send } = fakeStore();
send.mockResolvedValue({} as never);
// The run keeps function logs quiet (POWERTOOLS_LOG_LEVEL in vitest.config.ts); this file
// reads them. Powertools puts the level back to that one at each warm invocation (its debug
// sampling): hold that off while this file runs.
beforeAll(() => {
  vi.spyOn(logger, 'refreshSampleRateCalculation').mockImplementation(() => undefined);
  logger.setLogLevel('INFO');
});
afterAll(() => {
  vi.mocked(logger.refreshSampleRateCalculation).mockRestore();
  logger.setLogLevel('SILENT');
});

const invoke = (options: Parameters<typeof invitationEvent>[0] = {}) =>
  handler(invitationEvent(options), lambdaContext('update-invitation', 10_000));

describe('logs', () => {
  let lines: string[] = [];
  beforeEach(() => {
    lines = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
  });
  afterEach(() => {
    vi.mocked(process.stdout.write).mockRestore();
  });

  test('one JSON line per request with outcome and request id, no personal data', async () => {
    const event = invitationEvent({
      body: { emailAddress: 'private.person@example.com', phoneNumber: '+31850607337' },
    });
    await handler(event, lambdaContext('update-invitation', 10_000));
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0] ?? '{}');
    expect(line).toMatchObject({
      level: 'INFO',
      message: 'request completed',
      statusCode: 200,
      correlation_id: event.requestContext.requestId,
    });
    const text = lines.join('');
    expect(text).not.toContain('private.person');
    expect(text).not.toContain('+31850607337');
    expect(text).not.toContain('0afdf1dc');
  });

  test('a refused request logs its code', async () => {
    await invoke({ rawBody: '{' });
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ statusCode: 400, code: 'MalformedJson' });
  });
});
