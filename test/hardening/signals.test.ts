/**
 * SIGTERM on the real process (built with tsc, as `npm start` runs it, but into
 * a temporary folder: test/helpers/build.ts): in-flight requests
 * finish, the process logs a clean shutdown and exits 0. The signal is sent
 * once the server has logged the start of every request (no sleep racing it).
 * A CPU-only start prints one warning about CUDA, not ONNX Runtime's error line.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.js';
import { cudaProviderInstalled } from '../../src/inference/runtime.js';
import { multipart } from '../helpers/multipart.js';
import { tempDir } from '../helpers/service.js';
import { builtService } from '../helpers/build.js';
import { IdentifyVehicleDocument, type IdentifyVehicleMutation } from '../generated/operations.js';

const dir = tempDir();
let build: string;
beforeAll(() => {
  build = builtService();
}, 180_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('SIGTERM', () => {
  it('finishes in-flight requests, closes everything and exits 0', async () => {
    const port = 4600 + Math.floor(Math.random() * 300);
    const child = spawn(process.execPath, [path.join(build, 'dist/src/main.js')], {
      cwd: projectRoot,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_PATH: path.join(dir, 'db.sqlite'),
        MIGRATIONS_DIR: path.join(projectRoot, 'migrations'),
        SEED_DIR: path.join(projectRoot, 'data/seed'),
        MODELS_DIR: path.join(projectRoot, 'models'),
        WEB_DIR: path.join(dir, 'no-web'),
        LOG_LEVEL: 'debug',
        NODE_ENV: 'production',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk));
    let started = 0;
    let onStarted = (): void => {};
    child.stdout.on('data', (chunk: Buffer) => {
      log += chunk;
      started = (log.match(/"path":"\/graphql","msg":"request started"/g) ?? []).length;
      onStarted();
    });
    const startedAtLeast = (n: number) =>
      new Promise<void>((resolve) => {
        onStarted = () => started >= n && resolve();
        onStarted();
      });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 300 && !(await fetch(`${url}/ready`).then((r) => r.ok, () => false)); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const photo = fs.readFileSync('test/fixtures/photos/clio/car172.jpg');
    const identify = () =>
      multipart<IdentifyVehicleMutation>(url, IdentifyVehicleDocument, { image: null }, [{ path: 'image', bytes: photo, filename: 'car.jpg' }]);
    await identify();
    const inFlight = Array.from({ length: 4 }, identify);
    await startedAtLeast(5); // the warm-up and the four in flight
    child.kill('SIGTERM');
    for (const { status, body } of await Promise.all(inFlight)) {
      expect(status).toBe(200);
      expect(body.data!.identifyVehicle.candidates.length).toBeGreaterThan(0);
    }
    expect(await exited).toBe(0);
    expect(log).toContain('"msg":"shut down cleanly"');
    // CPU-only start: one clear warning, not ONNX Runtime's red "[E:onnxruntime ...]" line (issue #11).
    expect(errors).not.toMatch(/\[E:onnxruntime/);
    if (!cudaProviderInstalled()) expect(log.match(/provider \\"cuda\\" unavailable/g) ?? []).toHaveLength(1);
  }, 90_000);
});
