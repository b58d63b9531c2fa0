/**
 * The store goes away under a running `npm start`: fast 5xx answers with the contract's
 * headers, and the server stays up.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type RunningDynamoDbLocal, startDynamoDbLocal } from '../../local/dynamodb-local.ts';
import { demoFixturesPath } from '../../local/fixtures.ts';
import { expectContractHeaders, expectErrorBody } from '../support/contract.ts';
import { apiClient } from './api-contract.ts';
import { type RunningApi, startLocalApi } from './local-api.ts';
import { demoData } from './target.ts';

let store: RunningDynamoDbLocal;
let api: RunningApi;
const call = apiClient(() => api.baseUrl);

beforeAll(async () => {
  store = await startDynamoDbLocal();
  api = await startLocalApi({ DYNAMODB_ENDPOINT: store.endpoint, SEED_FILE: demoFixturesPath });
});
afterAll(async () => {
  await api?.stop();
  await store?.stop();
});

test('DynamoDB Local stopped: 503 from the handler, 500 from the authorizer, server up', async () => {
  expect((await call({ token: demoData.admin })).status).toBe(200); // caches the authorizer
  await store.stop();

  const started = performance.now();
  const handlerAnswer = await call({ token: demoData.admin });
  const handlerMs = performance.now() - started;
  expect(handlerAnswer.status).toBe(503);
  expectContractHeaders(handlerAnswer.headers);
  expectErrorBody(handlerAnswer.text, 'ServiceUnavailable');

  // A credential the authorizer has not cached: its GetItem fails, API Gateway answers 500.
  const authorizerAnswer = await call({ token: demoData.personalOwner, userId: 2 });
  expect(authorizerAnswer.status).toBe(500);
  expectContractHeaders(authorizerAnswer.headers);
  expectErrorBody(authorizerAnswer.text, 'InternalError');

  const preflight = await fetch(`${api.baseUrl}/v2/users/5/invitation`, { method: 'OPTIONS' });
  expect(preflight.status).toBe(204);
  console.log(`store down: the handler answered 503 in ${handlerMs.toFixed(0)} ms`);
});
