/**
 * `npm run dev`: `npm start` that restarts when a file under functions/, local/ or infra/
 * changes. It watches the directories, not the files: an editor's atomic save, `sed -i` or
 * `git checkout` replaces a file with a new one, which a watch on the old file never sees
 * again (node --watch-path's trouble); a directory sees every name in it change.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { type FSWatcher, readdirSync, statSync, watch } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Calls `onChange` once per burst of changes anywhere below the directories. One plain
 * (inotify) watch per directory, new directories included: Node's recursive mode loses a
 * file on Linux once it has been replaced.
 */
export function watchTrees(
  directories: string[],
  onChange: (path: string) => void,
  debounceMs = 150,
): () => void {
  let timer: NodeJS.Timeout | undefined;
  let changed = '';
  const watchers = new Map<string, FSWatcher>();
  const watchDirectory = (directory: string) => {
    if (watchers.has(directory)) return;
    watchers.set(
      directory,
      watch(directory, (_, file) => {
        changed = resolve(directory, String(file ?? ''));
        if (isDirectory(changed)) watchDirectory(changed);
        clearTimeout(timer);
        timer = setTimeout(() => onChange(changed), debounceMs);
      }),
    );
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      if (entry.isDirectory()) watchDirectory(resolve(directory, entry.name));
    }
  };
  for (const directory of directories) watchDirectory(resolve(directory));
  return () => {
    clearTimeout(timer);
    for (const watcher of watchers.values()) watcher.close();
  };
}

const isDirectory = (path: string) => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

if (import.meta.main) {
  const root = resolve(import.meta.dirname, '..');
  let child: ChildProcess | undefined;
  let stopping = false;

  const start = () => {
    child = spawn(process.execPath, [resolve(root, 'local/start.ts')], { stdio: 'inherit' });
  };
  /** Stops the running API (and its DynamoDB Local) and waits until it is gone. */
  const stopChild = () =>
    new Promise<void>((done) => {
      if (!child || child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGINT');
    });

  let restarting = Promise.resolve();
  watchTrees(
    ['functions', 'local', 'infra'].map((directory) => resolve(root, directory)),
    (path) => {
      restarting = restarting.then(async () => {
        if (stopping) return;
        console.log(`\n${path.slice(root.length + 1)} changed: restarting`);
        await stopChild();
        start();
      });
    },
  );
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, async () => {
      stopping = true;
      await stopChild();
      process.exit(0);
    });
  }
  start();
}
