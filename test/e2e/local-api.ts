/** Runs `npm start` as a user would, and stops it as Ctrl-C would. */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { Invitation } from '../../functions/shared/invitations/invitation.ts';
import { fromItem, toItem } from '../../functions/shared/invitations/item.ts';
import { tables } from '../../infra/tables.ts';
import { freePort, releasePort } from '../../local/ports.ts';

export interface RunningApi {
  /** The npm process, and the API's own node process under it. */
  npm: ChildProcess;
  nodePid: number;
  baseUrl: string;
  /** The embedded DynamoDB Local's endpoint, when npm start started one. */
  storeEndpoint: string | undefined;
  output: () => string;
  startupMs: number;
  /** An invitation as stored, read from the embedded DynamoDB Local or DYNAMODB_ENDPOINT. */
  readInvitation: (userId: number) => Promise<Invitation | undefined>;
  /** Puts an invitation back as it was (a test undoing what it did to the demo data). */
  writeInvitation: (invitation: Invitation) => Promise<void>;
  stop: () => Promise<number | null>;
}

export async function startLocalApi(
  env: Record<string, string> = {},
  /** false: in the test's process group, so a signal can go to npm alone (stopping.test.ts). */
  { ownProcessGroup = true }: { ownProcessGroup?: boolean } = {},
): Promise<RunningApi> {
  const port = await freePort();
  const started = performance.now();
  const child: ChildProcess = spawn('npm', ['start', '--silent'], {
    env: {
      ...process.env,
      PORT: String(port),
      AWS_LAMBDA_LOG_LEVEL: 'WARN',
      // Messages of the run go to a temporary outbox, not the project's .outbox/, and its
      // store's address to a directory of its own, not the project's .local/.
      OUTBOX_DIR: mkdtempSync(join(tmpdir(), 'outbox-')),
      LOCAL_STATE_DIR: mkdtempSync(join(tmpdir(), 'local-state-')),
      ...env,
    },
    // Its own process group, so stopping reaches npm, node and java alike, like Ctrl-C.
    detached: ownProcessGroup,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

  const deadline = Date.now() + 60_000;
  // Ready once it printed its banner, whose last line names its pid.
  while (!/or kill \d+/.test(output)) {
    if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
    if (Date.now() > deadline) throw new Error(`npm start was not ready in 60 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const storeEndpoint = /DynamoDB Local at (http\S+),/.exec(output)?.[1];
  return {
    npm: child,
    nodePid: Number(/or kill (\d+)/.exec(output)?.[1]),
    baseUrl: /listening on (http\S+)/.exec(output)?.[1] ?? `http://127.0.0.1:${port}`,
    storeEndpoint,
    output: () => output,
    startupMs: performance.now() - started,
    writeInvitation: async (invitation) => {
      const client = new DynamoDBClient({
        endpoint: storeEndpoint ?? env.DYNAMODB_ENDPOINT,
        region: 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      });
      await client.send(
        new PutItemCommand({ TableName: tables.invitations.localName, Item: toItem(invitation) }),
      );
      client.destroy();
    },
    readInvitation: async (userId) => {
      const client = new DynamoDBClient({
        endpoint: storeEndpoint ?? env.DYNAMODB_ENDPOINT,
        region: 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      });
      const { Item } = await client.send(
        new GetItemCommand({
          TableName: tables.invitations.localName,
          Key: { userId: { N: String(userId) } },
          ConsistentRead: true,
        }),
      );
      client.destroy();
      return Item ? fromItem(Item) : undefined;
    },
    stop: async () => {
      if (child.pid !== undefined && child.exitCode === null) {
        if (ownProcessGroup) process.kill(-child.pid, 'SIGINT');
        else child.kill('SIGINT');
      }
      const code = await exited;
      releasePort(port);
      return code;
    },
  };
}
