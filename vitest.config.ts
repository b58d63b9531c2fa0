import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Test files build what they need (no environment read at import): modules can be
    // shared between the files of a worker.
    isolate: false,
    pool: 'forks',
    // Handler logs would drown the report (no function logs FATAL); the logging tests turn
    // them back on.
    env: { AWS_LAMBDA_LOG_LEVEL: 'FATAL' },
    testTimeout: 20_000,
    hookTimeout: 60_000,
    reporters: ['default', ['json', { outputFile: 'reports/vitest.json' }]],
    projects: [
      // The stack's tests synthesize templates: no store to start for them.
      { extends: true, test: { name: 'infra', include: ['test/infra/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'api',
          include: ['test/**/*.test.ts'],
          exclude: ['test/infra/**'],
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
    ],
  },
});
