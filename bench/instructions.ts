/**
 * The instructions a Node process executes, counted by valgrind's callgrind, for both
 * benches. V8's --predictable (one thread, fixed seeds) makes the count repeat within 0.2%;
 * without it, background compiler and GC threads and random hash seeds move the same
 * bundle's count by 1-2%, as much as the differences worth measuring.
 */
import { spawnSync } from 'node:child_process';

/** Runs `node --predictable <args>` under callgrind and returns its instruction count. */
export function countInstructions(args: string[], env: NodeJS.ProcessEnv): number {
  const run = spawnSync(
    'valgrind',
    [
      '--tool=callgrind',
      '--callgrind-out-file=/dev/null',
      process.execPath,
      '--predictable',
      ...args,
    ],
    { env, encoding: 'utf8', maxBuffer: 1 << 30 },
  );
  const collected = /Collected : (\d+)/.exec(run.stderr ?? '')?.[1];
  if (run.status !== 0 || !collected) {
    throw new Error(`valgrind failed (is it installed?):\n${run.error?.message ?? run.stderr}`);
  }
  return Number(collected);
}
