/**
 * Worker-thread entry of the admin jobs (listings import, retrain): opens
 * its own connection to the storage and does the CPU-heavy work there, so
 * the service's event loop keeps answering. Posts progress, then the result
 * or a serialised error.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../errors.js';
import type { StorageConfig } from '../../config.js';
import { openStorage } from '../../db/open.js';
import { importListings, retrainPrices } from './import-listings.js';

export type JobRequest =
  | { kind: 'import'; storage: StorageConfig; file: Uint8Array; sourceName: string }
  | { kind: 'retrain'; storage: StorageConfig; onlyIfStale?: boolean };

export type WorkerMessage =
  | { type: 'progress'; done: number; total: number; step: string }
  | { type: 'done'; result: unknown }
  | { type: 'failed'; error: { code: string | null; message: string; details: Record<string, unknown> } };

async function run(request: JobRequest): Promise<unknown> {
  const storage = await openStorage(request.storage);
  const onProgress = (done: number, total: number, step: string) =>
    parentPort!.postMessage({ type: 'progress', done, total, step } satisfies WorkerMessage);
  try {
    if (request.kind === 'import') {
      return await importListings(storage, Buffer.from(request.file), request.sourceName, { onProgress });
    }
    return await retrainPrices(storage, { onProgress, onlyIfStale: request.onlyIfStale });
  } finally {
    await storage.close();
  }
}

if (parentPort) {
  run(workerData as JobRequest).then(
    (result) => parentPort!.postMessage({ type: 'done', result } satisfies WorkerMessage),
    (error: unknown) => {
      const known = error instanceof AppError;
      parentPort!.postMessage({
        type: 'failed',
        error: {
          code: known ? error.code : null,
          message: error instanceof Error ? error.message : String(error),
          details: known ? error.details : {},
        },
      } satisfies WorkerMessage);
    },
  );
}
