/**
 * Which store the project's scripts talk to when nothing says (`npm run credentials`,
 * `npm run seed`): a running `npm start` leaves its DynamoDB Local's endpoint in
 * `.local/store.json` (removed when it stops), so the scripts find it by themselves.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** LOCAL_STATE_DIR moves it (tests run several npm starts at once). */
const file = resolve(
  process.env.LOCAL_STATE_DIR || resolve(import.meta.dirname, '..', '.local'),
  'store.json',
);

export function announceRunningStore(endpoint: string): void {
  mkdirSync(resolve(file, '..'), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ endpoint, pid: process.pid })}\n`);
}

export function forgetRunningStore(): void {
  rmSync(file, { force: true });
}

/** The endpoint of the store a running `npm start` serves, if one is running. */
function runningStoreEndpoint(): string | undefined {
  try {
    const { endpoint, pid } = JSON.parse(readFileSync(file, 'utf8')) as {
      endpoint: string;
      pid: number;
    };
    process.kill(pid, 0); // throws when that npm start is gone
    return endpoint;
  } catch {
    return undefined;
  }
}

/**
 * Points DYNAMODB_ENDPOINT at the store the user means: the one they set, a deployed
 * table (`--region` / AWS_REGION given), or the running `npm start`'s. Exits with what to
 * do when none of them applies, rather than an SDK error about a missing region.
 */
export function chooseStore(command: string): void {
  if (process.env.DYNAMODB_ENDPOINT || process.env.AWS_REGION) return;
  const running = runningStoreEndpoint();
  if (running) {
    process.env.DYNAMODB_ENDPOINT = running;
    console.error(`${command}: using the running npm start's store, ${running}`);
    return;
  }
  console.error(
    `${command}: which store? Nothing says:\n` +
      '  - the local API: start it (npm start) and run this again; or set DYNAMODB_ENDPOINT\n' +
      "    to the address on npm start's `store:` line (DynamoDB Local at http://127.0.0.1:...)\n" +
      '  - a deployed stack: add --table <name> --region <region> (AWS credentials from your profile)',
  );
  process.exit(2);
}
