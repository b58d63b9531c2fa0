/** What each function's bundle carries (built as the stack builds it, infra/bundling.ts). */
import { build } from 'esbuild';
import { expect, test } from 'vitest';
import { functionBundling } from '../../infra/bundling.ts';
import { type FunctionName, functions } from '../../infra/functions.ts';

async function bundle(name: FunctionName) {
  const { externalModules, mainFields, banner, ...options } = functionBundling;
  const result = await build({
    ...options,
    banner: { js: banner },
    mainFields: [...mainFields],
    external: [...externalModules],
    entryPoints: [functions[name].entry],
    bundle: true,
    write: false,
    metafile: true,
  });
  return {
    bytes: result.outputFiles[0]?.contents.byteLength ?? 0,
    inputs: Object.keys(result.metafile.inputs),
  };
}

test('the sender carries no zod: it needs the list of languages, not the request schema', async () => {
  const sender = await bundle('send-invitation');
  expect(sender.inputs.filter((input) => input.includes('node_modules/zod/'))).toEqual([]);
  const update = await bundle('update-invitation');
  expect(update.inputs.some((input) => input.includes('node_modules/zod/'))).toBe(true);
  console.log(
    `bundles: send-invitation ${(sender.bytes / 1024).toFixed(1)} KB, update-invitation ${(update.bytes / 1024).toFixed(1)} KB`,
  );
});
