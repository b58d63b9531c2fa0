/**
 * `--without` variants of the update handler, shared by the cold and warm benches: one
 * module swapped for a stub of bench/stubs/ at bundling, to price what it costs.
 */
import type { Plugin } from 'esbuild';

const stubs: Record<string, { filter: RegExp; stub: string }> = {
  'without zod schema': {
    filter: /invitations\/fields-schema\.ts$/,
    stub: 'bench/stubs/schema.ts',
  },
  'without logs': { filter: /shared\/logger\.ts$/, stub: 'bench/stubs/no-logs.ts' },
  'without metrics': { filter: /shared\/metrics\.ts$/, stub: 'bench/stubs/no-metrics.ts' },
};

/** Each variant's name and the esbuild plugin that swaps its module. */
export function updateHandlerVariants(): { name: string; plugin: Plugin }[] {
  return Object.entries(stubs).map(([variant, { filter, stub }]) => {
    const name = `update-invitation ${variant}`;
    return {
      name,
      plugin: {
        name,
        setup: (build) => build.onResolve({ filter }, () => ({ path: `${process.cwd()}/${stub}` })),
      },
    };
  });
}
