/** A seed directory like data/seed with every n-th market listing only, so that a test can train in seconds. */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config.js';
import { SEED_LISTINGS } from '../../src/bootstrap/pricing.js';
import { tempDir } from './service.js';

export function smallSeedDir(every: number): string {
  const source = loadConfig({}).seedDir;
  const dir = tempDir('carvalue-seed-');
  for (const entry of fs.readdirSync(source)) {
    if (entry !== path.dirname(SEED_LISTINGS)) fs.symlinkSync(path.join(source, entry), path.join(dir, entry));
  }
  const lines = fs.readFileSync(path.join(source, SEED_LISTINGS), 'utf8').trim().split('\n');
  fs.mkdirSync(path.join(dir, path.dirname(SEED_LISTINGS)));
  fs.writeFileSync(path.join(dir, SEED_LISTINGS), [lines[0], ...lines.slice(1).filter((_, i) => i % every === 0)].join('\n'));
  return dir;
}
