/**
 * Every shell command of the README and docs/, as a reader copies it: the deploys run as
 * `npm run synth` with the same arguments (placeholders as written), the local ones
 * against a fresh `npm start` per block (a block is what a reader runs together), and the
 * few that need an AWS account are listed, skipped, with why. A command that fits none of
 * these fails here: a page cannot gain a command no test runs.
 *
 * The only substitutions are the ones the pages ask the reader to make from what an
 * earlier step printed: the API's address (`https://<api>`, `<ApiUrl>`, the port), the
 * credential `npm run credentials` printed, the id a create answered. `...` in a deploy
 * stands for the prod command's own settings, as its page says.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test, vi } from 'vitest';
import { type DocCommand, docCommands, docPages } from '../support/doc-commands.ts';
import { startLocalApi } from './local-api.ts';
import { demoData } from './target.ts';

vi.setConfig({ testTimeout: 600_000 });

const shell = promisify(execFile);
const run = (command: string, env: Record<string, string> = {}) =>
  shell('bash', ['-c', command], {
    env: { ...withoutStore(process.env), ...env },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 540_000,
  });
/** A reader's shell: no store or region of the test run's own. */
function withoutStore(env: NodeJS.ProcessEnv) {
  const { DYNAMODB_ENDPOINT: _, AWS_REGION: __, CI: ___, ...rest } = env;
  return rest;
}

const commands = docCommands();
const kindOf = (command: string) => {
  if (/^npm ci && npm (start|test)$/.test(command)) return 'setup';
  if (/^npm run deploy -- /.test(command)) return 'synth';
  if (/^(npx cdk bootstrap|aws )/.test(command) || / --region </.test(command)) return 'aws';
  if (
    /^(curl |npm run (-s )?(invoke|generate-event|credentials|cost)( |$)|tail -f |\w+=\S+ npm start$)/.test(
      command,
    )
  ) {
    return 'local';
  }
  return undefined;
};

test('every documented command is one these tests run, or say why not', () => {
  expect(commands.length).toBeGreaterThan(20);
  const unknown = commands.filter(({ command }) => kindOf(command) === undefined);
  expect(unknown.map(({ page, command }) => `${page}: ${command}`)).toEqual([]);
});

test('every `npm run <script>` the pages name is a script of package.json', () => {
  const { scripts } = JSON.parse(readFileSync('package.json', 'utf8')) as {
    scripts: Record<string, string>;
  };
  for (const page of [...docPages, 'bench/README.md']) {
    for (const [, script] of readFileSync(page, 'utf8').matchAll(/npm run(?: -s)? ([\w:-]+)/g)) {
      expect(Object.keys(scripts), `${page}: npm run ${script}`).toContain(script);
    }
  }
});

test("the README's two commands: CI runs the test one exactly; the e2e suites run `npm start`", () => {
  const setup = commands.filter(({ command }) => kindOf(command) === 'setup');
  expect(setup.map(({ command }) => command)).toEqual([
    'npm ci && npm start',
    'npm ci && npm test',
  ]);
  expect(readFileSync('.ci/run', 'utf8')).toMatch(/^npm ci && npm test$/m);
});

describe('deploys, synthesized as written', () => {
  const deploys = commands.filter(({ command }) => kindOf(command) === 'synth');
  const prod = deploys.find(
    ({ command }) => command.includes('stage=prod') && !command.includes(' ... '),
  );
  const prodSettings = prod?.command.replace(
    /^npm run deploy -- InvitationsApi-prod -c stage=prod /,
    '',
  );
  const synthCommands = [
    ...new Set(
      deploys.map(({ command }) =>
        command
          .replace(' ... ', ` ${prodSettings} `)
          .replace(/ \.\.\.$/, ` ${prodSettings}`)
          .replace(/^npm run deploy -- /, 'npm run --silent synth -- '),
      ),
    ),
  ];

  test('a prod deploy with its settings is documented', () => {
    expect(prodSettings).toMatch(/emailFrom=/);
  });

  test.each(synthCommands)('%s', async (command) => {
    const { stderr } = await run(command);
    expect(stderr).not.toMatch(/Error|failed/i);
    // The placeholders are valid as written: the synth names them and the fix.
    if (command.includes('stage=prod') && command.includes('your-domain.example')) {
      expect(stderr).toMatch(/still hold example domains.*npm run deploy -- InvitationsApi-prod/);
    }
  });
});

describe('needs an AWS account: not run here', () => {
  for (const { page, command } of commands.filter(({ command }) => kindOf(command) === 'aws')) {
    test.skip(`${page}: ${command} (it acts on a deployed stack or an account)`, () => {});
  }
});

/** The local commands, block by block, each block on a fresh `npm start`. */
const localBlocks = new Map<string, DocCommand[]>();
for (const entry of commands.filter(({ command }) => kindOf(command) === 'local')) {
  const key = `${entry.page}#${entry.block}`;
  localBlocks.set(key, [...(localBlocks.get(key) ?? []), entry]);
}

describe('local commands, against npm start', () => {
  test.each([...localBlocks.entries()])('%s', async (_, block) => {
    const state = mkdtempSync(join(tmpdir(), 'doc-state-'));
    const outbox = mkdtempSync(join(tmpdir(), 'doc-outbox-'));
    const starts = block.find(({ command }) => / npm start$/.test(command));
    const startEnv = Object.fromEntries(
      [...(starts?.command.matchAll(/(\w+)=(\S+) /g) ?? [])].map(([, name, value]) => [
        name ?? '',
        value ?? '',
      ]),
    );
    const api = await startLocalApi({ LOCAL_STATE_DIR: state, OUTBOX_DIR: outbox, ...startEnv });
    let credential: string = demoData.admin;
    let userId = '';
    try {
      for (const { command, answer } of block) {
        if (command === starts?.command) continue;
        if (command.startsWith('tail -f ')) {
          // What it would show: the lines the running npm start writes there.
          await run(
            `curl -s -o /dev/null -X PUT ${api.baseUrl}/v2/users/5/invitation -H 'Authorization: Bearer ${demoData.admin}' -H 'Content-Type: application/json' -d '{"language": "fr"}'`,
          );
          const file = join(outbox, command.replace(/^tail -f \.outbox\//, ''));
          await expect.poll(() => existsSync(file) && readFileSync(file, 'utf8')).toMatch(/"type"/);
          continue;
        }
        const written = command
          .replaceAll('http://127.0.0.1:3000', api.baseUrl)
          .replaceAll('https://<api>', api.baseUrl)
          .replaceAll('<ApiUrl>', `${api.baseUrl}/`)
          .replaceAll('<credential or its hash>', credential)
          .replaceAll('<credential>', credential)
          .replaceAll('<userId>', userId);
        expect(written, command).not.toMatch(/<[A-Za-z][\w ]*>/);
        if (written.startsWith('curl ')) {
          const { stdout } = await run(`${written} -s -w '\\n%{http_code}'`);
          const status = Number(stdout.trim().split('\n').at(-1));
          const documented = /^HTTP\/1\.1 (\d{3})/.exec(answer ?? '')?.[1];
          if (documented) expect(status, command).toBe(Number(documented));
          else expect(status, `${command}\n${stdout}`).toBeLessThan(400);
          userId = /"id":\s*(\d+)/.exec(stdout)?.[1] ?? userId;
        } else {
          const { stdout } = await run(written, { LOCAL_STATE_DIR: state });
          credential = /^credential: (\S+)$/m.exec(stdout)?.[1] ?? credential;
          if (written.includes('npm run invoke')) {
            // What the handler returned, after npm's own `> script` lines.
            const result = JSON.parse(stdout.replace(/^(> .*)?\n/gm, '')) as {
              statusCode?: number;
            } | null;
            expect(result?.statusCode ?? 200, `${command}\n${stdout}`).toBeLessThan(500);
          }
        }
      }
    } finally {
      await api.stop();
    }
  });
});
