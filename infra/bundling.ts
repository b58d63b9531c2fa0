/**
 * How every function is bundled for Lambda: the stack's NodejsFunction bundling, the bench
 * and the bundle tests read this, so what is measured and tested is what deploys.
 *
 * - CommonJS output: Node's built-ins are then loaded with `require`. An ES `import` of
 *   `node:http` (the SDK and middy have one) makes Node 24 run http's lazy getters, which
 *   load undici, http2 and worker_threads: a third of the SDK's import, for nothing. Our
 *   sources are ES modules; their one `import.meta.url` is given its CommonJS value.
 * - The AWS SDK is bundled, not taken from the runtime: a tree-shaken, minified copy
 *   imports faster than the runtime's full one, and pins the version we test.
 * - Two parts of the SDK are swapped for what a function uses (infra/bundle-shims/): the
 *   default credential chain for its environment link (Lambda gives the role's
 *   credentials there), and the event-stream code for a stub (no API here streams).
 */
const shim = (file: string) => new URL(`./bundle-shims/${file}`, import.meta.url).pathname;

export const functionBundling = {
  platform: 'node',
  target: 'node24',
  format: 'cjs',
  minify: true,
  sourcemap: false,
  mainFields: ['module', 'main'],
  banner: 'const __importMetaUrl = require("node:url").pathToFileURL(__filename).href;',
  define: { 'import.meta.url': '__importMetaUrl' },
  alias: {
    '@aws-sdk/credential-provider-node': shim('credentials-from-environment.ts'),
    '@smithy/core/event-streams': shim('no-event-streams.ts'),
  },
  /** Nothing is left to the runtime's node_modules. */
  externalModules: [] as string[],
} as const;

/** The same options for esbuild's JavaScript API (bench, tests). */
export function esbuildOptions() {
  const { externalModules, mainFields, banner, define, alias, ...options } = functionBundling;
  return {
    ...options,
    mainFields: [...mainFields],
    banner: { js: banner },
    define: { ...define },
    alias: { ...alias },
    external: [...externalModules],
    bundle: true,
  };
}
