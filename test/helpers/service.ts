/** Starts the real service in-process (real SQLite file, real HTTP) for tests. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { print, type DocumentNode } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { loadConfig, type Config } from '../../src/config.js';
import { startService, type Service } from '../../src/main.js';

export interface TestService extends Service {
  config: Config;
  baseUrl: string;
  dir: string;
  /** POSTs a GraphQL operation as JSON and returns the parsed body. */
  gql<TData = unknown, TVars = Record<string, unknown>>(
    document: TypedDocumentNode<TData, TVars> | DocumentNode | string,
    variables?: TVars,
    headers?: Record<string, string>,
  ): Promise<GraphQLBody<TData>>;
  stopAndClean(): Promise<void>;
}

export interface GraphQLBody<TData> {
  data?: TData | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [key: string]: unknown } }[];
}

export function tempDir(prefix = 'carvalue-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * Starts the service on a fresh database in a temporary folder: a copy of the
 * seeded template (see test/setup/template-database.ts) unless `env` names its
 * own DATABASE_PATH or SEED_DIR, or `fresh` asks for a first start.
 */
export async function startTestService(env: Record<string, string> = {}, options: { fresh?: boolean } = {}): Promise<TestService> {
  const dir = tempDir();
  const template = process.env.CARVALUE_TEMPLATE_DB;
  if (template && !options.fresh && !env.DATABASE_PATH && !env.SEED_DIR) {
    fs.copyFileSync(template, path.join(dir, 'carvalue.sqlite'));
  }
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    DATABASE_PATH: path.join(dir, 'carvalue.sqlite'),
    INFERENCE_ENABLED: 'false',
    // No demo page unless a test asks for one: / then redirects to GraphiQL.
    WEB_DIR: path.join(dir, 'no-web'),
    ...env,
  });
  const service = await startService(config);
  const baseUrl = service.server.url.replace(/\/graphql$/, '');
  return {
    ...service,
    config,
    baseUrl,
    dir,
    async gql(document, variables, headers = {}) {
      const query = typeof document === 'string' ? document : print(document);
      const response = await fetch(`${baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLBody<never>;
    },
    async stopAndClean() {
      await service.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
