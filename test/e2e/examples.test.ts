/**
 * The client examples in examples/ run against the real service: the fetch
 * client is type-checked and run with node, the curl script is run with curl,
 * and the mobile query is validated against the schema and sent through
 * Automatic Persisted Queries.
 */
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildSchema, Kind, parse, validate, visit } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, tempDir, type GraphQLBody, type TestService } from '../helpers/service.js';

const run = promisify(execFile);
const PHOTO = 'test/fixtures/photos/clio/car172.jpg';
const hasCurl = ['/usr/bin/curl', '/bin/curl', '/usr/local/bin/curl'].some((file) => fs.existsSync(file));

let service: TestService;
let endpoint: string;
beforeAll(async () => {
  service = await startTestService({ INFERENCE_ENABLED: 'true' });
  endpoint = `${service.baseUrl}/graphql`;
});
afterAll(() => service.stopAndClean());

describe('examples/', () => {
  it('fetch-client.ts type-checks, then identifies a photo and prices the car', async () => {
    const outDir = tempDir('carvalue-examples-');
    try {
      const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
      execFileSync(process.execPath, [tsc, '-p', 'examples', '--outDir', outDir], { stdio: 'pipe' });
      fs.writeFileSync(path.join(outDir, 'package.json'), '{ "type": "module" }');
      const { stdout } = await run(process.execPath, [path.join(outDir, 'fetch-client.js'), PHOTO, '2018', '60000'], {
        env: { ...process.env, CARVALUE_URL: endpoint },
      });
      const [identified, price, assumed] = stdout.trim().split('\n');
      expect(identified).toMatch(/^Renault Clio \(\d+% confident\)$/);
      const match = /^€([\d,]+) \(80% interval €([\d,]+) to €([\d,]+); asking prices, AutoScout24 Germany, 2021\)$/.exec(price);
      expect(assumed).toMatch(/^assumed: fuel \w+, transmission \w+, powerHp \d+$/);
      expect(match, price).not.toBeNull();
      const [amount, low, high] = match!.slice(1).map((text) => Number(text.replace(/,/g, '')));
      expect(low).toBeLessThanOrEqual(amount);
      expect(amount).toBeLessThanOrEqual(high);
    } finally {
      fs.rmSync(outDir, { recursive: true, force: true });
    }
  });

  it.skipIf(!hasCurl)('curl-upload.sh sends a multipart upload with curl', async () => {
    const { stdout } = await run('bash', ['examples/curl-upload.sh', PHOTO, endpoint]);
    const body = JSON.parse(stdout) as GraphQLBody<{
      identifyVehicle: { candidates: { label: string }[]; vehicle: { make: string; model: string } | null };
    }>;
    expect(body.errors).toBeUndefined();
    expect(body.data!.identifyVehicle.candidates).toHaveLength(3);
    expect(body.data!.identifyVehicle.vehicle).toMatchObject({ make: 'Renault', model: 'Clio' });
  });

  it('mobile-query.graphql is valid, selects exactly two fields, and works as a persisted query', async () => {
    const query = fs.readFileSync('examples/mobile-query.graphql', 'utf8');
    const document = parse(query);
    expect(validate(buildSchema(fs.readFileSync('schema/schema.graphql', 'utf8')), document)).toEqual([]);
    const leaves: string[] = [];
    visit(document, { Field: (field) => void (field.selectionSet ? undefined : leaves.push(field.name.value)) });
    expect(leaves).toEqual(['label', 'confidence']);
    expect(document.definitions.map((definition) => definition.kind)).toEqual([Kind.OPERATION_DEFINITION]);

    const variables = { imageBase64: fs.readFileSync(PHOTO).toString('base64') };
    const extensions = { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') } };
    type Mobile = { identifyVehicleBase64: { candidates: { label: string; confidence: number }[] } };
    const send = async (payload: Record<string, unknown>) =>
      (await (await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) })).json()) as GraphQLBody<Mobile>;

    expect((await send({ variables, extensions })).errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const registered = await send({ query, variables, extensions });
    expect(registered.errors).toBeUndefined();
    const candidates = registered.data!.identifyVehicleBase64.candidates;
    expect(candidates).toHaveLength(3);
    expect(Object.keys(candidates[0])).toEqual(['label', 'confidence']);
    expect(await send({ variables, extensions })).toEqual(registered);
  });
});
