import { defineConfig } from 'vitest/config';

const SELF_CONTAINED = [
  'test/integration/redis-rest.test.ts',
  'test/integration/qstash.test.ts',
  'test/integration/neon-proxy.test.ts',
  'test/integration/migrations.test.ts',
  'test/unit/**/*.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Two cores: the Workers and Postgres need one of them while tests run.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        // The local servers' own tests start the server under test themselves.
        test: { name: 'local-servers', include: SELF_CONTAINED },
      },
      {
        extends: true,
        test: {
          name: 'platform',
          include: ['test/**/*.test.ts'],
          exclude: [...SELF_CONTAINED, '**/node_modules/**'],
          globalSetup: ['test/harness/global-setup.ts'],
        },
      },
    ],
  },
});
