import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type GraphQLBody, type TestService } from '../helpers/service.js';
import {
  HealthDocument,
  VehicleDetailDocument,
  VehicleMakesDocument,
  VehiclesPageDocument,
  type VehiclesPageQuery,
} from '../generated/operations.js';

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(() => service.stopAndClean());

describe('GraphQL over HTTP', () => {
  it('returns only the fields a client asks for', async () => {
    const { data, errors } = await service.gql(VehicleMakesDocument, { first: 5 });
    expect(errors).toBeUndefined();
    expect(data!.vehicles.edges).toHaveLength(5);
    for (const edge of data!.vehicles.edges) expect(Object.keys(edge.node)).toEqual(['make']);
  });

  it('pages through the whole catalog forwards with cursors', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    for (let pages = 0; pages < 10; pages++) {
      const body: GraphQLBody<VehiclesPageQuery> = await service.gql(VehiclesPageDocument, { first: 100, after });
      expect(body.errors).toBeUndefined();
      const page = body.data!.vehicles;
      total = page.totalCount;
      seen.push(...page.edges.map((edge) => edge.node.id));
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(total).toBe(642);
    expect(seen).toHaveLength(642);
    expect(new Set(seen).size).toBe(642);
    expect([...seen].sort()).toEqual(seen);
  });

  it('pages backwards with last/before', async () => {
    const forward = await service.gql(VehiclesPageDocument, { first: 10 });
    const tenth = forward.data!.vehicles.edges[9].cursor;
    const backward = await service.gql(VehiclesPageDocument, { last: 3, before: tenth });
    const ids = backward.data!.vehicles.edges.map((edge) => edge.node.id);
    expect(ids).toEqual(forward.data!.vehicles.edges.slice(6, 9).map((edge) => edge.node.id));
    expect(backward.data!.vehicles.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
  });

  it('filters by make and model whatever the case, accents or language', async () => {
    const bmw = await service.gql(VehiclesPageDocument, { make: 'bmw', model: 'Série 3', first: 20 });
    expect(bmw.data!.vehicles.edges.map((edge) => edge.node.id)).toEqual(['bmw-3-series']);
    expect(bmw.data!.vehicles.edges[0].node).toMatchObject({ newPrice: 45000, yearFrom: 1975, yearTo: null, inProduction: true });
    const codes = await service.gql(VehiclesPageDocument, { make: 'BMW', model: '320', first: 20 });
    expect(codes.data!.vehicles.edges.map((edge) => edge.node.id)).toEqual(['bmw-3-series']);
    expect(bmw.data!.vehicles.edges[0].node.listingsCount).toBeGreaterThan(0);
    const mercedes = await service.gql(VehiclesPageDocument, { make: 'MERCEDES', first: 20 });
    expect(mercedes.data!.vehicles.totalCount).toBeGreaterThanOrEqual(7);
    for (const edge of mercedes.data!.vehicles.edges) expect(edge.node.make).toMatch(/^Mercedes/);
  });

  it('returns one vehicle with its characteristics and their source', async () => {
    const { data } = await service.gql(VehicleDetailDocument, { id: 'volkswagen-tiguan' });
    expect(data!.vehicle).toMatchObject({ make: 'Volkswagen', model: 'Tiguan', sourceLabel: 'volkswagen_tiguan', newPrice: null });
    expect(data!.vehicle.characteristics.source).toMatch(/US specs/);
    expect(data!.vehicle.characteristics.powerHpMin).toBeGreaterThan(0);
  });

  it('answers health over GraphQL', async () => {
    const { data } = await service.gql(HealthDocument);
    expect(data!.health).toMatchObject({ database: true, vehicles: 642, listings: 36_698 });
    expect(data!.health.migrationsApplied).toBeGreaterThanOrEqual(1);
  });
});

describe('errors a client can cause', () => {
  const codeOf = (body: { errors?: { extensions?: { code?: string } }[] }) => body.errors?.[0]?.extensions?.code;

  it('NOT_FOUND for an unknown vehicle id', async () => {
    const body = await service.gql(VehicleDetailDocument, { id: 'no-such-car' });
    expect(codeOf(body)).toBe('NOT_FOUND');
    expect(body.errors![0].message).toContain('no-such-car');
  });

  it('BAD_USER_INPUT for a forged cursor, a huge page or first with last', async () => {
    expect(codeOf(await service.gql(VehiclesPageDocument, { first: 5, after: 'not-a-cursor' }))).toBe('BAD_USER_INPUT');
    const huge = await service.gql(VehiclesPageDocument, { first: 1000 });
    expect(codeOf(huge)).toBe('BAD_USER_INPUT');
    expect(huge.errors![0].extensions!.field).toBe('first');
    expect(codeOf(await service.gql(VehiclesPageDocument, { first: 2, last: 2 }))).toBe('BAD_USER_INPUT');
  });

  it('GRAPHQL_VALIDATION_FAILED for an unknown field, with HTTP 400', async () => {
    const response = await fetch(`${service.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ vehicles { edges { node { colourOfTheSky } } } }' }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('BAD_USER_INPUT for a variable of the wrong type', async () => {
    expect(codeOf(await service.gql(VehiclesPageDocument, { first: 'ten' } as never))).toBe('BAD_USER_INPUT');
  });

  it('blocks a simple GET request without a preflight header (CSRF prevention)', async () => {
    const url = `${service.baseUrl}/graphql?query=${encodeURIComponent('{ health { status } }')}`;
    expect((await fetch(url)).status).toBe(400);
    const allowed = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
    expect(allowed.status).toBe(200);
  });
});

describe('HTTP endpoints', () => {
  it('GET /health is live and GET /ready reports the database', async () => {
    const live = await fetch(`${service.baseUrl}/health`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${service.baseUrl}/ready`);
    const report = (await ready.json()) as { database: boolean; migrationsApplied: number; status: string };
    expect(report.database).toBe(true);
    expect(report.migrationsApplied).toBeGreaterThanOrEqual(1);
  });

  it('serves GraphiQL to a browser with no outside URL to load', async () => {
    const response = await fetch(`${service.baseUrl}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<title>carvalue GraphiQL</title>');
    expect(html).toContain('renderYogaGraphiQL');
    // Every script and stylesheet is inline: nothing to fetch from a CDN.
    expect(html).not.toMatch(/<script[^>]+src=["']https?:/i);
    expect(html).not.toMatch(/<link[^>]+href=["']https?:/i);
    expect(html).not.toMatch(/@import\s+url\(["']?https?:/i);
  });

  it('redirects / to GraphiQL', async () => {
    const response = await fetch(`${service.baseUrl}/`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/graphql');
  });
});

describe('internal errors', () => {
  it('are masked: no SQL or stack reaches the client, and the server stays up', async () => {
    const broken = await startTestService();
    try {
      // Break the database under the running service, as a corrupted file would.
      const sqlite = new Database(broken.config.databasePath);
      sqlite.exec('DROP TABLE vehicle_aliases');
      sqlite.close();
      const body = await broken.gql(VehiclesPageDocument, { make: 'bmw', first: 1 });
      expect(body.errors![0]).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      expect(JSON.stringify(body)).not.toMatch(/vehicle_aliases|SQLITE|at .*\.js/);
      expect((await fetch(`${broken.baseUrl}/health`)).status).toBe(200);
    } finally {
      await broken.stopAndClean();
    }
  });
});
