/**
 * How every function is bundled for Lambda: the stack's NodejsFunction bundling and
 * bench/ read this, so what is measured is what deploys.
 *
 * - ESM, so top-level init runs once and imports can be tree-shaken; esbuild's ESM output
 *   still contains `require` calls for node builtins from CommonJS dependencies (the AWS
 *   SDK), which fail at import ("Dynamic require of node:https"): the banner gives the
 *   bundle a real `require`, and `mainFields` prefers each package's ESM build.
 * - The AWS SDK is bundled, not taken from the runtime: a tree-shaken, minified copy
 *   imports faster than the runtime's full one, and pins the version we test.
 */
export const functionBundling = {
  platform: 'node',
  target: 'node24',
  format: 'esm',
  minify: true,
  sourcemap: false,
  mainFields: ['module', 'main'],
  banner:
    "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  /** Nothing is left to the runtime's node_modules. */
  externalModules: [] as string[],
} as const;
