import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.js';
import { createSchema, printSdl } from '../../src/graphql/schema.js';

describe('committed schema', () => {
  it('matches the SDL emitted from the resolvers (run `npm run schema:emit` after a schema change)', async () => {
    const committed = fs.readFileSync(path.join(projectRoot, 'schema', 'schema.graphql'), 'utf8');
    expect(printSdl(await createSchema())).toBe(committed);
  });

  it('has the product types from the start', async () => {
    const schema = await createSchema();
    for (const type of ['Vehicle', 'Identification', 'PriceEstimate', 'VehicleConnection', 'PageInfo']) {
      expect(schema.getType(type), type).toBeDefined();
    }
    expect(Object.keys(schema.getQueryType()!.getFields())).toEqual(expect.arrayContaining(['vehicle', 'vehicles', 'health']));
  });
});
