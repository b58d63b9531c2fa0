/** The contract through `npm start`, as a newcomer runs it: real HTTP, real DynamoDB Local. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { contractSuite } from './api-contract.ts';
import { invitationReadSuite } from './invitation-read.ts';
import { type RunningApi, startLocalApi } from './local-api.ts';

let api: RunningApi;
beforeAll(async () => {
  api = await startLocalApi();
  console.log(`npm start: ready in ${(api.startupMs / 1000).toFixed(1)} s`);
});

describe('npm start', () => {
  contractSuite(() => api.baseUrl, { readInvitation: (userId) => api.readInvitation(userId) });
  invitationReadSuite(() => api.baseUrl);

  test('prints both curl commands of the reference, ready to paste', () => {
    expect(api.output()).toContain(
      `curl -i -X PUT ${api.baseUrl}/v2/users/5/invitation -H 'Authorization: Bearer 0afdf1dc-06f5-465b-a094-aa4196f6e7df'`,
    );
    expect(api.output()).toContain(`${api.baseUrl}/v2/users/2/invitation`);
  });
});

afterAll(async () => {
  const store = api.storeEndpoint;
  expect(store).toBeDefined();
  await api.stop();
  // No orphan DynamoDB Local: its port no longer answers.
  await expect(fetch(store ?? '', { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
});
