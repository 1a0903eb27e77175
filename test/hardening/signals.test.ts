/**
 * SIGTERM on the real process (built with tsc, as `npm start` runs it): in-flight
 * requests finish, the process logs a clean shutdown and exits 0.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.js';
import { multipart } from '../helpers/multipart.js';
import { tempDir } from '../helpers/service.js';
import { IdentifyVehicleDocument, type IdentifyVehicleMutation } from '../generated/operations.js';

const dir = tempDir();
beforeAll(() => {
  execFileSync(process.execPath, [path.join(projectRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: projectRoot });
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('SIGTERM', () => {
  it('finishes in-flight requests, closes everything and exits 0', async () => {
    const port = 4600 + Math.floor(Math.random() * 300);
    const child = spawn(process.execPath, ['dist/src/main.js'], {
      cwd: projectRoot,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: path.join(dir, 'db.sqlite'), LOG_LEVEL: 'info', NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout.on('data', (chunk) => (log += chunk));
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
    await new Promise((resolve) => setTimeout(resolve, 60));
    child.kill('SIGTERM');
    for (const { status, body } of await Promise.all(inFlight)) {
      expect(status).toBe(200);
      expect(body.data!.identifyVehicle.candidates.length).toBeGreaterThan(0);
    }
    expect(await exited).toBe(0);
    expect(log).toContain('"msg":"shut down cleanly"');
  }, 60_000);
});
