/**
 * `npm run bench` (second part): instructions per warm invocation of the PUT handler
 * against the simplest handler sending the same requests (bench/warm/bare-handler.ts),
 * both bundled as the stack bundles, their store answered in the process
 * (bench/warm/in-memory-store.ts).
 *
 * Each bundle runs under valgrind (V8 --predictable: main thread only, fixed seeds) twice,
 * `warm` invocations then 0 or `measured` more: the difference over `measured` is one warm
 * invocation, past V8's tiering, init excluded. The harness's own share (a no-op handler's)
 * is subtracted from each.
 *
 *   BENCH_WARM=1000 BENCH_MEASURED=500 node bench/warm-path.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { build, type Plugin } from 'esbuild';
import { esbuildOptions } from '../infra/bundling.ts';
import { countInstructions } from './instructions.ts';
import { updateHandlerVariants } from './variants.ts';

const warm = Number(process.env.BENCH_WARM ?? 1000);
const measured = Number(process.env.BENCH_MEASURED ?? 500);
const eventFile = 'events/update-invitation.example-1.200.json';
const outDir = '.build/bench/warm';
mkdirSync(outDir, { recursive: true });

const args = process.argv.slice(2);
const entries: Record<string, { entry: string; plugins?: Plugin[] }> = {
  harness: { entry: 'bench/warm/noop-handler.ts' },
  'bare handler': { entry: 'bench/warm/bare-handler.ts' },
  'update-invitation': { entry: 'bench/warm/update-invitation.ts' },
  ...(args.includes('--without')
    ? Object.fromEntries(
        updateHandlerVariants().map(({ name, plugin }) => [
          name,
          { entry: 'bench/warm/update-invitation.ts', plugins: [plugin] },
        ]),
      )
    : {}),
};

const { NODE_EXTRA_CA_CERTS: _, ...processEnv } = process.env;
const env = {
  ...processEnv,
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  // The request's log and metric lines are written, as on Lambda.
  AWS_LAMBDA_FUNCTION_NAME: 'bench',
};

function instructions(file: string, invocations: number): number {
  return countInstructions(
    [
      '--expose-gc',
      'bench/warm/invoke-many.ts',
      file,
      eventFile,
      String(warm),
      String(invocations),
    ],
    env,
  );
}

const perInvocation: Record<string, number> = {};
for (const [name, { entry, plugins = [] }] of Object.entries(entries)) {
  const file = `${process.cwd()}/${outDir}/${name.replaceAll(/[^\w.+-]/g, '_')}.cjs`;
  await build({
    ...esbuildOptions(),
    entryPoints: [entry],
    outfile: file,
    plugins,
    logLevel: 'error',
  });
  perInvocation[name] = (instructions(file, measured) - instructions(file, 0)) / measured;
}

const harness = perInvocation.harness ?? 0;
const bare = (perInvocation['bare handler'] ?? Number.NaN) - harness;
const rows = Object.entries(perInvocation)
  .filter(([name]) => name !== 'harness')
  .map(([name, count]) => ({
    handler: name,
    'instructions per invocation (K)': ((count - harness) / 1e3).toFixed(0),
    'vs bare handler': `${((count - harness) / bare).toFixed(3)}x`,
  }));
console.log(
  `\nWarm path: instructions per invocation, ${measured} after ${warm} warm-up, Node ${process.version}, store in process.`,
);
console.log(`(harness ${(harness / 1e3).toFixed(0)} K per invocation, subtracted)`);
console.table(rows);
mkdirSync('reports', { recursive: true });
writeFileSync(
  'reports/bench-warm.json',
  `${JSON.stringify({ warm, measured, node: process.version, perInvocation, rows }, null, 2)}\n`,
);
