/**
 * Property-based: generated requests, hostile and ordinary, through the real stack (raw
 * HTTP -> `npm start`'s API Gateway emulation -> authorizer -> handler -> DynamoDB Local),
 * each checked against the contract and against the store before and after it.
 *
 * `npm test` runs a fixed seed and a few hundred cases; `npm run fuzz` runs 10,000 with a
 * new seed each time (FUZZ_SEED and FUZZ_RUNS override) and prints the seed and counts.
 */
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Invitation } from '../../functions/shared/invitations/invitation.ts';
import { fromItem } from '../../functions/shared/invitations/item.ts';
import { tables } from '../../infra/tables.ts';
import { type RunningApi, startLocalApi } from '../e2e/local-api.ts';
import { referenceHeaders } from '../support/contract.ts';
import { type RawResponse, requestBytes, sendRaw } from '../support/raw-http.ts';
import {
  appliedTo,
  canonicalBody,
  type Expected,
  expectedOutcome,
  type KeyedWrite,
  putOwned,
} from './oracle.ts';
import { type FuzzRequest, fuzzCases } from './requests.ts';

const seed =
  process.env.FUZZ_SEED === 'random'
    ? Math.floor(Math.random() * 2 ** 31)
    : Number(process.env.FUZZ_SEED ?? 20261126);
const runs = Number(process.env.FUZZ_RUNS ?? 300);
/** Short, so that both sides of the cool-down come up within a run. */
const cooldownSeconds = 2;
const knownUsers = [2, 5, 6, 7, 8];

let api: RunningApi;
let store: DynamoDBClient;

beforeAll(async () => {
  api = await startLocalApi({
    SEND_COOLDOWN_SECONDS: String(cooldownSeconds),
    // The oracle judges each request on the item alone; the daily SMS caps count across
    // requests and have tests of their own (test/*/send-limits.test.ts).
    SMS_DAILY_CAP_PER_ORGANIZATION: '1000000',
    SMS_DAILY_CAP_PER_NUMBER: '1000000',
    // Likewise API Gateway's throttling (test/unit/api-gateway.test.ts, e2e fair-shares).
    THROTTLING_RATE_LIMIT: '1000000',
    THROTTLING_BURST_LIMIT: '1000000',
    ORGANIZATION_RATE_LIMIT: '1000000',
    ORGANIZATION_BURST_LIMIT: '1000000',
  });
  store = new DynamoDBClient({
    endpoint: api.storeEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});
afterAll(async () => {
  store?.destroy();
  await api?.stop();
});

async function read(userId: number): Promise<Invitation | undefined> {
  const { Item } = await store.send(
    new GetItemCommand({
      TableName: tables.invitations.localName,
      Key: { userId: { N: String(userId) } },
      ConsistentRead: true,
    }),
  );
  return Item ? fromItem(Item) : undefined;
}

function bytesOf(request: FuzzRequest): Buffer {
  const headers: [string, string][] = [];
  if (request.authorization !== undefined) headers.push(['Authorization', request.authorization]);
  if (request.contentType.value !== undefined)
    headers.push(['Content-Type', request.contentType.value]);
  if (request.idempotencyKey) headers.push(['Idempotency-Key', request.idempotencyKey.header]);
  headers.push(...request.extraHeaders);
  return requestBytes({
    method: request.method,
    target: request.target,
    headers,
    body: request.body,
  });
}

const contractNames = new Map(
  Object.keys(referenceHeaders).map((name) => [name.toLowerCase(), name]),
);
const allowedExtra = new Set([
  'content-type',
  'content-length',
  'retry-after',
  'date',
  'connection',
  'keep-alive',
  'x-amzn-requestid',
]);

/** Every invariant that holds whatever the request: returns the violations found. */
function responseViolations(
  request: FuzzRequest,
  response: RawResponse,
  expected: Expected,
): string[] {
  const violations: string[] = [];
  if (!expected.statuses.includes(response.status)) {
    violations.push(`status ${response.status}, expected ${expected.statuses.join(' or ')}`);
  }
  if (response.status >= 500) violations.push(`a ${response.status} for input`);
  const seen = new Map<string, string[]>();
  for (const [name, value] of response.headers) {
    const lower = name.toLowerCase();
    seen.set(lower, [...(seen.get(lower) ?? []), value]);
  }
  for (const [lower, name] of contractNames) {
    const values = seen.get(lower) ?? [];
    if (values.length !== 1 || values[0] !== referenceHeaders[name]) {
      violations.push(`header ${name}: ${JSON.stringify(values)}`);
    }
  }
  for (const name of seen.keys()) {
    if (!contractNames.has(name) && !allowedExtra.has(name))
      violations.push(`foreign header ${name}`);
  }
  if (response.status === 429 && !/^[1-9]\d*$/.test(seen.get('retry-after')?.[0] ?? '')) {
    violations.push('429 without a Retry-After in seconds');
  }
  const hasBody = request.method !== 'HEAD' && response.status !== 204;
  if (response.status >= 400 && hasBody) {
    try {
      const body = JSON.parse(response.body) as Record<string, unknown>;
      const keys = Object.keys(body).filter((key) => !['code', 'message', 'errors'].includes(key));
      if (typeof body.code !== 'string' || typeof body.message !== 'string' || keys.length > 0) {
        violations.push(`error body shape: ${response.body.slice(0, 200)}`);
      }
      if (expected.code !== undefined && body.code !== expected.code) {
        violations.push(`code ${String(body.code)}, expected ${expected.code}`);
      }
      if (/\bat .+:\d+:\d+|node_modules|Exception|DynamoDB/.test(response.body)) {
        violations.push('internals in the error body');
      }
    } catch {
      violations.push(`error body is not JSON: ${response.body.slice(0, 200)}`);
    }
  }
  if (!(seen.get('content-type')?.[0] ?? 'application/json').startsWith('application/json')) {
    violations.push(`content type ${seen.get('content-type')?.[0]}`);
  }
  return violations;
}

const counts = {
  cases: 0,
  statuses: new Map<number, number>(),
  sends: 0,
  replays: 0,
  revocations: 0,
};
const lastKeyed = new Map<number, KeyedWrite>();

describe(`fuzz: seed ${seed}, ${runs} cases`, () => {
  // ~5 ms a case here; the time limit grows with the number of cases.
  test('every answer is one the contract allows, and only a 200 changes the store', {
    timeout: 60_000 + runs * 50,
  }, async () => {
    const state = new Map<number, Invitation | undefined>();
    let previous: FuzzRequest | undefined;
    for (const userId of knownUsers) state.set(userId, await read(userId));

    const details = await fc.check(
      fc.asyncProperty(fuzzCases, async (generated) => {
        const request =
          generated.repeatPrevious && previous !== undefined ? previous : generated.request;
        previous = request;
        const userId =
          request.route.kind === 'invitation' && request.route.userId.valid
            ? request.route.userId.id
            : undefined;
        const before = userId === undefined ? undefined : state.get(userId);
        const expected = expectedOutcome(
          request,
          before,
          userId === undefined ? undefined : lastKeyed.get(userId),
          Date.now(),
          cooldownSeconds * 1000,
        );
        const response = await sendRaw(api.baseUrl, bytesOf(request));
        const violations = responseViolations(request, response, expected);

        if (userId !== undefined && knownUsers.includes(userId) && expected.effect === 'revoked') {
          // Revoked as the oracle says, nothing else moved; then put back, so that the rest
          // of the run still exercises the PUT on this user.
          const after = await read(userId);
          if (response.status === 204) {
            const moved = { ...putOwned(after), status: before?.status, updatedAt: undefined };
            const was = { ...putOwned(before), updatedAt: undefined };
            if (after?.status !== 'revoked') violations.push('a 204 DELETE left it unrevoked');
            if (JSON.stringify(moved) !== JSON.stringify(was)) {
              violations.push(`a DELETE changed more than the status: ${JSON.stringify(after)}`);
            }
            if (before !== undefined) await api.writeInvitation(before);
            counts.revocations += 1;
          }
        } else if (userId !== undefined && knownUsers.includes(userId)) {
          const after = await read(userId);
          state.set(userId, after);
          const applied =
            response.status === 200 && expected.effect !== 'unchanged' && before !== undefined;
          if (applied && request.bodyKind.kind === 'valid') {
            const { update } = request.bodyKind;
            const key = request.idempotencyKey?.key;
            const predicted = appliedTo(before, update, key);
            const actual = putOwned(after) ?? {};
            for (const [field, value] of Object.entries(predicted)) {
              if (actual[field] !== value) {
                violations.push(
                  `${field} after a 200: ${String(actual[field])}, expected ${String(value)}`,
                );
              }
            }
            if (after?.lastWriteId === before.lastWriteId)
              violations.push('a 200 left the write id');
            counts.sends += Number(update.sendEmail === true) + Number(update.sendSms === true);
            if (key !== undefined) {
              lastKeyed.set(userId, {
                key,
                token: request.caller?.token ?? '',
                canonicalBody: canonicalBody(update),
              });
            }
          } else {
            if (response.status === 200 && request.method === 'PUT') counts.replays += 1;
            const changed = JSON.stringify(putOwned(after)) !== JSON.stringify(putOwned(before));
            if (changed) {
              violations.push(
                `the store changed on a ${response.status}: ${JSON.stringify(putOwned(before))} -> ${JSON.stringify(putOwned(after))}`,
              );
            }
          }
        }

        counts.cases += 1;
        counts.statuses.set(response.status, (counts.statuses.get(response.status) ?? 0) + 1);
        if (violations.length > 0) {
          const shown = { ...request, body: request.body.subarray(0, 300).toString('latin1') };
          throw new Error(
            `${violations.join('\n')}\nrequest: ${JSON.stringify(shown)}\nresponse: ${response.status} ${response.body.slice(0, 300)}`,
          );
        }
      }),
      // No shrinking: the store's state moves on with every case, so a smaller case would
      // not replay the failure. The failing case is shown as it was sent.
      { seed, numRuns: runs, endOnFailure: true },
    );
    if (details.failed) {
      throw new Error(
        `fuzz: seed ${seed}, case ${details.numRuns} of ${runs} failed (rerun: FUZZ_SEED=${seed} ` +
          `FUZZ_RUNS=${details.numRuns} npm run fuzz)\n${(details.errorInstance as Error | undefined)?.message}`,
      );
    }

    // The send counters grew by exactly the sends the 200s asked for.
    const total = (items: (Invitation | undefined)[]) =>
      items.reduce((sum, item) => sum + (item?.emailSendCount ?? 0) + (item?.smsSendCount ?? 0), 0);
    const demoSends = 0; // the demo fixtures start with no sends
    expect(total(await Promise.all(knownUsers.map(read))) - demoSends).toBe(counts.sends);

    const statuses = [...counts.statuses]
      .sort(([a], [b]) => a - b)
      .map(([status, n]) => `${status}: ${n}`);
    console.log(
      `fuzz: seed ${seed}, ${counts.cases} cases, 0 violations; statuses {${statuses.join(', ')}}; ` +
        `${counts.sends} sends by 200s, ${counts.replays} keyed replays, ${counts.revocations} revocations undone`,
    );
    expect(counts.cases).toBe(runs);
  });
});
