/**
 * Listings import: validate every row, map each to a catalog car model,
 * insert them all and retrain the price models, in one SQLite transaction.
 * A bad file changes nothing; a crash mid-way leaves the previous listings
 * and the previous active price models in place.
 */
import { badInput } from '../errors.js';
import type { ListingRepository } from '../db/repositories/listings.js';
import type { VehicleRepository } from '../db/repositories/vehicles.js';
import type { NewListingRow } from '../db/tables.js';
import { pickVehicle } from '../catalog/pick-vehicle.js';
import type { PricingService } from '../pricing/pricing-service.js';
import { ListingsFileError, parseListingsCsv, type RowError } from './parse-listings.js';

export interface ImportOutcome {
  imported: number;
  vehicleIds: string[];
  priceModelVersion: number;
}

export type ImportProgress = (done: number, total: number, step: string) => void;

export class ListingImportService {
  constructor(
    private readonly listings: ListingRepository,
    private readonly vehicles: VehicleRepository,
    private readonly pricing: PricingService,
    /** Runs `work` in one database transaction (rolled back if it throws). */
    private readonly inTransaction: <T>(work: () => T) => T,
    private readonly now: () => Date = () => new Date(),
  ) {}

  importCsv(text: string, source: string, onProgress: ImportProgress = () => {}): ImportOutcome {
    const parsed = parseListingsCsv(text, this.now());
    if (parsed.length === 0) throw badInput('The listings file has no rows', 'file');

    const withListings = this.listings.vehicleModelIds();
    const errors: RowError[] = [];
    const rows: NewListingRow[] = [];
    parsed.forEach(({ line, ...listing }, i) => {
      const vehicle = pickVehicle(this.vehicles.findByName(listing.make, listing.model), listing.modelYear, withListings);
      if (!vehicle) {
        errors.push({ line, column: 'Modele', message: `unknown car model "${listing.make} ${listing.model}": not in the catalog` });
      } else {
        rows.push({ ...listing, vehicleModelId: vehicle.id, source: `${source}:${line}` });
      }
      onProgress(i + 1, parsed.length, 'validate');
    });
    if (errors.length > 0) throw new ListingsFileError(errors);

    return this.inTransaction(() => {
      onProgress(0, 1, 'insert');
      const imported = this.listings.insertAll(rows);
      onProgress(1, 1, 'insert');
      const { version } = this.pricing.retrain((done, total) => onProgress(done, total, 'retrain'));
      return { imported, vehicleIds: [...new Set(rows.map((row) => row.vehicleModelId))].sort(), priceModelVersion: version };
    });
  }
}
