/**
 * The service built with tsc (as `npm start` runs it) into a folder outside
 * the checkout, for tests that run it as its own process. Built once per
 * content of src/ (the folder is named by a hash of it), so several test
 * files, and reruns, share one build; built into a temporary folder and
 * renamed, so two files building at once cannot see half a build.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../src/config.js';

function sourceHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else hash.update(full).update(fs.readFileSync(full));
    }
  };
  walk(path.join(projectRoot, 'src'));
  for (const file of ['package.json', 'tsconfig.json']) hash.update(fs.readFileSync(path.join(projectRoot, file)));
  return hash.digest('hex').slice(0, 16);
}

/** The folder whose dist/src/main.js is the built service (node_modules and package.json of the checkout beside it). */
export function builtService(): string {
  const root = path.join(os.tmpdir(), `carvalue-build-${sourceHash()}`);
  if (fs.existsSync(path.join(root, 'dist/src/main.js'))) return root;
  const building = fs.mkdtempSync(`${root}-partial-`);
  fs.symlinkSync(path.join(projectRoot, 'node_modules'), path.join(building, 'node_modules'));
  fs.copyFileSync(path.join(projectRoot, 'package.json'), path.join(building, 'package.json'));
  execFileSync(
    process.execPath,
    [path.join(projectRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--outDir', path.join(building, 'dist'), '--tsBuildInfoFile', path.join(building, 'tsbuildinfo')],
    { cwd: projectRoot },
  );
  try {
    fs.renameSync(building, root);
  } catch {
    // Another test file finished the same build first.
    fs.rmSync(building, { recursive: true, force: true });
  }
  return root;
}
