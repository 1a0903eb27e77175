import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // One graphql instance for type-graphql, Apollo and the tests (dual-package hazard).
    alias: { graphql: 'graphql/index.js' },
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    setupFiles: ['reflect-metadata'],
    // One seeded database (catalog, market listings, price models) copied by each test service.
    globalSetup: ['test/setup/template-database.ts'],
  },
});
