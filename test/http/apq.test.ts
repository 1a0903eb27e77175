/**
 * Automatic Persisted Queries (APQ), which Apollo Server 5 supports by default
 * (in-memory cache): a client first sends only the SHA-256 of its query; on
 * PERSISTED_QUERY_NOT_FOUND it sends the query once with the hash, and from then
 * on the hash alone works, over GET (cacheable by a CDN) or POST.
 * See examples/apollo-client-apq.md.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type GraphQLBody, type TestService } from '../helpers/service.js';

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(() => service.stopAndClean());

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const persisted = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });
const codeOf = (body: GraphQLBody<unknown>) => body.errors?.[0]?.extensions?.code;

/** GET as Apollo Client sends a hashed query (useGETForHashedQueries): no query, only the extension. */
async function get(params: Record<string, unknown>, headers: Record<string, string> = { 'apollo-require-preflight': 'true' }) {
  const search = new URLSearchParams(Object.entries(params).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]));
  const response = await fetch(`${service.baseUrl}/graphql?${search}`, { headers });
  return { status: response.status, body: (await response.json()) as GraphQLBody<{ health: { status: string; vehicles: number } }> };
}

async function post(payload: Record<string, unknown>) {
  const response = await fetch(`${service.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
  return { status: response.status, body: (await response.json()) as GraphQLBody<{ health: { status: string; vehicles: number } }> };
}

describe('Automatic Persisted Queries', () => {
  it('answers PERSISTED_QUERY_NOT_FOUND for an unknown hash, registers the query, then serves the hash alone (GET)', async () => {
    const query = 'query ApqHealthGet { health { status vehicles } }';
    const hash = sha256(query);

    const miss = await get({ extensions: persisted(hash) });
    expect(codeOf(miss.body)).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(miss.body.data).toBeUndefined();

    const register = await get({ query, extensions: persisted(hash) });
    expect(register.status).toBe(200);
    expect(register.body.errors).toBeUndefined();
    expect(register.body.data!.health.vehicles).toBeGreaterThan(0);

    const hit = await get({ extensions: persisted(hash) });
    expect(hit.status).toBe(200);
    expect(hit.body).toEqual(register.body);
  });

  it('works the same over POST, with variables and an operation name', async () => {
    const query = 'query ApqVehicle($id: ID!) { vehicle(id: $id) { id make } }';
    const hash = sha256(query);
    const variables = { id: 'renault-clio' };

    expect(codeOf((await post({ variables, extensions: persisted(hash) })).body)).toBe('PERSISTED_QUERY_NOT_FOUND');
    const register = await post({ query, variables, operationName: 'ApqVehicle', extensions: persisted(hash) });
    expect(register.body).toEqual({ data: { vehicle: { id: 'renault-clio', make: 'Renault' } } });
    const hit = await post({ variables: { id: 'toyota-rav4' }, operationName: 'ApqVehicle', extensions: persisted(hash) });
    expect(hit.body).toEqual({ data: { vehicle: { id: 'toyota-rav4', make: 'Toyota' } } });
  });

  it('refuses a query whose hash does not match it, and does not register it', async () => {
    const query = 'query ApqMismatch { health { status } }';
    const wrong = sha256('something else');
    const mismatch = await post({ query, extensions: persisted(wrong) });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.errors).toHaveLength(1);
    expect(codeOf(mismatch.body)).toBe('BAD_REQUEST');
    expect(mismatch.body.errors![0].message).toMatch(/sha does not match/);
    expect(mismatch.body.data).toBeUndefined();
    expect(codeOf((await post({ extensions: persisted(wrong) })).body)).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('keeps CSRF prevention on for hashed GETs: a GET needs a content-type or a preflight header', async () => {
    const query = 'query ApqCsrf { health { status } }';
    const hash = sha256(query);
    await post({ query, extensions: persisted(hash) });
    expect((await get({ extensions: persisted(hash) }, {})).status).toBe(400);
    // Apollo Client sends content-type: application/json on its GETs, which passes.
    const withType = await get({ extensions: persisted(hash) }, { 'content-type': 'application/json' });
    expect(withType.body).toEqual({ data: { health: { status: expect.any(String) } } });
  });

  it('does not run a hashed mutation over GET', async () => {
    const query = 'mutation ApqMutation($imageBase64: String!) { identifyVehicleBase64(imageBase64: $imageBase64) { confidence } }';
    const hash = sha256(query);
    await post({ query, variables: { imageBase64: 'AAAA' }, extensions: persisted(hash) });
    const viaGet = await get({ variables: { imageBase64: 'AAAA' }, extensions: persisted(hash) });
    expect(viaGet.status).toBe(405);
  });
});
