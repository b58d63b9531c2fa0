/** What each function's bundle carries (built as the stack builds it, infra/bundling.ts). */
import { build } from 'esbuild';
import { expect, test } from 'vitest';
import { esbuildOptions } from '../../infra/bundling.ts';
import { type FunctionName, functions } from '../../infra/functions.ts';

async function bundle(name: FunctionName) {
  const result = await build({
    ...esbuildOptions(),
    entryPoints: [functions[name].entry],
    write: false,
    metafile: true,
  });
  return {
    bytes: result.outputFiles[0]?.contents.byteLength ?? 0,
    inputs: Object.keys(result.metafile.inputs),
    code: result.outputFiles[0]?.text ?? '',
  };
}

const names = Object.keys(functions) as FunctionName[];

test.each(names)(
  '%s: no credential chain, no event streams, built-ins by require',
  async (name) => {
    const { inputs, code } = await bundle(name);
    const chain = inputs.filter((input) =>
      /credential-provider-(node|ini|sso|process|web-identity|http|login)|credential-provider-imds|nested-clients|token-providers/.test(
        input,
      ),
    );
    expect(chain).toEqual([]);
    expect(inputs.filter((input) => input.includes('submodules/event-streams'))).toEqual([]);
    expect(inputs.some((input) => input.includes('credential-provider-env'))).toBe(true);
    // CommonJS: no static ES import of a built-in is left (node:http's costs a third of init).
    expect(code).not.toMatch(/^import |\bimport\s*\{[^}]*\}\s*from\s*["']node:/m);
    expect(code).toMatch(/require\("node:https?"\)/);
  },
);

test('the sender carries no zod: it needs the list of languages, not the request schema', async () => {
  const sender = await bundle('send-invitation');
  expect(sender.inputs.filter((input) => input.includes('node_modules/zod/'))).toEqual([]);
  const update = await bundle('update-invitation');
  expect(update.inputs.some((input) => input.includes('node_modules/zod/'))).toBe(true);
  console.log(
    `bundles: send-invitation ${(sender.bytes / 1024).toFixed(1)} KB, update-invitation ${(update.bytes / 1024).toFixed(1)} KB`,
  );
});
