/**
 * The service built with tsc (as `npm start` runs it) into a folder outside
 * the checkout, for tests that run it as its own process. Built once per
 * content of src/ (the folder is named by a hash of it), so several test
 * files, and reruns, share one build; built into a temporary folder and
 * renamed, so two files building at once cannot see half a build.
 */
import { execFileSync, spawn, type ChildProcessByStdio } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
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

export interface ServiceProcess {
  url: string;
  child: ChildProcessByStdio<null, Readable, Readable>;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  /** Polls /ready until it answers 200 (its report) or the process exits (an error). */
  ready(): Promise<Record<string, unknown>>;
}

/** A port nothing listens on now (the OS picks it). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Starts the built service (`builtService()`) as its own process on a free
 * port, with the checkout's migrations, seed data and models unless `env`
 * names others; stdout and stderr are pipes for the caller to read.
 */
export async function spawnService(build: string, env: Record<string, string>): Promise<ServiceProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(build, 'dist/src/main.js')], {
    cwd: projectRoot,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      // The build lives outside the checkout: point it at the checkout's files.
      MIGRATIONS_DIR: path.join(projectRoot, 'migrations'),
      SEED_DIR: path.join(projectRoot, 'data/seed'),
      MODELS_DIR: path.join(projectRoot, 'models'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    child,
    output: () => output,
    async ready() {
      for (;;) {
        if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}:\n${output}`);
        const response = await fetch(`${url}/ready`).catch(() => null);
        if (response?.ok) return (await response.json()) as Record<string, unknown>;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  };
}
