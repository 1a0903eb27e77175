/**
 * SIGTERM on the real process (built with tsc, as `npm start` runs it, but into
 * a temporary folder: test/helpers/build.ts): in-flight requests
 * finish, the process logs a clean shutdown and exits 0. The signal is sent
 * once the server has logged the start of every request (no sleep racing it).
 * A CPU-only start prints one warning about CUDA, not ONNX Runtime's error line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cudaProviderInstalled } from '../../src/inference/runtime.js';
import { multipart } from '../helpers/multipart.js';
import { tempDir } from '../helpers/service.js';
import { builtService, spawnService } from '../helpers/build.js';
import { IdentifyVehicleDocument, type IdentifyVehicleMutation } from '../generated/operations.js';

const dir = tempDir();
let build: string;
beforeAll(() => {
  build = builtService();
}, 180_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('SIGTERM', () => {
  it('finishes in-flight requests, closes everything and exits 0', async () => {
    const service = await spawnService(build, {
      DATABASE_PATH: path.join(dir, 'db.sqlite'),
      WEB_DIR: path.join(dir, 'no-web'),
      LOG_LEVEL: 'debug',
      NODE_ENV: 'production',
    });
    const { child, url } = service;
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
    await service.ready();
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
