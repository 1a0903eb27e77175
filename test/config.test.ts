import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, projectRoot } from '../src/config.js';

describe('loadConfig', () => {
  it('has working defaults for a fresh clone', () => {
    const config = loadConfig({});
    expect(config.port).toBe(4000);
    expect(config.databasePath).toBe(path.join(projectRoot, 'data', 'carvalue.sqlite'));
    expect(config.inference.executionProviders).toEqual(['cuda', 'cpu']);
    expect(config.graphiql).toBe(true);
    expect(config.introspection).toBe(true);
  });

  it('turns GraphiQL and introspection off in production unless asked', () => {
    expect(loadConfig({ NODE_ENV: 'production' })).toMatchObject({ graphiql: false, introspection: false });
    expect(loadConfig({ NODE_ENV: 'production', GRAPHIQL: 'true' }).graphiql).toBe(true);
  });

  it('reports every invalid variable by name at once', () => {
    let caught: unknown;
    try {
      loadConfig({ PORT: 'eighty', EXECUTION_PROVIDERS: 'cuda,tpu', MIN_CONFIDENCE: '2', GRAPHIQL: 'maybe' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const { problems } = caught as ConfigError;
    expect(problems).toHaveLength(4);
    for (const variable of ['PORT=eighty', 'EXECUTION_PROVIDERS=cuda,tpu', 'MIN_CONFIDENCE=2', 'GRAPHIQL=maybe']) {
      expect(problems.some((problem) => problem.startsWith(variable)), variable).toBe(true);
    }
  });

  it('resolves relative paths against the project root', () => {
    expect(loadConfig({ DATABASE_PATH: 'tmp/x.sqlite' }).databasePath).toBe(path.join(projectRoot, 'tmp', 'x.sqlite'));
    expect(loadConfig({ DATABASE_PATH: '/var/lib/carvalue.sqlite' }).databasePath).toBe('/var/lib/carvalue.sqlite');
  });
});
