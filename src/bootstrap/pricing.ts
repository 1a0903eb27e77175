/**
 * First-start data for pricing: the shipped market listings (cleaned, in one
 * transaction, only into an empty table) and the shipped price models, which
 * are used when they were trained on exactly these listings by this trainer.
 * Otherwise training runs as an admin job and estimates wait for it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Storage } from '../db/storage.js';
import { ListingRepository } from '../db/repositories/listings.js';
import { PriceModelRepository } from '../db/repositories/price-models.js';
import type { CleaningReport } from '../listings/clean-listings.js';
import { trainerFingerprint } from '../pricing/train.js';
import type { PricingService } from '../services/pricing/pricing-service.js';
import type { AdminJobs } from '../services/listings/admin-jobs.js';
import { cleanListings, toListingRow } from '../services/listings/import-listings.js';
import { listingsHash, storeVersion, type TrainedVersion } from '../services/listings/price-training.js';

/** The shipped listings and models, relative to the seed directory. */
export const SEED_LISTINGS = path.join('market', 'autoscout24-de.csv');
export const SEED_PRICE_MODELS = 'price-models.json.gz';

/** Loads the shipped listings into an empty listings table; null when it had rows already. */
export async function seedListings(storage: Storage, file: string): Promise<CleaningReport | null> {
  if ((await new ListingRepository(storage).count()) > 0) return null;
  const { source, kept, report } = await cleanListings(storage, fs.createReadStream(file));
  const name = path.basename(file);
  await storage.transaction((tx) => new ListingRepository(tx).insertNew(kept.map((listing) => toListingRow(listing, name, source.id))));
  return report;
}

export function writeShippedModels(file: string, version: TrainedVersion): void {
  fs.writeFileSync(file, gzipSync(JSON.stringify(version), { level: 9 }));
}

export function readShippedModels(file: string): TrainedVersion | null {
  if (!fs.existsSync(file)) return null;
  return JSON.parse(gunzipSync(fs.readFileSync(file)).toString('utf8')) as TrainedVersion;
}

export type PriceModelsState =
  | { state: 'current'; version: number }
  | { state: 'shipped'; version: number }
  | { state: 'training'; jobId: string };

/**
 * Makes the pricing service answer from models that match the listings:
 * the active stored version, else the shipped one, else a retrain job
 * (estimates answer SERVICE_UNAVAILABLE until it ends).
 */
export async function ensurePriceModels(storage: Storage, pricing: PricingService, jobs: AdminJobs, shippedFile: string): Promise<PriceModelsState> {
  const hash = listingsHash(await new ListingRepository(storage).trainingRows());
  const trainer = trainerFingerprint();
  if (await pricing.loadIfCurrent(hash, trainer)) return { state: 'current', version: pricing.activeVersion()! };
  const shipped = readShippedModels(shippedFile);
  if (shipped && shipped.listingsHash === hash && shipped.trainer === trainer) {
    const version = await storage.transaction((tx) => storeVersion(new PriceModelRepository(tx), shipped));
    await pricing.refresh();
    return { state: 'shipped', version };
  }
  // Another replica may be training the same version: the job skips training when it finds it stored.
  const job = jobs.submit({ kind: 'retrain', onlyIfStale: true });
  pricing.setPending(`the price models are being trained from the listings (job ${job.id})`);
  return { state: 'training', jobId: job.id };
}
