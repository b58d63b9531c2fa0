/**
 * `npm run bench` (first part): cold start of the deployed bundles against each
 * function's baselines (bench/baselines/: the simplest handler for its work).
 *
 * Every function is bundled exactly as the stack bundles it (infra/bundling.ts); each
 * sample is a fresh Node process that imports one bundle (what Lambda's init does), the
 * bundles taking turns so that machine noise hits them alike. The figures to quote are the
 * medians of side-by-side ratios measured in one run; absolute times depend on the machine.
 *
 *   npm run bench:cold                          30 samples each, and instructions
 *   BENCH_RUNS=100 npm run bench:cold
 *   npm run bench:cold -- bench/experiment.ts   any other entry point beside them
 *
 *   --without   the update handler without each heavy part in turn (bench/variants.ts):
 *               what each one costs; and the required parts alone, with none of our code
 *               (bench/required-parts-handler.ts): the floor
 *   --no-instructions   times only: skips counting the instructions each import executes
 *               under valgrind (slow, ~30 s a bundle, but within 0.2% from run to run on
 *               a busy machine, where times move by 10%)
 *
 * `update-invitation+sourcemaps` is the same handler with a source map, imported under
 * NODE_OPTIONS=--enable-source-maps: the price of readable stack traces, which is why the
 * stack ships without them.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type BuildOptions, build, type Plugin } from 'esbuild';
import { esbuildOptions } from '../infra/bundling.ts';
import { type DeployedFunction, functions } from '../infra/functions.ts';
import { tables } from '../infra/tables.ts';
import { countInstructions } from './instructions.ts';
import { updateHandlerVariants } from './variants.ts';

const runs = Number(process.env.BENCH_RUNS ?? 30);
const outDir = '.build/bench';
mkdirSync(outDir, { recursive: true });

const args = process.argv.slice(2);
// Extra entry points to compare, e.g. `npm run bench -- bench/experiment.ts`.
const extra = Object.fromEntries(
  args.filter((arg) => !arg.startsWith('--')).map((entry) => [entry, entry]),
);
/**
 * How a function was bundled before the trims of infra/bundling.ts (ESM, the SDK's whole
 * credential chain and event-stream code): the naive baseline is built this way.
 */
const naiveOptions: BuildOptions = {
  platform: 'node',
  target: 'node24',
  format: 'esm',
  minify: true,
  mainFields: ['module', 'main'],
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
  bundle: true,
};

interface Candidate {
  entry: string;
  /** Built as functions were before infra/bundling.ts's trims. */
  naive?: boolean;
  /** A folder beside the entry the bundle reads at run time (infra/functions.ts). */
  assets?: string;
  sourceMaps?: boolean;
  plugins?: Plugin[];
  /** The baseline (bench/baselines/) this is compared with. */
  against: string;
}
/**
 * The simplest handler for each function's work (bench/baselines/): its one DynamoDB
 * action, unless its work is another one's.
 */
const baselineFor: Partial<Record<keyof typeof functions, string>> = {
  'accept-invitation': 'get-and-update-item',
  'send-invitation': 'send-invitation',
  'publish-events': 'put-events',
};
const baselineOfAction: Record<string, string> = {
  'dynamodb:GetItem': 'get-item',
  'dynamodb:UpdateItem': 'update-item',
  'dynamodb:PutItem': 'put-item',
  'dynamodb:Query': 'query',
};
const baselineOf = Object.fromEntries(
  Object.entries(functions).map(([name, spec]: [string, DeployedFunction]) => {
    const [action = ''] = Object.values(spec.tables).flat();
    const baseline = baselineFor[name as keyof typeof functions] ?? baselineOfAction[action];
    if (baseline === undefined) throw new Error(`${name}: no baseline for ${action}`);
    return [name, baseline];
  }),
) as Record<keyof typeof functions, string>;
const candidates: Record<string, Candidate> = {
  // The baselines (bench/baselines/): the simplest handler anyone would write for a
  // function's work, its clients and one request of each. Naive, bundled as anyone would, and
  // trimmed the same way as the functions.
  ...Object.fromEntries(
    [...new Set(Object.values(baselineOf))].flatMap((baseline) => [
      [
        `${baseline} naive baseline`,
        { entry: `bench/baselines/${baseline}.ts`, naive: true, against: baseline },
      ],
      [`${baseline} baseline`, { entry: `bench/baselines/${baseline}.ts`, against: baseline }],
    ]),
  ),
  ...Object.fromEntries(
    Object.entries(functions).map(([name, spec]: [string, DeployedFunction]) => [
      name,
      {
        entry: spec.entry,
        assets: spec.assets,
        against: baselineOf[name as keyof typeof functions],
      },
    ]),
  ),
  'update-invitation+sourcemaps': {
    entry: functions['update-invitation'].entry,
    sourceMaps: true,
    against: baselineOf['update-invitation'],
  },
  ...Object.fromEntries(
    Object.entries(extra).map(([name, entry]) => [
      name,
      { entry, against: baselineOf['update-invitation'] },
    ]),
  ),
  ...(args.includes('--without')
    ? {
        'required parts alone': {
          entry: 'bench/required-parts-handler.ts',
          against: baselineOf['update-invitation'],
        },
      }
    : {}),
  ...(args.includes('--without')
    ? Object.fromEntries(
        updateHandlerVariants().map(({ name, plugin }) => [
          name,
          {
            entry: functions['update-invitation'].entry,
            plugins: [plugin],
            against: baselineOf['update-invitation'],
          },
        ]),
      )
    : {}),
};

/** The modules that weigh most in each bundle, from esbuild's metafile. */
const largest: Record<string, { input: string; bytesInOutput: number }[]> = {};
const bundles: Record<
  string,
  { file: string; bytes: number; gzipBytes: number; nodeArgs: string[] }
> = {};
for (const [
  name,
  { entry, assets, sourceMaps = false, plugins = [], naive = false },
] of Object.entries(candidates)) {
  const options: BuildOptions = naive ? naiveOptions : esbuildOptions();
  const extension = options.format === 'cjs' ? 'cjs' : 'mjs';
  const file = `${outDir}/${name.replaceAll(/[^\w.+-]/g, '_')}/index.${extension}`;
  if (assets)
    cpSync(`${dirname(entry)}/${assets}`, `${dirname(file)}/${assets}`, { recursive: true });
  const { metafile } = await build({
    ...options,
    sourcemap: sourceMaps,
    entryPoints: [entry],
    outfile: file,
    plugins,
    logLevel: 'error',
    metafile: true,
  });
  largest[name] = Object.entries(metafile.outputs[file]?.inputs ?? {})
    .map(([input, { bytesInOutput }]) => ({ input, bytesInOutput }))
    .sort((a, b) => b.bytesInOutput - a.bytesInOutput)
    .slice(0, 8);
  const code = readFileSync(file);
  bundles[name] = {
    file,
    bytes: code.byteLength,
    gzipBytes: gzipSync(code).byteLength,
    nodeArgs: sourceMaps ? ['--enable-source-maps'] : [],
  };
}

// Lambda sets no NODE_EXTRA_CA_CERTS; a machine that does (this one) would make every
// bundle load its certificates at the SDK's first TLS set-up, and count them.
const { NODE_EXTRA_CA_CERTS: _, ...processEnv } = process.env;
const env = {
  ...processEnv,
  AWS_REGION: 'eu-west-1',
  // Every table's name, as the stack gives them: a function reads those it needs at init.
  ...Object.fromEntries(Object.values(tables).map((table) => [table.envVar, 'bench'])),
  INVITATION_LINK_BASE_URL: 'https://app.example.com/invitations/accept',
  // The keys as deployed: named by their secret (read when a request first needs one; were
  // a read started at init, a closed loopback port would refuse it: no network here).
  LIST_CURSOR_KEY_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:bench',
  USER_ID_KEY_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:bench',
  AWS_ENDPOINT_URL_SECRETS_MANAGER: 'http://127.0.0.1:9',
  EVENT_BUS_NAME: 'bench',
  SHARED_USAGE_KEY: 'bench-shared-usage-key',
  EMAIL_FROM: 'invitations@example.com',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
};
type Sample = { wallMs: number; cpuMs: number };
const importOnce = ({ file, nodeArgs }: { file: string; nodeArgs: string[] }): Sample =>
  JSON.parse(
    execFileSync(
      process.execPath,
      [...nodeArgs, 'bench/import-once.ts', `${process.cwd()}/${file}`],
      { env },
    ).toString(),
  );

const names = Object.keys(bundles);
const samples: Record<string, Sample[]> = Object.fromEntries(names.map((name) => [name, []]));
for (const bundle of Object.values(bundles)) importOnce(bundle); // warm the file cache
for (let run = 0; run < runs; run++) {
  // Alternate the order too, so neither side always runs right after the other.
  const order = run % 2 ? [...names].reverse() : names;
  for (const name of order) {
    const bundle = bundles[name];
    if (bundle) samples[name]?.push(importOnce(bundle));
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};
/** Median of the ratios of samples taken side by side: noise hits both of a pair alike. */
const pairedRatio = (name: string, metric: keyof Sample, against: string) =>
  median(
    (samples[name] ?? []).map(
      (sample, run) => sample[metric] / (samples[against]?.[run]?.[metric] ?? Number.NaN),
    ),
  );

/** Instructions executed by one import, minus those of importing an empty module. */
function importInstructions(file: string, nodeArgs: string[] = []): number {
  return countInstructions([...nodeArgs, 'bench/import-once.ts', file], env);
}
const instructions: Record<string, number> = {};
if (!args.includes('--no-instructions')) {
  const empty = `${outDir}/empty.mjs`;
  writeFileSync(empty, 'export const handler = async () => {};\n');
  const startup = importInstructions(`${process.cwd()}/${empty}`);
  for (const [name, bundle] of Object.entries(bundles)) {
    instructions[name] =
      importInstructions(`${process.cwd()}/${bundle.file}`, bundle.nodeArgs) - startup;
  }
}

const rows = names.map((name) => {
  const bundle = bundles[name];
  const against = candidates[name]?.against ?? baselineOf['update-invitation'];
  const naive = `${against} naive baseline`;
  const trimmed = `${against} baseline`;
  const counted = instructions[name];
  const baselineCount = instructions[trimmed];
  const of = (metric: keyof Sample) => median((samples[name] ?? []).map((s) => s[metric]));
  return {
    bundle: name,
    'size (KB)': ((bundle?.bytes ?? 0) / 1024).toFixed(0),
    'gzip (KB)': ((bundle?.gzipBytes ?? 0) / 1024).toFixed(0),
    'wall ms (median)': of('wallMs').toFixed(1),
    'cpu ms (median)': of('cpuMs').toFixed(1),
    'wall vs naive': `${pairedRatio(name, 'wallMs', naive).toFixed(3)}x`,
    'wall vs baseline': `${pairedRatio(name, 'wallMs', trimmed).toFixed(3)}x`,
    'cpu vs baseline': `${pairedRatio(name, 'cpuMs', trimmed).toFixed(3)}x`,
    ...(counted !== undefined && baselineCount
      ? {
          'instructions (M)': (counted / 1e6).toFixed(1),
          'instructions vs naive': `${(counted / (instructions[naive] ?? Number.NaN)).toFixed(3)}x`,
          'instructions vs baseline': `${(counted / baselineCount).toFixed(3)}x`,
        }
      : {}),
  };
});

console.log(
  `Cold import (Lambda init) of each bundle, ${runs} fresh processes each, alternating, Node ${process.version}.`,
);
console.log('Ratios are medians of side-by-side pairs; quote those, not the absolute times.');
console.table(rows);
mkdirSync('reports', { recursive: true });
writeFileSync(
  'reports/bench.json',
  `${JSON.stringify({ runs, node: process.version, rows, samples, instructions }, null, 2)}\n`,
);

console.log('\nLargest modules of each function bundle (bytes in the minified output):');
for (const name of Object.keys(functions)) {
  console.log(`  ${name}`);
  for (const { input, bytesInOutput } of largest[name] ?? []) {
    console.log(
      `    ${String(bytesInOutput).padStart(7)}  ${input.replace(/^node_modules\//, '')}`,
    );
  }
}
