/**
 * A key read from Secrets Manager: once per instance, when first needed, read again only
 * after a failure. Against a local stand-in for Secrets Manager's endpoint
 * (AWS_ENDPOINT_URL_SECRETS_MANAGER points the request there), signed as the real one is.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { secretFromEnvironment } from '../../functions/shared/secrets.ts';

const requests: { target: string; body: string; authorization?: string }[] = [];
let failNext = 0;
const server = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk) => {
    body += chunk;
  });
  request.on('end', () => {
    requests.push({
      target: String(request.headers['x-amz-target']),
      body,
      authorization: request.headers.authorization,
    });
    if (failNext > 0) {
      failNext--;
      response.writeHead(500, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify({ __type: 'InternalServiceError', message: 'down' }));
      return;
    }
    const { SecretId } = JSON.parse(body) as { SecretId: string };
    response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
    response.end(
      JSON.stringify({ ARN: SecretId, Name: 'key', SecretString: `value-of-${SecretId}` }),
    );
  });
});
const saved = { ...process.env };
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
  });
});
afterAll(async () => {
  process.env = saved;
  await new Promise((resolve) => server.close(resolve));
});

const arn = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:ListCursorKey-AbCdEf';

test('one GetSecretValue per instance, when first needed', async () => {
  requests.length = 0;
  const key = secretFromEnvironment('LIST_CURSOR_KEY', {
    ...process.env,
    LIST_CURSOR_KEY_SECRET_ARN: arn,
  });
  // Nothing at init: the cold start stays the function's own.
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(requests).toHaveLength(0);
  expect(await key()).toBe(`value-of-${arn}`);
  expect(await key()).toBe(`value-of-${arn}`);
  expect(requests).toEqual([
    {
      target: 'secretsmanager.GetSecretValue',
      body: JSON.stringify({ SecretId: arn }),
      // Signed with the function's credentials, for Secrets Manager in its region.
      authorization: expect.stringMatching(
        /^AWS4-HMAC-SHA256 Credential=test\/\d{8}\/eu-west-1\/secretsmanager\/aws4_request, SignedHeaders=.*x-amz-target.*, Signature=[0-9a-f]{64}$/,
      ),
    },
  ]);
});

test('a failed read is tried again by the next request, not kept', async () => {
  requests.length = 0;
  failNext = 1;
  const key = secretFromEnvironment('LIST_CURSOR_KEY', {
    ...process.env,
    LIST_CURSOR_KEY_SECRET_ARN: arn,
  });
  await expect(key()).rejects.toThrow();
  expect(await key()).toBe(`value-of-${arn}`);
  expect(requests).toHaveLength(2);
  expect(await key()).toBe(`value-of-${arn}`);
  expect(requests).toHaveLength(2);
});

test('locally the value itself, no request; neither: the init fails, named', async () => {
  requests.length = 0;
  expect(await secretFromEnvironment('LIST_CURSOR_KEY', { LIST_CURSOR_KEY: 'local' })()).toBe(
    'local',
  );
  expect(requests).toEqual([]);
  expect(() => secretFromEnvironment('LIST_CURSOR_KEY', {})).toThrow('LIST_CURSOR_KEY_SECRET_ARN');
});
