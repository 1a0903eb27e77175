/**
 * The dependency arrows between src/ folders only go down:
 * http → graphql → services (and bootstrap) → engines → db → shared.
 * Read from the import statements themselves (type-only imports count: a type
 * from a higher layer is still knowledge of it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../../src');

/** Higher numbers may import lower ones; same rank only within the same folder or among engines (no cycles). */
const RANK: Record<string, number> = {
  'main.ts': 9,
  http: 8,
  graphql: 7,
  bootstrap: 6,
  services: 5,
  // Engines: pure code with no knowledge of storage, services or GraphQL.
  inference: 4,
  pricing: 4,
  listings: 4,
  catalog: 4,
  db: 3,
  // Shared by every layer.
  observability: 1,
  lib: 1,
  'errors.ts': 0,
  'config.ts': 0,
  'logger.ts': 0,
};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** The top-level folder (or root file) of src/ a file belongs to. */
const unitOf = (file: string): string => path.relative(SRC, file).split(path.sep)[0];

function edges(): { from: string; to: string; file: string }[] {
  const found: { from: string; to: string; file: string }[] = [];
  const pattern = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;
  for (const file of sourceFiles(SRC)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const match of text.matchAll(pattern)) {
      const target = path.resolve(path.dirname(file), match[1] ?? match[2]);
      if (!target.startsWith(SRC)) continue;
      const from = unitOf(file);
      const to = unitOf(target);
      if (from !== to) found.push({ from, to, file: path.relative(SRC, file) });
    }
  }
  return found;
}

describe('layers', () => {
  const all = edges();

  it('every folder of src/ has a place in the layering', () => {
    const units = new Set(sourceFiles(SRC).map(unitOf));
    expect([...units].filter((unit) => !(unit in RANK))).toEqual([]);
  });

  it('imports only go down', () => {
    const upward = all.filter(({ from, to }) => RANK[to] > RANK[from] || (RANK[to] === RANK[from] && !(RANK[from] === 4)));
    expect(upward.map(({ file, to }) => `${file} -> ${to}`)).toEqual([]);
  });

  it('engines do not import each other in a cycle', () => {
    const peers = new Map<string, Set<string>>();
    for (const { from, to } of all) if (RANK[from] === 4 && RANK[to] === 4) peers.set(from, (peers.get(from) ?? new Set()).add(to));
    const cycles: string[] = [];
    for (const [a, targets] of peers) for (const b of targets) if (peers.get(b)?.has(a)) cycles.push(`${a} <-> ${b}`);
    expect(cycles).toEqual([]);
  });

  it('the check sees real imports (it would fail on an upward one)', () => {
    expect(all.some(({ from, to }) => from === 'graphql' && to === 'services')).toBe(true);
    expect(all.some(({ from, to }) => from === 'services' && to === 'db')).toBe(true);
  });
});
