/**
 * `npm run bench:size`: each function's bundle as the stack builds it (infra/bundling.ts),
 * its bytes, and how many of them come from the invitations table's operations
 * (functions/shared/invitations/table*): each route should carry only the operations it
 * uses. Fast (esbuild only); the cold-start bench measures what the bytes cost.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { esbuildOptions } from '../infra/bundling.ts';
import { functions } from '../infra/functions.ts';

const outDir = '.build/bench-size';
mkdirSync(outDir, { recursive: true });

const rows: Record<string, { bundle: number; tableOperations: number; modules: string }> = {};
for (const [name, spec] of Object.entries(functions)) {
  const outfile = `${outDir}/${name}/index.cjs`;
  const { metafile } = await build({
    ...esbuildOptions(),
    entryPoints: [spec.entry],
    outfile,
    metafile: true,
    logLevel: 'error',
  });
  const output = metafile.outputs[outfile];
  const tableInputs = Object.entries(output?.inputs ?? {}).filter(([input]) =>
    input.startsWith('functions/shared/invitations/table'),
  );
  rows[name] = {
    bundle: output?.bytes ?? 0,
    tableOperations: tableInputs.reduce((sum, [, { bytesInOutput }]) => sum + bytesInOutput, 0),
    modules: tableInputs
      .map(([input]) => input.replace('functions/shared/invitations/', ''))
      .join(' '),
  };
}
console.table(rows);
mkdirSync('reports', { recursive: true });
writeFileSync('reports/bench-size.json', `${JSON.stringify(rows, null, 2)}\n`);
