import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';
import { esbuildOptions } from '../infra/bundling.ts';
const { NODE_EXTRA_CA_CERTS: _, ...env } = process.env;
const count = (file: string) => {
  const run = spawnSync('valgrind', ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, '--predictable', 'bench/import-once.ts', file], { env: { ...env, AWS_REGION: 'eu-west-1', INVITATIONS_TABLE: 'x', AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' }, encoding: 'utf8' });
  return Number(/Collected : (\d+)/.exec(run.stderr)?.[1]);
};
for (const entry of process.argv.slice(2)) {
  const out = `${process.cwd()}/.build/exp/${entry.replaceAll('/', '_')}.cjs`;
  await build({ ...esbuildOptions(), entryPoints: [entry], outfile: out, logLevel: 'error' });
  console.log(entry, (count(out) / 1e6).toFixed(1));
}
