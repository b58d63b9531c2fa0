/**
 * The embedded DynamoDB Local holds the credentials table without asking for credentials
 * of its own: it listens on this machine's loopback only. Read from the kernel's table of
 * listening sockets (no traffic to any other address).
 */
import { readFileSync } from 'node:fs';
import { afterAll, expect, test } from 'vitest';
import { type RunningDynamoDbLocal, startDynamoDbLocal } from '../../local/dynamodb-local.ts';

/** The local addresses (hex, as /proc/net/tcp{,6} write them) listening on `port`. */
function listeningAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      // local_address is "ADDRESS:PORT"; state 0A is LISTEN.
      .filter((fields) => fields[1]?.endsWith(`:${hexPort}`) && fields[3] === '0A')
      .map((fields) => fields[1]?.split(':')[0] ?? ''),
  );
}
const loopback = new Set([
  '0100007F', // 127.0.0.1
  '00000000000000000000000001000000', // ::1
  '0000000000000000FFFF00000100007F', // ::ffff:127.0.0.1
]);

let store: RunningDynamoDbLocal | undefined;
afterAll(async () => {
  await store?.stop();
});

test('DynamoDB Local listens on loopback only', { timeout: 60_000 }, async () => {
  store = await startDynamoDbLocal();
  const port = Number(new URL(store.endpoint).port);
  const addresses = listeningAddresses(port);
  expect(addresses.length).toBeGreaterThan(0);
  expect(addresses.filter((address) => !loopback.has(address))).toEqual([]);
  expect(store.loopbackOnly).toBe(true);
});
