/**
 * The /metrics `operation` label takes only known names (issue #11, item 9):
 * the allowlist must list every operation the shipped clients send, or their
 * requests would be counted as "other".
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse, Kind } from 'graphql';
import { describe, expect, it } from 'vitest';
import { CLIENT_OPERATIONS, knownOperationNames } from '../../src/observability/operation-names.js';
import { createSchema } from '../../src/graphql/schema.js';

const documents = (dir: string) =>
  fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.graphql'))
    .map((file) => fs.readFileSync(path.join(dir, file), 'utf8'));
const names = (source: string) =>
  parse(source).definitions.flatMap((definition) => (definition.kind === Kind.OPERATION_DEFINITION && definition.name ? [definition.name.value] : []));

describe('operation names allowed as metric labels', () => {
  it('lists every named operation of the tests, the demo page and the examples', () => {
    const sent = [
      ...documents('test/operations').flatMap(names),
      ...documents('web/src/operations').flatMap(names),
      ...documents('examples').flatMap(names),
      ...[...fs.readFileSync('examples/curl-upload.sh', 'utf8').matchAll(/"query":"(?:query|mutation) (\w+)/g)].map((match) => match[1]),
    ];
    expect(sent.length).toBeGreaterThan(15);
    expect([...CLIENT_OPERATIONS].sort()).toEqual(expect.arrayContaining(sent));
  });

  it('adds the schema\'s root fields, as written and capitalised, and nothing a client invents', async () => {
    const known = knownOperationNames(await createSchema());
    for (const name of ['estimatePrice', 'EstimatePrice', 'identifyVehicle', 'IdentifyVehicle', 'vehicles', 'Vehicles']) expect(known.has(name), name).toBe(true);
    expect(known.has('Random_8f3a91')).toBe(false);
  });
});
