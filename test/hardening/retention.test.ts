/**
 * Retention of anonymous identifications (issue #11, item 7): rows past the
 * maximum age or beyond the newest maxRows are deleted by a background sweep
 * (an unref'd timer), on a real SQLite file; STORE_IDENTIFICATIONS=false
 * stores nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openSqlite, type SqliteStorage } from '../../src/db/client.js';
import { seedCatalog } from '../../src/bootstrap/seed-catalog.js';
import { IdentificationRepository } from '../../src/db/repositories/identifications.js';
import { IdentificationRetention } from '../../src/services/identification/retention.js';
import { loadConfig } from '../../src/config.js';
import { startTestService, tempDir } from '../helpers/service.js';
import { multipart } from '../helpers/multipart.js';
import { IdentifyVehicleDocument, StoredIdentificationDocument, type IdentifyVehicleMutation } from '../generated/operations.js';

const dir = tempDir();
let database: SqliteStorage;
let repository: IdentificationRepository;
beforeAll(async () => {
  const config = loadConfig({ DATABASE_PATH: path.join(dir, 'db.sqlite') });
  database = openSqlite(config.databasePath, config.storage.migrationsDir);
  await seedCatalog(database, config.seedDir);
  repository = new IdentificationRepository(database);
});
afterAll(async () => {
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  vi.useRealTimers();
  database.sqlite.exec('DELETE FROM identifications');
});

const insertAt = (id: string, createdAt: string) =>
  repository.insert({
    id,
    createdAt,
    imageSha256: 'x',
    imageWidth: 1,
    imageHeight: 1,
    modelId: 'm',
    modelVersion: '1',
    provider: 'cpu',
    topLabel: 'l',
    confidence: 0.5,
    uncertain: false,
    result: {},
  });
const ids = () => (database.sqlite.prepare('SELECT id FROM identifications ORDER BY id').all() as { id: string }[]).map((row) => row.id);
const DAY = 86_400_000;
const now = new Date('2026-06-15T12:00:00.000Z');

describe('identification retention', async () => {
  it('deletes rows older than the maximum age', async () => {
    await insertAt('a-old', '2026-05-01T00:00:00.000Z');
    await insertAt('b-edge', '2026-05-16T12:00:00.001Z');
    await insertAt('c-new', '2026-06-15T11:00:00.000Z');
    const retention = new IdentificationRetention(repository, { maxAgeMs: 30 * DAY, maxRows: 0, intervalMs: 60_000 }, () => now);
    expect(await retention.sweep()).toEqual({ expired: 1, overflow: 0 });
    expect(ids()).toEqual(['b-edge', 'c-new']);
  });

  it('keeps only the newest maxRows rows', async () => {
    for (let i = 0; i < 10; i++) await insertAt(`id-${i}`, `2026-06-${String(i + 1).padStart(2, '0')}T00:00:00.000Z`);
    const retention = new IdentificationRetention(repository, { maxAgeMs: 0, maxRows: 3, intervalMs: 60_000 }, () => now);
    expect(await retention.sweep()).toEqual({ expired: 0, overflow: 7 });
    expect(ids()).toEqual(['id-7', 'id-8', 'id-9']);
    expect(await retention.sweep()).toEqual({ expired: 0, overflow: 0 });
  });

  it('sweeps in the background on an unref\'d timer, and stops', async () => {
    vi.useFakeTimers();
    const retention = new IdentificationRetention(repository, { maxAgeMs: 0, maxRows: 1, intervalMs: 60_000 }, () => now);
    const sweep = vi.spyOn(retention, 'sweep');
    const setInterval = vi.spyOn(globalThis, 'setInterval');
    retention.start();
    expect(sweep).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(0);
    const timer = setInterval.mock.results[0].value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);
    await insertAt('x-1', '2026-06-01T00:00:00.000Z');
    await insertAt('x-2', '2026-06-02T00:00:00.000Z');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sweep).toHaveBeenCalledTimes(2);
    expect(ids()).toEqual(['x-2']);
    retention.stop();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(sweep).toHaveBeenCalledTimes(2);
  });
});

describe('STORE_IDENTIFICATIONS=false', () => {
  it('answers the identification but does not store it: identification(id) is NOT_FOUND', async () => {
    const service = await startTestService({ INFERENCE_ENABLED: 'true', STORE_IDENTIFICATIONS: 'false' });
    try {
      const photo = fs.readFileSync('test/fixtures/photos/clio/car172.jpg');
      const { body } = await multipart<IdentifyVehicleMutation>(service.baseUrl, IdentifyVehicleDocument, { image: null }, [
        { path: 'image', bytes: photo, filename: 'car.jpg' },
      ]);
      expect(body.errors).toBeUndefined();
      const { id } = body.data!.identifyVehicle;
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      const stored = await service.gql(StoredIdentificationDocument, { id });
      expect(stored.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    } finally {
      await service.stopAndClean();
    }
  });
});
