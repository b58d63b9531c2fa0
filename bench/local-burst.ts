/**
 * `npm run bench:burst`: bursts of concurrent requests through `npm start` (loopback only,
 * a bounded count, each request cut at 35 s): half PUTs of a language, half GETs, users of
 * one organization, valid credentials. Right after it is ready, then again in the middle of
 * a run (instances warm). Prints every status and the p50 / p99 latency of each burst.
 *
 *   BURST=200 npm run bench:burst
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../local/ports.ts';
import { burst } from '../test/support/burst.ts';

const size = Number(process.env.BURST ?? 200);
const port = await freePort();
const child = spawn('npm', ['start', '--silent'], {
  env: {
    ...process.env,
    PORT: String(port),
    AWS_LAMBDA_LOG_LEVEL: 'ERROR',
    // What the functions' instances hold, not what API Gateway's limits let through.
    THROTTLING_RATE_LIMIT: '1000000',
    THROTTLING_BURST_LIMIT: '1000000',
    OUTBOX_DIR: mkdtempSync(join(tmpdir(), 'burst-outbox-')),
    LOCAL_STATE_DIR: mkdtempSync(join(tmpdir(), 'burst-state-')),
  },
  detached: true,
  stdio: ['ignore', 'pipe', 'ignore'],
});
let output = '';
child.stdout?.on('data', (chunk: Buffer) => {
  output += chunk.toString();
});
const deadline = Date.now() + 60_000;
while (!/or kill \d+/.test(output) && Date.now() < deadline) {
  await new Promise((resolve) => setTimeout(resolve, 50));
}
const baseUrl = `http://127.0.0.1:${port}`;
try {
  const cold = await burst(baseUrl, size);
  console.log(`burst of ${size} right after start:`, JSON.stringify(cold));
  const warm = await burst(baseUrl, size);
  console.log(`burst of ${size} in the middle of a run:`, JSON.stringify(warm));
  // A 5xx or an unanswered request is what this bench is here to catch: say so in the exit code.
  if (cold.serverErrors + warm.serverErrors > 0) process.exitCode = 1;
} finally {
  if (child.pid) process.kill(-child.pid, 'SIGINT');
}
