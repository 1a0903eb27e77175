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
    // One seeded database (catalog, market listings, price models) copied by each test service,
    // and one PostgreSQL server on which each PostgreSQL test file creates its database.
    globalSetup: ['test/setup/template-database.ts', 'test/setup/postgres-server.ts'],
  },
});
