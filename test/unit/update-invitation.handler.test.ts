/**
 * The handler fed with API Gateway events, the store faked at the SDK client's `send`:
 * every status the handler owns, with the contract's headers and error bodies.
 * The same behaviours run on the real DynamoDB Local in test/integration.
 */
import {
  ConditionalCheckFailedException,
  GetItemCommand,
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  type UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { beforeEach, describe, expect, test } from 'vitest';
import { toItem } from '../../functions/shared/invitations/item.ts';
import { setMetricsSink } from '../../functions/shared/metrics.ts';
import { lambdaContext } from '../../local/lambda-context.ts';
import { expectContractHeaders, expectErrorBody } from '../support/contract.ts';
import { apiKeyOfOrg100, invitationEvent, memberOfOrg100 } from '../support/events.ts';
import { fakeStore } from '../support/fake-store.ts';

const { updateInvitationHandler: handler, send } = fakeStore();
/** The n-th command the handler sent. */
function sentCommand(index: number): UpdateItemCommand {
  const command = send.mock.calls[index]?.[0];
  if (command === undefined) throw new Error(`no command #${index} was sent`);
  return command as UpdateItemCommand;
}
const invoke = (options: Parameters<typeof invitationEvent>[0] = {}) =>
  handler(invitationEvent(options), lambdaContext('update-invitation', 10_000));

type StoredInvitation = Parameters<typeof toItem>[0];
/** The invitation the store holds: read by a send to the stored address. */
const stored: StoredInvitation = {
  userId: 5,
  organizationId: 100,
  status: 'pending',
  emailAddress: 'jan.jansen@example.com',
};

/**
 * The store holds `item` and refuses every write, as DynamoDB does: a conditional
 * UpdateItem with the old item, a transaction cancelled by the invitation's condition.
 */
function refuseWith(item: StoredInvitation | undefined) {
  send.mockImplementation((async (command: unknown) => {
    if (command instanceof GetItemCommand) return item ? { Item: toItem(item) } : {};
    const Item = item ? toItem(item) : undefined;
    if (command instanceof TransactWriteItemsCommand) {
      throw new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'ConditionalCheckFailed', ...(Item ? { Item } : {}) }],
      });
    }
    throw new ConditionalCheckFailedException({
      message: 'The conditional request failed',
      $metadata: {},
      ...(Item ? { Item } : {}),
    });
  }) as never);
}

beforeEach(() => {
  send.mockReset();
  send.mockImplementation((async (command: unknown) =>
    command instanceof GetItemCommand ? { Item: toItem(stored) } : {}) as never);
});

describe('200', () => {
  test('answers the id and the contract headers after one UpdateItem', async () => {
    const response = await invoke({ userId: '5', body: { language: 'de' } });
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ id: 5 });
    expectContractHeaders(response.headers);
    expect(response.headers?.['Content-Type']).toBe('application/json');
    expect(send).toHaveBeenCalledTimes(1);
    const command = send.mock.calls[0]?.[0] as UpdateItemCommand;
    expect(command.input.TableName).toBe('invitations-unit');
    expect(command.input.Key).toEqual({ userId: { N: '5' } });
    expect(command.input.ReturnValuesOnConditionCheckFailure).toBe('ALL_OLD');
  });

  test('a send to the stored address reads it, then writes the send bound to it with its counters', async () => {
    const response = await invoke({ userId: '5', body: { sendEmail: true } });
    expect(response.statusCode).toBe(200);
    expect(send).toHaveBeenCalledTimes(2);
    expect(send.mock.calls[0]?.[0]).toBeInstanceOf(GetItemCommand);
    const transaction = send.mock.calls[1]?.[0] as TransactWriteItemsCommand;
    expect(transaction).toBeInstanceOf(TransactWriteItemsCommand);
    const [invitation, ...limits] = transaction.input.TransactItems ?? [];
    expect(invitation?.Update?.ExpressionAttributeValues?.[':emailTo']).toEqual({
      S: 'jan.jansen@example.com',
    });
    expect(invitation?.Update?.ConditionExpression).toContain('#emailAddress = :emailTo');
    expect(limits.map((item) => Object.keys(item)[0])).toEqual([
      'Update',
      'Update',
      'ConditionCheck',
    ]);
    expect(JSON.stringify(limits)).not.toContain('jansen');
  });

  test('an organization API key with the admin role may update', async () => {
    const response = await invoke({ caller: apiKeyOfOrg100, body: { language: 'de' } });
    expect(response.statusCode).toBe(200);
  });

  test.each([
    'application/json; charset=utf-8',
    'Application/JSON',
    // RFC 9110 allows white space before the `;`; middy's own check does not.
    'application/json ; charset=utf-8',
    'application/json\t;charset=utf-8',
    'application/merge-patch+json',
  ])('accepts content type %s', async (contentType) => {
    expect((await invoke({ contentType })).statusCode).toBe(200);
  });

  test('reads header names case-insensitively', async () => {
    const response = await invoke({
      contentType: null,
      headers: { 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(200);
  });

  test('accepts a base64-encoded body', async () => {
    const rawBody = Buffer.from(JSON.stringify({ language: 'fr' })).toString('base64');
    expect((await invoke({ rawBody, isBase64Encoded: true })).statusCode).toBe(200);
  });
});

describe('business metrics', () => {
  test('a PUT counts its outcome, and each send it requested by channel', async () => {
    const lines: string[] = [];
    setMetricsSink((line) => lines.push(line));
    try {
      await invoke({ body: { sendEmail: true, sendSms: true, phoneNumber: '+31850607337' } });
      refuseWith({
        userId: 5,
        organizationId: 100,
        status: 'pending',
        emailAddress: 'a@b.co',
        emailSendRequestedAt: new Date().toISOString(),
      });
      await invoke({ body: { sendEmail: true } });
    } finally {
      setMetricsSink(undefined);
    }
    const points = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const summary = points.map(({ _aws, Stage, ...rest }) => rest);
    expect(summary).toEqual([
      { Channel: 'email', SendsRequested: 1 },
      { Channel: 'sms', SendsRequested: 1 },
      { Route: 'PUT /v2/users/{userId}/invitation', Outcome: '200', Requests: 1 },
      { Route: 'PUT /v2/users/{userId}/invitation', Outcome: 'TooManyRequests', Requests: 1 },
    ]);
  });
});

describe('repeats of a write that landed', () => {
  const stored = { userId: 5, organizationId: 100, status: 'pending' as const };
  const writeIdOf = (call: number) =>
    sentCommand(call).input.ExpressionAttributeValues?.[':writeId']?.S;

  test('every write carries a new write id, and applies only if the item does not hold it', async () => {
    await invoke({ body: { language: 'de' } });
    await invoke({ body: { language: 'de' } });
    const command = sentCommand(0);
    expect(command.input.ConditionExpression).toContain('#lastWriteId <> :writeId');
    expect(command.input.UpdateExpression).toContain('#lastWriteId = :writeId');
    expect(writeIdOf(0)).toMatch(/^[0-9a-f-]{36}$/);
    expect(writeIdOf(1)).not.toBe(writeIdOf(0));
  });

  test('a refusal whose old item holds our write id is our own landed attempt: 200', async () => {
    send.mockImplementation(async (command) => {
      const writeId = (command as UpdateItemCommand).input.ExpressionAttributeValues?.[':writeId']
        ?.S;
      throw new ConditionalCheckFailedException({
        message: 'The conditional request failed',
        $metadata: {},
        // As if the SDK's first attempt had landed: the send is already counted.
        Item: toItem({
          ...stored,
          lastWriteId: writeId,
          emailAddress: 'a@b.co',
          emailSendRequestedAt: new Date().toISOString(),
        }),
      });
    });
    const response = await invoke({ body: { language: 'de' } });
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ id: 5 });
  });

  test('Idempotency-Key: stored with the write, with the request fingerprint', async () => {
    await invoke({ body: { language: 'de' }, headers: { 'Idempotency-Key': 'key-1' } });
    const { input } = sentCommand(0);
    expect(input.ExpressionAttributeValues?.[':idempotencyKey']).toEqual({ S: 'key-1' });
    expect(input.ExpressionAttributeValues?.[':fingerprint']?.S).toMatch(/^[0-9a-f]{64}$/);
    expect(input.UpdateExpression).toContain('#idempotencyKeyUsedAt = :now');
  });

  test('Idempotency-Key: a remembered key with the same request answers 200, another request 422', async () => {
    await invoke({ body: { language: 'de' }, headers: { 'Idempotency-Key': 'key-1' } });
    const { input } = sentCommand(0);
    const remembered = {
      ...stored,
      emailAddress: 'a@b.co',
      emailSendRequestedAt: new Date().toISOString(),
      idempotencyKey: 'key-1',
      idempotencyFingerprint: input.ExpressionAttributeValues?.[':fingerprint']?.S,
      idempotencyKeyUsedAt: new Date().toISOString(),
    };
    refuseWith(remembered);
    const again = await invoke({
      body: { language: 'de' },
      headers: { 'Idempotency-Key': 'key-1' },
    });
    expect(again.statusCode).toBe(200);
    const other = await invoke({
      body: { language: 'fr' },
      headers: { 'Idempotency-Key': 'key-1' },
    });
    expect(other.statusCode).toBe(422);
    expectErrorBody(other.body, 'IdempotencyKeyReused');
    expectContractHeaders(other.headers);
    // Without the key, the same request is a new one: the cool-down refuses its send.
    expect((await invoke({ body: { sendEmail: true } })).statusCode).toBe(429);
    // Another organization learns nothing of the key: 404 as for any user it cannot see.
    refuseWith({ ...remembered, organizationId: 300 });
    expect(
      (await invoke({ body: { language: 'de' }, headers: { 'Idempotency-Key': 'key-1' } }))
        .statusCode,
    ).toBe(404);
  });

  test('Idempotency-Key: a key older than 24 h is forgotten', async () => {
    refuseWith({
      ...stored,
      emailAddress: 'a@b.co',
      emailSendRequestedAt: new Date().toISOString(),
      idempotencyKey: 'key-1',
      idempotencyFingerprint: 'whatever',
      idempotencyKeyUsedAt: new Date(Date.now() - 25 * 3_600_000).toISOString(),
    });
    const response = await invoke({
      body: { sendEmail: true },
      headers: { 'Idempotency-Key': 'key-1' },
    });
    expect(response.statusCode).toBe(429);
  });

  test.each([
    ['empty', ''],
    ['256 characters', 'k'.repeat(256)],
    ['a non-ASCII character', 'schlüssel'],
    ['a control character', 'a\u0001b'],
  ])('Idempotency-Key: 400 when %s', async (_, key) => {
    const response = await invoke({
      body: { language: 'de' },
      headers: { 'Idempotency-Key': key },
    });
    expect(response.statusCode).toBe(400);
    const body = expectErrorBody(response.body, 'ValidationFailed');
    expect(body.errors?.[0]?.path).toBe('Idempotency-Key');
    expect(send).not.toHaveBeenCalled();
  });
});

describe('errors carry the contract headers and a JSON body', () => {
  test('400 MalformedJson on broken JSON, not middy 422', async () => {
    const response = await invoke({ rawBody: '{"sendEmail": tru' });
    expect(response.statusCode).toBe(400);
    expectErrorBody(response.body, 'MalformedJson');
    expectContractHeaders(response.headers);
    expect(send).not.toHaveBeenCalled();
  });

  test.each([
    ['no body', null],
    ['an empty body', ''],
    ['a JSON null', 'null'],
    ['a JSON array', '[]'],
  ])('400 on %s', async (_, rawBody) => {
    const response = await invoke({ rawBody });
    expect(response.statusCode).toBe(400);
    const { code } = JSON.parse(response.body) as { code: string };
    expect(['MalformedJson', 'ValidationFailed']).toContain(code);
    expectErrorBody(response.body, code);
    expect(send).not.toHaveBeenCalled();
  });

  test.each([
    ['__proto__', '{"__proto__": {"admin": true}}'],
    ['constructor', '{"constructor": {"prototype": {}}}'],
  ])('400 ValidationFailed on a %s key: valid JSON, no field of ours', async (key, rawBody) => {
    const response = await invoke({ rawBody });
    expect(response.statusCode).toBe(400);
    const body = expectErrorBody(response.body, 'ValidationFailed');
    expect(body.errors).toEqual([{ path: key, message: 'is not a known field' }]);
    expect(send).not.toHaveBeenCalled();
  });

  test('400 MalformedJson on a base64 body that is not UTF-8, counted in raw bytes', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"language":"'),
      Buffer.alloc(6000, 0xff),
      Buffer.from('"}'),
    ]);
    const response = await invoke({ rawBody: bytes.toString('base64'), isBase64Encoded: true });
    expect(response.statusCode).toBe(400);
    expectErrorBody(response.body, 'MalformedJson');
  });

  test('400 ValidationFailed lists the field errors', async () => {
    const response = await invoke({ body: { language: 'xx', color: 'red' } });
    expect(response.statusCode).toBe(400);
    const body = expectErrorBody(response.body, 'ValidationFailed');
    expect(body.errors?.map((error) => error.path).sort()).toEqual(['color', 'language']);
    expectContractHeaders(response.headers);
    expect(send).not.toHaveBeenCalled();
  });

  test.each(['0', '05', 'abc', '9007199254740992'])('400 on user id %j', async (userId) => {
    const response = await invoke({ userId });
    expect(response.statusCode).toBe(400);
    expect(expectErrorBody(response.body, 'ValidationFailed').errors?.[0]?.path).toBe('userId');
    expect(send).not.toHaveBeenCalled();
  });

  test('401 without an authorizer context', async () => {
    const response = await invoke({ caller: null });
    expect(response.statusCode).toBe(401);
    expectErrorBody(response.body, 'Unauthorized');
    expectContractHeaders(response.headers);
    expect(send).not.toHaveBeenCalled();
  });

  test('401 on a malformed authorizer context', async () => {
    const event = invitationEvent();
    event.requestContext.authorizer = { principalId: 'x', organizationId: 'abc', roles: 'admin' };
    const response = await handler(event, lambdaContext('update-invitation', 10_000));
    expect(response.statusCode).toBe(401);
  });

  test('403 for a member of the organization', async () => {
    refuseWith({ userId: 5, organizationId: 100, status: 'pending' });
    const response = await invoke({ caller: memberOfOrg100 });
    expect(response.statusCode).toBe(403);
    expectErrorBody(response.body, 'InsufficientRights');
    expectContractHeaders(response.headers);
    expect(send).toHaveBeenCalledTimes(1);
  });

  test.each([
    ['no such user', undefined],
    ["another organization's user", { userId: 5, organizationId: 300, status: 'pending' as const }],
  ])('404 for %s', async (_, item) => {
    refuseWith(item);
    const response = await invoke();
    expect(response.statusCode).toBe(404);
    expectErrorBody(response.body, 'UserNotFound');
    expectContractHeaders(response.headers);
  });

  test('409 on an accepted invitation', async () => {
    refuseWith({ userId: 5, organizationId: 100, status: 'accepted', emailAddress: 'a@b.co' });
    const response = await invoke();
    expect(response.statusCode).toBe(409);
    expectErrorBody(response.body, 'InvitationAlreadyAccepted');
    expectContractHeaders(response.headers);
  });

  test('400 on a send without an address', async () => {
    refuseWith({ userId: 5, organizationId: 100, status: 'pending' });
    const response = await invoke({ body: { sendEmail: true } });
    expect(response.statusCode).toBe(400);
    expect(expectErrorBody(response.body, 'ValidationFailed').errors).toEqual([
      { path: 'sendEmail', message: expect.stringContaining('emailAddress') },
    ]);
  });

  test('400 on an SMS without a number: told by the read that precedes the write', async () => {
    send.mockResolvedValueOnce({
      Item: toItem({ userId: 5, organizationId: 100, status: 'pending' }),
    } as never);
    const response = await invoke({ body: { sendSms: true } });
    expect(response.statusCode).toBe(400);
    expect(expectErrorBody(response.body, 'ValidationFailed').errors).toEqual([
      { path: 'sendSms', message: expect.stringContaining('phoneNumber') },
    ]);
    expect(send.mock.calls.map(([command]) => command.constructor.name)).toEqual([
      'GetItemCommand',
    ]);
  });

  test('429 with Retry-After within the cool-down', async () => {
    refuseWith({
      userId: 5,
      organizationId: 100,
      status: 'pending',
      emailAddress: 'a@b.co',
      emailSendRequestedAt: new Date(Date.now() - 15_000).toISOString(),
    });
    const response = await invoke({ body: { sendEmail: true } });
    expect(response.statusCode).toBe(429);
    expectErrorBody(response.body, 'TooManyRequests');
    expectContractHeaders(response.headers);
    const retryAfter = Number(response.headers?.['Retry-After']);
    expect(retryAfter).toBeGreaterThanOrEqual(44);
    expect(retryAfter).toBeLessThanOrEqual(45);
  });

  test('413 on a body over 16 KiB, before parsing it', async () => {
    const response = await invoke({ rawBody: `{"emailAddress": "${'a'.repeat(16_384)}"}` });
    expect(response.statusCode).toBe(413);
    expectErrorBody(response.body, 'PayloadTooLarge');
    expectContractHeaders(response.headers);
    // Not even valid JSON: size is checked first.
    expect((await invoke({ rawBody: `{${' '.repeat(16_400)}` })).statusCode).toBe(413);
  });

  test('413 counts the decoded bytes of a base64 body', async () => {
    const exactly = `{"language":"de"${' '.repeat(16_384 - 17)}}`;
    expect(Buffer.byteLength(exactly)).toBe(16_384);
    const encode = (text: string) => Buffer.from(text).toString('base64');
    expect((await invoke({ rawBody: encode(exactly), isBase64Encoded: true })).statusCode).toBe(
      200,
    );
    const over = `${exactly} `;
    expect((await invoke({ rawBody: encode(over), isBase64Encoded: true })).statusCode).toBe(413);
  });

  test('413 counts bytes, not characters', async () => {
    const multibyte = JSON.stringify({ emailAddress: 'é'.repeat(8_200) }); // ~16.4 kB in UTF-8
    expect(multibyte.length).toBeLessThan(16_384);
    expect((await invoke({ rawBody: multibyte })).statusCode).toBe(413);
  });

  test.each([
    ['text/plain', 'text/plain'],
    ['form data', 'application/x-www-form-urlencoded'],
    ['no content type', null],
  ])('415 on %s', async (_, contentType) => {
    const response = await invoke({ contentType });
    expect(response.statusCode).toBe(415);
    expectErrorBody(response.body, 'UnsupportedMediaType');
    expectContractHeaders(response.headers);
  });

  test('503 ServiceUnavailable when the store throttles', async () => {
    send.mockRejectedValue(
      new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }),
    );
    const response = await invoke();
    expect(response.statusCode).toBe(503);
    expectErrorBody(response.body, 'ServiceUnavailable');
    expectContractHeaders(response.headers);
  });

  describe('an SMS send (a transaction with its counters) that DynamoDB cancels', () => {
    const cancelled = (code: string) =>
      new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'None' }, { Code: code }, { Code: 'None' }],
      });
    const smsBody = { phoneNumber: '+31850607337', sendSms: true };

    test('met another transaction on a counter: retried, and answered 200 once it lands', async () => {
      send.mockRejectedValueOnce(cancelled('TransactionConflict'));
      const response = await invoke({ body: smsBody });
      expect(response.statusCode).toBe(200);
      expect(send).toHaveBeenCalledTimes(2);
    });

    test.each(['TransactionConflict', 'ThrottlingError'])(
      '%s every time: 503 after a few attempts',
      async (code) => {
        send.mockRejectedValue(cancelled(code));
        const response = await invoke({ body: smsBody });
        expect(response.statusCode).toBe(503);
        expectErrorBody(response.body, 'ServiceUnavailable');
        expect(send).toHaveBeenCalledTimes(4);
      },
    );

    test('a cancellation of another kind is a fault: 500', async () => {
      send.mockRejectedValue(cancelled('ValidationError'));
      const response = await invoke({ body: smsBody });
      expect(response.statusCode).toBe(500);
      expect(send).toHaveBeenCalledTimes(1);
    });
  });

  test('503 when the store is unreachable', async () => {
    send.mockRejectedValue(
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    );
    expect((await invoke()).statusCode).toBe(503);
  });

  test('500 InternalError, without internals, on an unexpected failure', async () => {
    send.mockRejectedValue(new Error('ValidationException: secret internal detail'));
    const response = await invoke();
    expect(response.statusCode).toBe(500);
    expectErrorBody(response.body, 'InternalError');
    expect(response.body).not.toContain('secret');
    expectContractHeaders(response.headers);
  });
});
