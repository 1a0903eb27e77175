/**
 * Bad requests answered as coded GraphQL JSON (issue #11, items 4, 5, 6, 9
 * and 10), in development and in production mode: syntax and token-limit
 * errors are 400s, body-parser and upload failures never reach express's
 * HTML page, long strings are refused and never echoed whole, suggestions,
 * file paths and client-chosen metric labels do not leak, introspection
 * depth is capped, and cost limits agree with the documented page size.
 */
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getIntrospectionQuery } from 'graphql';
import { projectRoot } from '../../src/config.js';
import { startTestService, type GraphQLBody, type TestService } from '../helpers/service.js';
import { EstimatePriceDocument, VehiclesPageDocument } from '../generated/operations.js';

const MAX_UPLOAD_BYTES = 100_000;
const ADMIN_TOKEN = 'an-admin-token-of-some-length';
const modes = ['development', 'production'] as const;
const services = {} as Record<(typeof modes)[number], TestService>;
beforeAll(async () => {
  for (const mode of modes) {
    services[mode] = await startTestService({ NODE_ENV: mode, MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES), ADMIN_TOKEN });
  }
});
afterAll(async () => {
  for (const mode of modes) await services[mode]?.stopAndClean();
});

interface Answer {
  status: number;
  text: string;
  body: GraphQLBody<unknown>;
}
async function send(service: TestService, init: RequestInit & { path?: string }): Promise<Answer> {
  const response = await fetch(`${service.baseUrl}${init.path ?? '/graphql'}`, { method: 'POST', ...init });
  const text = await response.text();
  let body: GraphQLBody<unknown> = {};
  try {
    body = JSON.parse(text) as GraphQLBody<unknown>;
  } catch {
    // asserted below: every answer must be JSON
  }
  return { status: response.status, text, body };
}
const json = (body: string | Buffer, headers: Record<string, string> = {}): RequestInit => ({
  headers: { 'content-type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : new Uint8Array(body),
});
const form = (parts: [string, string | Blob, string?][]): RequestInit => {
  const data = new FormData();
  for (const [name, value, filename] of parts) {
    if (typeof value === 'string') data.append(name, value);
    else data.append(name, value, filename);
  }
  return { body: data, headers: { 'apollo-require-preflight': 'true' } };
};
const operations = JSON.stringify({ query: 'mutation ($images: [Upload!]!) { identifyVehicles(images: $images) { id } }', variables: { images: [] } });
const file = () => new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xe0])], { type: 'image/jpeg' });

function expectCodedJson(answer: Answer, status: number, code: string) {
  expect(answer.status, answer.text.slice(0, 300)).toBe(status);
  expect(answer.body.errors?.[0]?.extensions?.code, answer.text.slice(0, 300)).toBe(code);
  expect(answer.text).not.toMatch(/<html|<!DOCTYPE|\bat [\w.<>]+ \(|node_modules/i);
  expect(answer.text).not.toContain(projectRoot);
}

describe.each(modes)('in %s mode', (mode) => {
  const service = () => services[mode];

  it.each<[string, () => RequestInit, number, string]>([
    ['a GraphQL syntax error', () => json(JSON.stringify({ query: '{ health { ' })), 400, 'GRAPHQL_PARSE_FAILED'],
    ['more tokens than the limit', () => json(JSON.stringify({ query: `{ ${'health { status } '.repeat(700)} }` })), 400, 'GRAPHQL_PARSE_FAILED'],
    ['malformed JSON', () => json('{"query":'), 400, 'BAD_REQUEST'],
    ['a body that is not the gzip it claims', () => json('{"query":"{ __typename }"}', { 'content-encoding': 'gzip' }), 400, 'BAD_REQUEST'],
    ['an unknown content-encoding', () => json('{"query":"{ __typename }"}', { 'content-encoding': 'zstd-ish' }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['a JSON body over the size limit', () => json(JSON.stringify({ query: '{ __typename }', pad: 'x'.repeat(400_000) })), 413, 'PAYLOAD_TOO_LARGE'],
    [
      'a gzip body over the size limit once inflated',
      () => json(zlib.gzipSync(JSON.stringify({ query: '{ __typename }', pad: ' '.repeat(2_000_000) })), { 'content-encoding': 'gzip' }),
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    [
      'more than 8 files',
      () => form([['operations', operations], ['map', JSON.stringify(Object.fromEntries(Array.from({ length: 9 }, (_, i) => [String(i), [`variables.images.${i}`]])))], ...Array.from({ length: 9 }, (_, i): [string, Blob, string] => [String(i), file(), `${i}.jpg`])]),
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    ['a multipart map that is not JSON', () => form([['operations', operations], ['map', '{not json'], ['0', file(), 'a.jpg']]), 400, 'BAD_REQUEST'],
    ['a multipart map with a prototype path', () => form([['operations', operations], ['map', '{"0":["__proto__.x"]}'], ['0', file(), 'a.jpg']]), 400, 'BAD_REQUEST'],
  ])('%s gives %i %s as JSON, never HTML or a stack', async (_name, init, status, code) => {
    expectCodedJson(await send(service(), init()), status, code);
    expect((await fetch(`${service().baseUrl}/health`)).status).toBe(200);
  });

  it('answers an unknown path with a JSON 404', async () => {
    const response = await fetch(`${service().baseUrl}/wp-login.php`);
    expectCodedJson({ status: response.status, text: await response.clone().text(), body: (await response.json()) as GraphQLBody<unknown> }, 404, 'NOT_FOUND');
  });

  it('refuses a 20 MB make with a short answer that does not echo it', async () => {
    const make = 'M'.repeat(20_000_000);
    const big = await startTestService({ NODE_ENV: mode });
    try {
      const query = 'query ($input: PriceInput!) { estimatePrice(input: $input) { amount } }';
      const input = { make, model: 'A6', year: 2020, mileageKm: 1000, fuel: 'DIESEL', transmission: 'MANUAL', powerHp: 150 };
      const answer = await send(big, json(JSON.stringify({ query, variables: { input } })));
      expectCodedJson(answer, 400, 'BAD_USER_INPUT');
      expect(answer.body.errors![0].extensions!.field).toBe('input.make');
      expect(answer.text.length).toBeLessThan(2_000);
      // A literal is bounded too, and a value of the wrong type is echoed as a short prefix only.
      const literal = await send(big, json(JSON.stringify({ query: `{ vehicles(model: "${'x'.repeat(300)}") { totalCount } }` })));
      expectCodedJson(literal, 400, 'BAD_USER_INPUT');
      const wrongType = await send(big, json(JSON.stringify({ query: 'query ($n: Int) { vehicles(first: $n) { totalCount } }', variables: { n: 'n'.repeat(1_000_000) } })));
      expectCodedJson(wrongType, 400, 'BAD_USER_INPUT');
      expect(wrongType.text.length).toBeLessThan(2_000);
    } finally {
      await big.stopAndClean();
    }
  });

  it('accepts strings within the limits', async () => {
    const list = await service().gql(VehiclesPageDocument, { make: 'M'.repeat(200), first: 1 });
    expect(list.errors).toBeUndefined();
    const estimate = await service().gql(EstimatePriceDocument, {
      input: { make: 'Audi', model: 'A6', year: 2020, mileageKm: 50_000, fuel: 'DIESEL', transmission: 'AUTOMATIC', powerHp: 200 },
    });
    expect(estimate.errors).toBeUndefined();
  });

  it('lets the documented largest page through the cost limit, and words a refusal as a cost limit', async () => {
    const fields = 'id make model generation yearFrom yearTo inProduction bodyStyle newPrice sourceLabel listingsCount';
    const page = `{ vehicles(first: 100) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${fields} characteristics { powerHpMin powerHpMax fuelTypes doors source } } } } }`;
    const answer = await send(service(), json(JSON.stringify({ query: page })));
    expect(answer.body.errors, answer.text.slice(0, 300)).toBeUndefined();
    const tooCostly = `{ ${['a', 'b'].map((alias) => `${alias}: ${page.slice(2, -2)}`).join(' ')} }`;
    const refused = await send(service(), json(JSON.stringify({ query: tooCostly })));
    expectCodedJson(refused, 400, 'GRAPHQL_VALIDATION_FAILED');
    expect(refused.body.errors![0].message).toMatch(/^Query Cost limit of \d+ exceeded/);
  });

  it('refuses a 40-level ofType introspection query with a code', async () => {
    const deep = `{ __schema { types { ${'ofType { '.repeat(40)}name${' }'.repeat(40)} } } }`;
    const answer = await send(service(), json(JSON.stringify({ query: deep })));
    expectCodedJson(answer, 400, 'GRAPHQL_VALIDATION_FAILED');
    if (mode === 'development') expect(answer.body.errors![0].message).toMatch(/introspection .*15/);
  });
});

describe('leaks', () => {
  it('lets GraphiQL\'s own introspection query through in development', async () => {
    for (const options of [{}, { descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true }]) {
      const answer = await send(services.development, json(JSON.stringify({ query: getIntrospectionQuery(options) })));
      expect(answer.body.errors).toBeUndefined();
    }
  });

  it('hides enum value and field suggestions when introspection is off', async () => {
    const typo = '{ estimatePrice(input: {make: "Audi", model: "A6", year: 2020, mileageKm: 1, fuel: DIESLE, transmission: MANUAL, powerHp: 100}) { amount } }';
    const shown = await services.development.gql(typo);
    expect(shown.errors![0].message).toMatch(/Did you mean .*DIESEL/);
    const hidden = await services.production.gql(typo);
    expect(hidden.errors![0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(JSON.stringify(hidden)).not.toMatch(/Did you mean|DIESEL/);
  });

  it('counts operations with unknown names as "other" in /metrics', async () => {
    const service = services.development;
    await service.gql('query VehicleMakes { vehicles(first: 1) { totalCount } }');
    await service.gql('query Random_8f3a91 { vehicles(first: 1) { totalCount } }');
    const text = await (await fetch(`${service.baseUrl}/metrics`)).text();
    expect(text).toMatch(/carvalue_graphql_requests_total\{operation="VehicleMakes",outcome="ok"\} [1-9]/);
    expect(text).toMatch(/carvalue_graphql_requests_total\{operation="other",outcome="ok"\} [1-9]/);
    expect(text).not.toContain('Random_8f3a91');
  });

  it('puts /metrics behind the admin token when METRICS_REQUIRE_AUTH is on', async () => {
    const service = await startTestService({ METRICS_REQUIRE_AUTH: 'true', ADMIN_TOKEN });
    try {
      const anonymous = await fetch(`${service.baseUrl}/metrics`);
      expect(anonymous.status).toBe(401);
      expect(((await anonymous.json()) as GraphQLBody<unknown>).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
      expect((await fetch(`${service.baseUrl}/metrics`, { headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status).toBe(403);
      const admin = await fetch(`${service.baseUrl}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      expect(admin.status).toBe(200);
      expect(await admin.text()).toContain('carvalue_graphql_requests_total');
    } finally {
      await service.stopAndClean();
    }
  });
});
