/** What the handler logs: one structured line per request, never personal data. */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { lambdaContext } from '../../local/lambda-context.ts';
import { invitationEvent } from '../support/events.ts';

process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
process.env.INVITATIONS_TABLE = 'invitations-unit';
process.env.DYNAMODB_ENDPOINT = 'http://127.0.0.1:9'; // never reached: `send` is faked
const { handler } = await import('../../functions/update-invitation/handler.ts');
const { dynamodb } = await import('../../functions/shared/dynamodb.ts');
vi.spyOn(dynamodb, 'send').mockResolvedValue({} as never);

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
