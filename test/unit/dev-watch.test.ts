/** npm run dev's watcher: it keeps seeing a file after an atomic save replaced it. */
import { mkdirSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { watchTrees } from '../../local/dev.ts';

const settle = (ms = 400) => new Promise((resolve) => setTimeout(resolve, ms));

test('edits, atomic replaces (sed -i, editors, git checkout) and new files all restart', async () => {
  const root = mkdtempSync(join(tmpdir(), 'watch-'));
  mkdirSync(join(root, 'shared'));
  const file = join(root, 'shared', 'rules.ts');
  writeFileSync(file, 'export const a = 1;\n');
  const changes: string[] = [];
  const stop = watchTrees([root], (path) => changes.push(path), 50);
  try {
    await settle(100);
    writeFileSync(file, 'export const a = 2;\n');
    await settle();
    // An atomic save: write beside, rename over. A watch on the old file loses track here.
    writeFileSync(`${file}.tmp`, 'export const a = 3;\n');
    renameSync(`${file}.tmp`, file);
    await settle();
    // The replaced file is still watched.
    writeFileSync(file, 'export const a = 4;\n');
    await settle();
    writeFileSync(join(root, 'shared', 'new.ts'), 'export {};\n');
    await settle();
  } finally {
    stop();
  }
  expect(changes).toHaveLength(4);
  expect(changes.slice(0, 3).every((path) => path.startsWith(join(root, 'shared')))).toBe(true);
  expect(changes[3]).toBe(join(root, 'shared', 'new.ts'));
});
