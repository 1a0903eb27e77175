/**
 * The demo page's typed operations (web/src/generated/) are committed: they must
 * match what `npm run codegen` produces from web/src/operations/*.graphql and
 * the committed schema, and stay free of runtime imports (plain browser modules).
 */
import fs from 'node:fs';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import config from '../../codegen.js';

const OUTPUT = 'web/src/generated/operations.ts';

describe('web/src/generated', () => {
  it('is up to date with web/src/operations (run `npm run codegen` after changing them)', async () => {
    const entry = (config.generates as Record<string, unknown>)[OUTPUT];
    expect(entry, `codegen.ts has no entry for ${OUTPUT}`).toBeDefined();
    const [file] = await generate({ ...config, silent: true, generates: { [OUTPUT]: entry } as typeof config.generates }, false);
    expect(file.content).toBe(fs.readFileSync(OUTPUT, 'utf8'));
  });

  it('holds query strings and types only: no runtime import, no operation of the tests', () => {
    const generated = fs.readFileSync(OUTPUT, 'utf8');
    expect(generated.match(/^import .*$/gm)).toEqual([expect.stringMatching(/^import type /)]);
    expect(generated).toContain('export const DemoIdentifyDocument = new TypedDocumentString(');
    expect(generated).not.toMatch(/StoredIdentification|VehiclesPage/);
  });
});
