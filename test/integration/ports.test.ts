/**
 * Ports for what binds later: a port chosen by one start is never handed to another while
 * its holder lives, and a DynamoDB Local whose port was taken in the meantime by another
 * server starts on another one instead of taking that server's answers for its own.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningDynamoDbLocal, startDynamoDbLocal } from '../../local/dynamodb-local.ts';
import { claimPort, claimsDir, freePort, releasePort } from '../../local/ports.ts';

const claimFile = (port: number) => join(claimsDir, String(port));

/** An HTTP server that is not DynamoDB, on a loopback port of its own. */
async function foreignServer(): Promise<{ server: Server; port: number; requests: () => number }> {
  let requests = 0;
  const server = createServer((_request, response) => {
    requests++;
    response.writeHead(418).end('not DynamoDB');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address !== 'object') throw new Error('no address');
  return { server, port: address.port, requests: () => requests };
}

async function listTables(endpoint: string) {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    return await client.send(new ListTablesCommand({}));
  } finally {
    client.destroy();
  }
}

describe('port claims', () => {
  it('does not hand out a port another live process claims, and sweeps those of the dead', async () => {
    const port = await freePort();
    releasePort(port);
    const other = spawn('sleep', ['30']);
    try {
      writeFileSync(claimFile(port), String(other.pid));
      expect(claimPort(port)).toBe(false);
      expect(readFileSync(claimFile(port), 'utf8')).toBe(String(other.pid));
    } finally {
      other.kill();
    }
    // A process that is gone, and a claim older than a minute: swept, not taken over.
    const gone = spawnSync('true').pid;
    writeFileSync(claimFile(port), String(gone));
    const old = new Date(Date.now() - 120_000);
    utimesSync(claimFile(port), old, old);
    expect(claimPort(port)).toBe(false);
    expect(existsSync(claimFile(port))).toBe(false);
    expect(claimPort(port)).toBe(true);
    expect(claimPort(port)).toBe(false);
    releasePort(port);
    expect(existsSync(claimFile(port))).toBe(false);
  });

  it('gives parallel callers distinct ports, each claimed by this process', async () => {
    const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));
    try {
      expect(new Set(ports).size).toBe(ports.length);
      for (const port of ports)
        expect(readFileSync(claimFile(port), 'utf8')).toBe(String(process.pid));
    } finally {
      for (const port of ports) releasePort(port);
    }
  });
});

describe('DynamoDB Local on a port taken before Java binds it', () => {
  const started: RunningDynamoDbLocal[] = [];
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((store) => store.stop()));
    for (const server of servers.splice(0)) server.close();
  });

  it('starts on another port, not answering with the other server', async () => {
    const foreign = await foreignServer();
    servers.push(foreign.server);
    const picked: number[] = [];
    const store = await startDynamoDbLocal({
      // The first pick is the port another server took in the meantime.
      pickPort: async () => {
        const port = picked.length === 0 ? foreign.port : await freePort();
        picked.push(port);
        return port;
      },
    });
    started.push(store);
    expect(picked.length).toBe(2);
    expect(store.endpoint).toBe(`http://127.0.0.1:${picked[1]}`);
    expect((await listTables(store.endpoint)).TableNames).toEqual([]);
    expect(foreign.requests()).toBeGreaterThan(0);
    await store.stop();
    started.length = 0;
    expect(existsSync(claimFile(picked[1] ?? 0))).toBe(false);
  }, 90_000);

  it('says the port is taken when it was asked for that port', async () => {
    const foreign = await foreignServer();
    servers.push(foreign.server);
    await expect(startDynamoDbLocal({ port: foreign.port })).rejects.toThrow(
      /taken by another process/,
    );
  }, 60_000);

  it('gives parallel starts a DynamoDB Local each', async () => {
    const stores = await Promise.all([1, 2, 3].map(() => startDynamoDbLocal()));
    started.push(...stores);
    expect(new Set(stores.map((store) => store.endpoint)).size).toBe(3);
    for (const store of stores) expect((await listTables(store.endpoint)).TableNames).toEqual([]);
  }, 90_000);
});
