/**
 * `npm run bench:local`: the warm latency of a PUT through `npm start` (server, gateway
 * emulation, cached authorizer, the function's worker, DynamoDB Local) against a bare
 * peer sending the same UpdateItem to the same DynamoDB Local (bench/local/bare-peer.ts).
 * Loopback only, one request at a time, the two interleaved so that the machine's noise
 * falls on both; the ratio of their medians, in one run.
 *
 *   LATENCY_REQUESTS=2000 npm run bench:local   (default 1000)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tables } from '../infra/tables.ts';
import { freePort } from '../local/ports.ts';

const requests = Number(process.env.LATENCY_REQUESTS ?? 1000);
const warmUp = 50;
const admin = '0afdf1dc-06f5-465b-a094-aa4196f6e7df';
const users = [5, 7, 9];
const languages = ['de', 'en', 'fr', 'nl'];

/** Starts a child and waits until its output matches `ready`; resolves with the match. */
async function startChild(command: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp) {
  const child = spawn(command, args, {
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  // Read and dropped, as a terminal would take it: a full pipe must not stall the child.
  child.stderr?.resume();
  const deadline = Date.now() + 60_000;
  let match = ready.exec(output);
  while (!match && Date.now() < deadline && child.exitCode === null) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    match = ready.exec(output);
  }
  if (!match) throw new Error(`${command} ${args.join(' ')} did not start:\n${output}`);
  return { child, match };
}

function stop(child: ChildProcess) {
  if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGINT');
}

/** One PUT, on a kept-alive connection or, as curl sends it, a new one. */
function put(url: string, index: number, agent: Agent | false, authorization?: string) {
  const body = JSON.stringify({ language: languages[index % languages.length] });
  const started = performance.now();
  return new Promise<number>((resolve, reject) => {
    const sent = request(
      `${url}/v2/users/${users[index % users.length]}/invitation`,
      {
        method: 'PUT',
        agent,
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
          ...(authorization ? { Authorization: authorization } : {}),
        },
      },
      (response) => {
        response.resume();
        response.once('end', () => {
          if (response.statusCode === 200) resolve(performance.now() - started);
          else reject(new Error(`${url} answered ${response.statusCode}`));
        });
      },
    );
    sent.once('error', reject);
    sent.end(body);
  });
}

const port = await freePort();
const local = await startChild(
  'npm',
  ['start', '--silent'],
  {
    PORT: String(port),
    OUTBOX_DIR: mkdtempSync(join(tmpdir(), 'latency-outbox-')),
    LOCAL_STATE_DIR: mkdtempSync(join(tmpdir(), 'latency-state-')),
  },
  /DynamoDB Local at (http:\/\/[^,\s]+)[\s\S]*or kill \d+/,
);
let peer: ChildProcess | undefined;
try {
  const endpoint = local.match[1] ?? '';
  const bare = await startChild(
    process.execPath,
    ['bench/local/bare-peer.ts'],
    { DYNAMODB_ENDPOINT: endpoint, INVITATIONS_TABLE: tables.invitations.localName },
    /listening on (\d+)/,
  );
  peer = bare.child;
  const localUrl = `http://127.0.0.1:${port}`;
  const peerUrl = `http://127.0.0.1:${bare.match[1]}`;
  const authorization = `Bearer ${admin}`;

  const quantile = (values: number[], q: number) =>
    [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))] ??
    Number.NaN;
  const connections = {
    'kept alive': new Agent({ keepAlive: true, maxSockets: 1 }),
    'new per request': false,
  } as const;
  const rows = [];
  const ratios: Record<string, number> = {};
  for (const [connection, agent] of Object.entries(connections)) {
    const times = { local: [] as number[], peer: [] as number[] };
    for (let index = 0; index < warmUp + requests; index++) {
      // Which goes first alternates, so neither always follows the other's work.
      const order = index % 2 === 0 ? (['local', 'peer'] as const) : (['peer', 'local'] as const);
      for (const which of order) {
        const ms =
          which === 'local'
            ? await put(localUrl, index, agent, authorization)
            : await put(peerUrl, index, agent);
        if (index >= warmUp) times[which].push(ms);
      }
    }
    for (const [name, values] of Object.entries(times)) {
      rows.push({
        connection,
        server: name === 'local' ? 'npm start' : 'bare peer',
        'p50 (ms)': quantile(values, 0.5).toFixed(2),
        'p90 (ms)': quantile(values, 0.9).toFixed(2),
        'p99 (ms)': quantile(values, 0.99).toFixed(2),
      });
    }
    ratios[connection] = quantile(times.local, 0.5) / quantile(times.peer, 0.5);
  }
  console.log(
    `\nLocal warm PUT, ${requests} each after ${warmUp} warm-up, interleaved, Node ${process.version}:`,
  );
  console.table(rows);
  for (const [connection, ratio] of Object.entries(ratios)) {
    console.log(`npm start / bare peer (p50), connection ${connection}: ${ratio.toFixed(3)}x`);
  }
  mkdirSync('reports', { recursive: true });
  writeFileSync(
    'reports/bench-local-latency.json',
    `${JSON.stringify({ requests, warmUp, node: process.version, rows, ratios }, null, 2)}\n`,
  );
} finally {
  if (peer) stop(peer);
  stop(local.child);
}
