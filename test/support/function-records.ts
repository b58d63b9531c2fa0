/** What a function does on its sample events, recorded by test/support/record-function.ts. */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { inject } from 'vitest';
import type { FunctionName } from '../../infra/functions.ts';
import type { FunctionRecord } from './record-function.ts';

export type { FunctionRecord };

/** Runs the function in a process of its own, on these tables of the run's DynamoDB Local. */
export async function recordFunction(
  name: FunctionName,
  tableNames: { invitations: string; credentials: string; sendLimits: string },
): Promise<FunctionRecord> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['test/support/record-function.ts', name],
    {
      env: {
        PATH: process.env.PATH,
        DYNAMODB_ENDPOINT: inject('dynamodbEndpoint'),
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        INVITATIONS_TABLE: tableNames.invitations,
        CREDENTIALS_TABLE: tableNames.credentials,
        SEND_LIMITS_TABLE: tableNames.sendLimits,
        OUTBOX_DIR: mkdtempSync(join(tmpdir(), `${name}-outbox-`)),
      },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as FunctionRecord;
}
