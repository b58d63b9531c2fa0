/** Fixture files: the contract's format, and a clear error on a bad file. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';

import { demoFixturesPath, readFixtures } from '../../local/fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'fixtures-'));
const write = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

test('the demo fixtures hold both examples of the reference', async () => {
  const fixtures = await readFixtures(demoFixturesPath);
  const tokens = fixtures.credentials.map((credential) => credential.token);
  expect(tokens).toContain('0afdf1dc-06f5-465b-a094-aa4196f6e7df');
  expect(tokens).toContain('9b0833c5-22f3-495f-9181-0740e31f7369');
  expect(fixtures.invitations.map((invitation) => invitation.userId)).toEqual(
    expect.arrayContaining([5, 2]),
  );
});

test("the contract's example file loads, with its defaults filled in", async () => {
  const path = write(
    'contract.json',
    JSON.stringify({
      invitations: [{ userId: 5, organizationId: 100 }],
      credentials: [{ token: 't', organizationId: 100, roles: ['admin'] }],
    }),
  );
  const fixtures = await readFixtures(path);
  expect(fixtures.invitations[0]?.status).toBe('pending');
  expect(fixtures.credentials[0]).toMatchObject({ expiresAt: null, revoked: false });
});

test('a bad file names the file and every problem', async () => {
  const path = write(
    'bad.json',
    JSON.stringify({
      invitations: [{ userId: 'five', organizationId: 100, language: 'xx', colour: 'red' }],
      credentials: [],
    }),
  );
  const error = await readFixtures(path).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(Error);
  const message = (error as Error).message;
  expect(message).toContain(path);
  expect(message).toContain('invitations.0.userId: expected number');
  expect(message).toContain('invitations.0.language: expected one of');
  expect(message).toContain('unknown field colour');
});

test('a file that is not JSON says so', async () => {
  const path = write('broken.json', '{ invitations: ');
  await expect(readFixtures(path)).rejects.toThrow(`Cannot read fixture file ${path}`);
});
