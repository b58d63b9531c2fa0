/** The deployed bundles' credential provider: the environment's, read once as the SDK's chain would. */
import { afterEach, expect, test, vi } from 'vitest';
import { defaultProvider } from '../../infra/bundle-shims/credentials-from-environment.ts';

function providerFromEnvironment() {
  const provide = defaultProvider();
  if (!provide) throw new Error('no provider');
  return provide;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

test('reads the environment once, then answers the same credentials', async () => {
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'first');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
  vi.stubEnv('AWS_SESSION_TOKEN', 'token');
  const provide = providerFromEnvironment();
  expect(await provide()).toMatchObject({ accessKeyId: 'first', sessionToken: 'token' });
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'second');
  expect(await provide()).toMatchObject({ accessKeyId: 'first' });
});

test('reads them again when they expire', async () => {
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'first');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
  vi.stubEnv('AWS_CREDENTIAL_EXPIRATION', new Date(Date.now() + 60_000).toISOString());
  const provide = providerFromEnvironment();
  expect(await provide()).toMatchObject({ accessKeyId: 'first' });
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'second');
  vi.stubEnv('AWS_CREDENTIAL_EXPIRATION', new Date(Date.now() + 3_600_000).toISOString());
  // Within the SDK's five minutes of expiry: read again.
  expect(await provide()).toMatchObject({ accessKeyId: 'second' });
});

test('without credentials, fails with the SDK message, and tries again next time', async () => {
  vi.stubEnv('AWS_ACCESS_KEY_ID', '');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', '');
  const provide = providerFromEnvironment();
  await expect(provide()).rejects.toThrow(/Unable to find environment variable credentials/);
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'late');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
  expect(await provide()).toMatchObject({ accessKeyId: 'late' });
});
