/**
 * Listings import: stream the file, clean every row (reported per rule), map
 * it to a catalog car model, then, when it brings new rows, retrain on all
 * listings and write the new rows and the new price models in one short
 * transaction. A rejected file, a crash or a kill changes nothing; a file
 * imported twice adds nothing the second time.
 */
import { AppError, badInput } from '../../errors.js';
import type { Storage } from '../../db/storage.js';
import { ListingRepository, type TrainingRow } from '../../db/repositories/listings.js';
import { PriceModelRepository } from '../../db/repositories/price-models.js';
import { VehicleRepository } from '../../db/repositories/vehicles.js';
import type { NewListingRow } from '../../db/tables.js';
import { resolveMarketName } from '../../catalog/market-names.js';
import { VehicleService } from '../vehicles/vehicle-service.js';
import type { CatalogVehicle } from '../vehicles/types.js';
import { pickVehicle } from '../../catalog/pick-vehicle.js';
import { ListingCleaner, type CarModelResolver, type CleanListing, type CleaningReport } from '../../listings/clean-listings.js';
import { readListings, type ListingInput } from '../../listings/read-listings.js';
import type { ListingSource } from '../../listings/sources.js';
import { trainerFingerprint, type TrainOptions } from '../../pricing/train.js';
import { listingsHash, storeVersion, trainOnRows } from './price-training.js';

export interface ImportReport extends CleaningReport {
  /** Kept rows that were stored already (an earlier import of the same listings). */
  alreadyStored: number;
  inserted: number;
}

export interface ImportOutcome {
  report: ImportReport;
  /** Car models that got new listings. */
  vehicleIds: string[];
  /** The price model version now active; null when there were no models and nothing new. */
  priceModelVersion: number | null;
  retrained: boolean;
}

export type JobProgress = (done: number, total: number, step: string) => void;

/** Maps names onto catalog vehicles, once per distinct make/model (a file repeats them thousands of times). */
export function catalogResolver(findByName: (make: string, model: string) => CatalogVehicle[], preferred: ReadonlySet<string>): CarModelResolver {
  const cache = new Map<string, ReturnType<CarModelResolver>>();
  return (make, model, year) => {
    const key = `${make}\u0000${model}`;
    if (!cache.has(key)) {
      const vehicle = pickVehicle(findByName(make, model), year, preferred);
      cache.set(key, vehicle ? { vehicleModelId: vehicle.id, variant: resolveMarketName(make, model)?.variant ?? null } : null);
    }
    return cache.get(key)!;
  };
}

export const toListingRow = (listing: CleanListing, sourceName: string, dataset: string): NewListingRow => {
  const { line, ...values } = listing;
  return { ...values, source: `${sourceName}:${line}`, dataset };
};

export interface ImportOptions {
  now?: Date;
  onProgress?: JobProgress;
  train?: TrainOptions;
}

/**
 * Reads and cleans a whole file; nothing is written. Rejects a file that is
 * not listings, or of which no row passes the rules.
 */
export async function cleanListings(
  storage: Storage,
  input: ListingInput,
  options: Pick<ImportOptions, 'now' | 'onProgress'> = {},
): Promise<{ source: ListingSource; kept: CleanListing[]; report: CleaningReport }> {
  const listings = new ListingRepository(storage);
  const findByName = await new VehicleService(new VehicleRepository(storage)).nameLookup();
  const { source, rows } = await readListings(input);
  const cleaner = new ListingCleaner(source, catalogResolver(findByName, await listings.vehicleModelIds()), options.now);
  const kept: CleanListing[] = [];
  for await (const raw of rows) {
    const listing = cleaner.clean(raw);
    if (listing) kept.push(listing);
    if (raw.line % 5000 === 0) options.onProgress?.(raw.line, 0, 'read');
  }
  const report = cleaner.report();
  if (kept.length === 0) {
    throw new AppError('BAD_USER_INPUT', `Listings file rejected, nothing imported: no row passed the cleaning rules (${report.read} read)`, {
      field: 'file',
      report,
    });
  }
  return { source, kept, report };
}

/**
 * Imports and retrains take this lock for their whole run, so that on one
 * database (several replicas, the CLI) they happen one after the other.
 */
export const LISTINGS_LOCK = 'listings';

export function importListings(storage: Storage, input: ListingInput, sourceName: string, options: ImportOptions = {}): Promise<ImportOutcome> {
  return storage.withLock(LISTINGS_LOCK, () => importLocked(storage, input, sourceName, options));
}

async function importLocked(storage: Storage, input: ListingInput, sourceName: string, options: ImportOptions): Promise<ImportOutcome> {
  const progress = options.onProgress ?? (() => {});
  const listings = new ListingRepository(storage);
  const vehicles = new VehicleRepository(storage);
  const priceModels = new PriceModelRepository(storage);
  const { source, kept, report: cleaning } = await cleanListings(storage, input, options);
  const stored = await listings.rowHashes();
  const fresh = kept.filter((listing) => !stored.has(listing.rowHash));
  const report: ImportReport = { ...cleaning, alreadyStored: kept.length - fresh.length, inserted: 0 };
  const vehicleIds = [...new Set(fresh.map((listing) => listing.vehicleModelId))].sort();
  if (fresh.length === 0) {
    return { report, vehicleIds, priceModelVersion: (await priceModels.activeVersion())?.version ?? null, retrained: false };
  }

  // Train on what the database will hold after the insert, outside any transaction.
  const existing = await listings.trainingRows();
  const makes = new Map((await vehicles.findByIds(vehicleIds)).map((vehicle) => [vehicle.id, vehicle.make]));
  const incoming: TrainingRow[] = fresh.map((listing) => ({
    vehicleModelId: listing.vehicleModelId,
    make: makes.get(listing.vehicleModelId)!,
    modelYear: listing.modelYear,
    mileageKm: listing.mileageKm,
    fuel: listing.fuel,
    transmission: listing.transmission,
    powerHp: listing.powerHp,
    newPriceEur: listing.newPriceEur,
    priceEur: listing.priceEur,
    rowHash: listing.rowHash,
    dataset: source.id,
  }));
  progress(0, 1, 'train');
  const trained = trainOnRows([...existing, ...incoming], {
    ...options.train,
    onProgress: (done, total, label) => progress(done, total, `train: ${label}`),
  });

  const version = await storage.transaction(async (tx) => {
    // A writer that does not take the lock (an older version of the CLI) added listings
    // meanwhile: these models would not match the table, so refuse rather than store them.
    const inTx = new ListingRepository(tx);
    if ((await inTx.count()) !== existing.length) {
      throw new AppError('SERVICE_UNAVAILABLE', 'The listings changed while this import was training; retry it');
    }
    report.inserted = await inTx.insertNew(fresh.map((listing) => toListingRow(listing, sourceName, source.id)));
    return storeVersion(new PriceModelRepository(tx), trained);
  });
  progress(1, 1, 'stored');
  return { report, vehicleIds, priceModelVersion: version, retrained: true };
}

/**
 * Retrains from the stored listings and activates the new version. With
 * `onlyIfStale`, a stored version trained by this trainer on exactly these
 * listings is kept instead (replicas starting together train once).
 */
export function retrainPrices(
  storage: Storage,
  options: { onProgress?: JobProgress; train?: TrainOptions; onlyIfStale?: boolean } = {},
): Promise<{ version: number; listings: number; trained: boolean }> {
  return storage.withLock(LISTINGS_LOCK, async () => {
    const rows = await new ListingRepository(storage).trainingRows();
    if (rows.length < 2) throw badInput('There are too few listings to train price models; import listings first', 'listings');
    if (options.onlyIfStale) {
      const active = await new PriceModelRepository(storage).activeVersion();
      if (active && active.listingsHash === listingsHash(rows) && active.trainer === trainerFingerprint(options.train)) {
        return { version: active.version, listings: rows.length, trained: false };
      }
    }
    const trained = trainOnRows(rows, { ...options.train, onProgress: (done, total, label) => options.onProgress?.(done, total, `train: ${label}`) });
    const version = await storage.transaction(async (tx) => {
      if ((await new ListingRepository(tx).count()) !== rows.length) throw new AppError('SERVICE_UNAVAILABLE', 'The listings changed while training; retry');
      return storeVersion(new PriceModelRepository(tx), trained);
    });
    return { version, listings: rows.length, trained: true };
  });
}
