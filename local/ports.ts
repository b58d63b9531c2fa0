/**
 * Free loopback ports for what starts later (DynamoDB Local, `npm start` in the e2e tests,
 * the benches). The kernel's port is free when it is handed out, but the process that binds
 * it does so a second later (Java's start-up), and in that window another `freePort` can be
 * handed the same port: two parallel starts then meet on it. So a port is also claimed, in
 * a directory every process of this project shares, until its holder releases it or exits;
 * `freePort` never returns a port another live process claims.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const claimsDir = join(tmpdir(), 'invitations-api-ports');
/** A claim whose process is gone and that is older than this is swept. */
const staleAfterMs = 60_000;
const claimedHere = new Set<number>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isStale(file: string): boolean {
  try {
    const owner = Number(readFileSync(file, 'utf8'));
    // An empty file is a claim being written: held.
    if (!owner || isAlive(owner)) return false;
    return Date.now() - statSync(file).mtimeMs > staleAfterMs;
  } catch {
    return false;
  }
}

/**
 * Claims `port` for this process: false if another live process holds it. A stale claim is
 * swept but not taken over (the caller asks the kernel for another port), so two sweepers
 * never both believe they hold one.
 */
export function claimPort(port: number): boolean {
  mkdirSync(claimsDir, { recursive: true });
  const file = join(claimsDir, String(port));
  try {
    writeFileSync(file, String(process.pid), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    if (isStale(file)) rmSync(file, { force: true });
    return false;
  }
  if (claimedHere.size === 0) process.once('exit', releaseAll);
  claimedHere.add(port);
  return true;
}

/** Gives a claimed port back (its holder has stopped). */
export function releasePort(port: number): void {
  if (!claimedHere.delete(port)) return;
  rmSync(join(claimsDir, String(port)), { force: true });
}

function releaseAll() {
  for (const port of claimedHere) releasePort(port);
}

/** Claims are also swept at a start, so those of killed processes do not pile up. */
function sweepStaleClaims() {
  let names: string[] = [];
  try {
    names = readdirSync(claimsDir);
  } catch {
    return;
  }
  for (const name of names) {
    const file = join(claimsDir, name);
    if (isStale(file)) rmSync(file, { force: true });
  }
}

function kernelPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

/** A loopback port free now and claimed for this process (release it with releasePort). */
export async function freePort(): Promise<number> {
  sweepStaleClaims();
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await kernelPort();
    if (claimPort(port)) return port;
  }
  throw new Error(`no free port that another process has not claimed (see ${claimsDir})`);
}
