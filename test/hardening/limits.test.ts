import http from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestDeadline } from '../../src/http/request-context.js';
import { startTestService, type GraphQLBody, type TestService } from '../helpers/service.js';

let service: TestService;
beforeAll(async () => {
  service = await startTestService({ MAX_QUERY_DEPTH: '5', MAX_ALIASES: '5', MAX_QUERY_COST: '60', MAX_TOKENS: '400' });
});
afterAll(() => service.stopAndClean());

const post = async (body: unknown) => {
  const response = await fetch(`${service.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as GraphQLBody<unknown> };
};
const codeOf = (body: GraphQLBody<unknown>) => body.errors?.[0]?.extensions?.code;

describe('query limits (GraphQL Armor)', () => {
  it('refuses a query deeper than the limit', async () => {
    const deep = '{ vehicles { edges { node { characteristics { fuelTypes } } } pageInfo { hasNextPage } } }';
    expect((await post({ query: deep })).body.errors).toBeUndefined();
    const deeper = '{ identification(id: "x") { candidates { vehicle { depreciation { points { amount } } } } } }';
    const { status, body } = await post({ query: deeper });
    expect(status).toBe(400);
    expect(codeOf(body)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors![0].message).toMatch(/depth/i);
  });

  it('refuses an alias flood', async () => {
    const aliases = Array.from({ length: 6 }, (_, i) => `a${i}: health { status }`).join(' ');
    const { body } = await post({ query: `{ ${aliases} }` });
    expect(codeOf(body)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors!.map((e) => e.message).join(' ')).toMatch(/alias/i);
  });

  it('refuses a query over the cost limit', async () => {
    const fields = 'id make model generation yearFrom yearTo inProduction bodyStyle newPrice sourceLabel listingsCount';
    const { body } = await post({ query: `{ a: vehicles { edges { node { ${fields} characteristics { powerHpMin powerHpMax fuelTypes doors source } } } } }` });
    expect(codeOf(body)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors!.map((e) => e.message).join(' ')).toMatch(/cost/i);
  });

  it('refuses a query with too many tokens before validating it', async () => {
    const { body } = await post({ query: `{ ${'health { status } '.repeat(120)} }` });
    expect(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED']).toContain(codeOf(body));
    expect(body.errors![0].message).toMatch(/token/i);
  });

  it('refuses batched requests', async () => {
    const response = await fetch(`${service.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ health { status } }' }, { query: '{ health { status } }' }]),
    });
    expect(response.status).toBe(400);
  });

  it('lets GraphiQL introspect the schema although introspection is deep', async () => {
    const { getIntrospectionQuery } = await import('graphql');
    const { body } = await post({ query: getIntrospectionQuery() });
    expect(body.errors).toBeUndefined();
  });
});

describe('request deadline', () => {
  it('answers TIMEOUT when a request outlives the deadline, and the server goes on', async () => {
    const app = express();
    app.use(requestDeadline(100));
    app.get('/slow', (_req, res) => {
      setTimeout(() => {
        if (!res.headersSent) res.json({ late: true });
      }, 400);
    });
    app.get('/fast', (_req, res) => {
      res.json({ ok: true });
    });
    const server = http.createServer(app).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as { port: number };
    try {
      const slow = await fetch(`http://127.0.0.1:${port}/slow`);
      expect(slow.status).toBe(503);
      expect(await slow.json()).toMatchObject({ errors: [{ extensions: { code: 'TIMEOUT' } }] });
      expect((await fetch(`http://127.0.0.1:${port}/fast`)).status).toBe(200);
    } finally {
      server.close();
    }
  });
});

describe('metrics and request ids', () => {
  it('serves Prometheus metrics with operations, errors by code and process figures', async () => {
    await service.gql('query VehicleMakes { vehicles(first: 1) { totalCount } }');
    await service.gql('query Missing { vehicle(id: "nope") { id } }');
    const response = await fetch(`${service.baseUrl}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await response.text();
    expect(text).toMatch(/carvalue_graphql_requests_total\{operation="VehicleMakes",outcome="ok"\} [1-9]/);
    expect(text).toMatch(/carvalue_graphql_errors_total\{code="NOT_FOUND"\} [1-9]/);
    expect(text).toMatch(/carvalue_graphql_request_duration_seconds_bucket\{le="0.05",operation="VehicleMakes"\}/);
    expect(text).toContain('carvalue_process_resident_memory_bytes');
  });

  it('echoes a well-formed X-Request-Id and makes one otherwise', async () => {
    const given = await fetch(`${service.baseUrl}/health`, { headers: { 'x-request-id': 'abc-123' } });
    expect(given.headers.get('x-request-id')).toBe('abc-123');
    const forged = await fetch(`${service.baseUrl}/health`, { headers: { 'x-request-id': 'not a valid id; drop table' } });
    expect(forged.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('production mode', () => {
  it('turns introspection and GraphiQL off, and hides field suggestions', async () => {
    const production = await startTestService({ NODE_ENV: 'production' });
    try {
      const response = await fetch(`${production.baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __schema { types { name } } }' }),
      });
      const body = (await response.json()) as GraphQLBody<unknown>;
      expect(body.errors![0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(body.errors![0].message).toMatch(/introspection/i);
      const page = await fetch(`${production.baseUrl}/graphql`, { headers: { accept: 'text/html' } });
      expect(await page.text()).not.toContain('renderYogaGraphiQL');
      const typo = await production.gql('{ vehicls { totalCount } }');
      expect(typo.errors![0].message).not.toMatch(/Did you mean/);
      expect((await production.gql('{ vehicles(first: 1) { totalCount } }')).errors).toBeUndefined();
    } finally {
      await production.stopAndClean();
    }
  });
});
