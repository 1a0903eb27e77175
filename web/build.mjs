// Builds the demo page into dist/web: compiles web/src/*.ts with tsc
// (tsconfig.web.json), then copies the static files. No bundler.
// Usage: node web/build.mjs   (npm run build:web)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'dist', 'web');
const STATIC_FILES = ['index.html', 'style.css'];

// Start clean so that a renamed or deleted module does not linger in dist/web.
fs.rmSync(outDir, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.web.json')], { cwd: root, stdio: 'inherit' });
for (const file of STATIC_FILES) fs.copyFileSync(path.join(root, 'web', file), path.join(outDir, file));
console.log(`built the demo page into ${path.relative(root, outDir)}/`);
