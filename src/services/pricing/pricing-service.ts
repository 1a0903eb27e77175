/**
 * The pricing use cases: serve estimates from the active stored version (no
 * training per request, no database read per request), resolve make/model
 * names to catalog car models, fill what the caller left out from the car
 * model's most common variant, and draw depreciation curves. Training runs
 * elsewhere (the admin worker, the CLIs); this service only loads versions.
 */
import { AppError, badInput, notFound } from '../../errors.js';
import type { PriceModelRepository } from '../../db/repositories/price-models.js';
import type { PriceModelRow } from '../../db/tables.js';
import { pickVehicle } from '../../catalog/pick-vehicle.js';
import { depreciationCurve, type DepreciationCurve, type DepreciationOptions } from '../../pricing/depreciation.js';
import { makeKey } from '../../pricing/features.js';
import { estimate, indexModels, type PriceModelSet } from '../../pricing/predict.js';
import type { CarModelPriceModel, Fuel, PriceEstimate, PriceQuery, StoredPriceModel, Transmission, TypicalCar } from '../../pricing/types.js';
import type { VehicleService } from '../vehicles/vehicle-service.js';
import type { CatalogVehicle } from '../vehicles/types.js';

export interface PriceRequest {
  make: string;
  model: string;
  year: number;
  mileageKm: number;
  /** Left out: the car model's most common variant answers (and the estimate says so). */
  fuel?: Fuel | null;
  transmission?: Transmission | null;
  powerHp?: number | null;
  newPrice?: number | null;
  vehicleId?: string | null;
}

export type AssumedField = 'fuel' | 'transmission' | 'powerHp';

/** A value the caller left out and the estimate assumed. */
export interface Assumption {
  field: AssumedField;
  value: string;
  /** Where it comes from, e.g. "most common variant of 446 BMW 1 Series listings (118 of them)". */
  source: string;
}

export interface PricedEstimate extends PriceEstimate {
  modelVersion: number;
  vehicle: CatalogVehicle | null;
  /** What the estimate was computed for, assumed values included. */
  query: PriceQuery;
  assumptions: Assumption[];
}

export interface ActiveModels {
  version: number;
  set: PriceModelSet;
}

/** Names resolved per distinct make/model: a bounded cache, cleared when full. */
const NAME_CACHE_SIZE = 10_000;

export class PricingService {
  private active: ActiveModels | null = null;
  private readonly names = new Map<string, CatalogVehicle | null>();
  private readonly makes = new Map<string, string | null>();
  /** Why there are no models yet (e.g. training at first start), for estimates and /ready. */
  private pendingReason: string | null = null;
  private refreshing: Promise<boolean> | null = null;

  constructor(
    private readonly priceModels: PriceModelRepository,
    private readonly vehicles: VehicleService,
    /** Told which method answered each estimate (metrics). */
    private readonly onEstimate: (method: string) => void = () => {},
  ) {}

  /** Loads the active version if it is the one for these listings and this trainer; false when it is stale or missing. */
  async loadIfCurrent(listingsHash: string, trainer: string): Promise<boolean> {
    const stored = await this.priceModels.activeVersion();
    if (!stored || stored.listingsHash !== listingsHash || stored.trainer !== trainer) return false;
    await this.load(stored.version);
    return true;
  }

  /** Says estimates are not available yet, and why (answered as SERVICE_UNAVAILABLE). */
  setPending(reason: string | null): void {
    this.pendingReason = reason;
  }

  /** Reloads when another writer (the admin worker, the CLI, another replica) activated a new version. Cheap: one indexed read. */
  refresh(): Promise<boolean> {
    // One check at a time: a slow load (a new version on a busy database) is not started twice by the timer.
    this.refreshing ??= this.checkActive().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private async checkActive(): Promise<boolean> {
    const stored = await this.priceModels.activeVersion();
    if (!stored || stored.version === this.active?.version) return false;
    await this.load(stored.version);
    this.pendingReason = null;
    return true;
  }

  status(): { version: number | null; pending: string | null } {
    return { version: this.active?.version ?? null, pending: this.active ? null : (this.pendingReason ?? 'no price models are stored') };
  }

  async estimate(request: PriceRequest): Promise<PricedEstimate> {
    const { version, set } = this.activeModels();
    const vehicle = await this.resolveVehicle(request);
    const carModel = vehicle?.id ?? null;
    const make = vehicle ? makeKey(vehicle.make) : await this.resolveMake(request.make);
    const entry = carModel !== null ? set.byCarModel.get(carModel) : undefined;
    const { values, assumptions } = fillUsage(request, entry, make !== null ? set.market.typicalByMake[make] : undefined, set.market.typical, vehicle);
    const query: PriceQuery = {
      carModel,
      make,
      year: request.year,
      mileageKm: request.mileageKm,
      ...values,
      newPrice: request.newPrice ?? vehicle?.newPrice ?? null,
    };
    const result = estimate(set, query);
    this.onEstimate(result.method);
    return { ...result, modelVersion: version, vehicle, query, assumptions };
  }

  /** Value by age for a typical car of this model. */
  async depreciation(vehicleId: string, options: Omit<DepreciationOptions, 'carModel' | 'make'> = {}): Promise<DepreciationCurve> {
    const vehicle = await this.vehicles.get(vehicleId);
    const { set } = this.activeModels();
    return depreciationCurve(set, {
      ...options,
      carModel: vehicle.id,
      make: makeKey(vehicle.make),
      newPrice: options.newPrice ?? vehicle.newPrice,
    });
  }

  /** Stored model rows of a version (default: the active one), for comparing methods. */
  async storedModels(version?: number | null, vehicleModelId?: string | null): Promise<{ version: number; active: boolean; rows: PriceModelRow[] }> {
    const active = await this.priceModels.activeVersion();
    const chosen = version ?? active?.version;
    if (chosen == null) return { version: 0, active: false, rows: [] };
    if (!(await this.priceModels.version(chosen))) throw notFound(`No price model version ${chosen}`);
    return { version: chosen, active: chosen === active?.version, rows: await this.priceModels.models(chosen, vehicleModelId ?? undefined) };
  }

  /** The active version's models, for use cases that evaluate the engine themselves (explanations, curves). */
  models(): ActiveModels {
    return this.activeModels();
  }

  activeVersion(): number | null {
    return this.active?.version ?? null;
  }

  private activeModels(): ActiveModels {
    if (!this.active) {
      throw new AppError('SERVICE_UNAVAILABLE', `Prices are not available yet: ${this.pendingReason ?? 'no price models are stored'}`);
    }
    return this.active;
  }

  private async load(version: number): Promise<void> {
    const models = (await this.priceModels.models(version))
      .filter((row) => row.chosen)
      .map((row) => row.params as StoredPriceModel);
    this.active = { version, set: indexModels(models) };
  }

  private async resolveVehicle(request: PriceRequest): Promise<CatalogVehicle | null> {
    if (request.vehicleId) return this.vehicles.get(request.vehicleId);
    const key = `${request.make}\u0000${request.model}`;
    if (!this.names.has(key)) {
      if (this.names.size >= NAME_CACHE_SIZE) this.names.clear();
      const priced = new Set(this.active?.set.byCarModel.keys() ?? []);
      this.names.set(key, pickVehicle(await this.vehicles.findByName(request.make, request.model), request.year, priced));
    }
    return this.names.get(key)!;
  }

  /** The catalog's make for a name the catalog knows ("Mercedes" -> mercedesbenz), else the name's own key. */
  private async resolveMake(make: string): Promise<string | null> {
    if (make.trim() === '') return null;
    if (!this.makes.has(make)) {
      if (this.makes.size >= NAME_CACHE_SIZE) this.makes.clear();
      const canonical = await this.vehicles.canonicalMake(make);
      this.makes.set(make, canonical !== null ? makeKey(canonical) : makeKey(make));
    }
    return this.makes.get(make)!;
  }
}

const FIELD_NAMES: Record<AssumedField, string> = { fuel: 'fuel', transmission: 'gearbox', powerHp: 'power' };

/**
 * The car's fuel, gearbox and power: as given, else the car model's most
 * common variant that agrees with what was given, else its make's (or all
 * listings') most common variant.
 */
export function fillUsage(
  request: Pick<PriceRequest, AssumedField>,
  entry: CarModelPriceModel | undefined,
  makeTypical: TypicalCar | undefined,
  marketTypical: TypicalCar,
  vehicle: Pick<CatalogVehicle, 'make' | 'model'> | null,
): { values: Pick<PriceQuery, AssumedField>; assumptions: Assumption[] } {
  const given = { fuel: request.fuel ?? null, transmission: request.transmission ?? null, powerHp: request.powerHp ?? null };
  const agrees = (v: { fuel: Fuel; transmission: Transmission; powerHp: number }) =>
    (given.fuel === null || v.fuel === given.fuel) &&
    (given.transmission === null || v.transmission === given.transmission) &&
    (given.powerHp === null || v.powerHp === given.powerHp);
  const name = vehicle ? `${vehicle.make} ${vehicle.model}` : 'car';
  let variant: { fuel: Fuel; transmission: Transmission; powerHp: number } | undefined;
  let source = '';
  if (entry) {
    const match = entry.variants.find(agrees) ?? entry.typical;
    variant = match;
    source = `most common variant of the ${entry.trainingRows.toLocaleString('en-US')} ${name} listings`;
  }
  if (!variant && makeTypical) {
    variant = makeTypical;
    source = `most common variant of the ${makeTypical.of.toLocaleString('en-US')} listings of the make (no ${name} listings)`;
  }
  if (!variant) {
    variant = marketTypical;
    source = `most common variant of all ${marketTypical.of.toLocaleString('en-US')} listings`;
  }
  const assumptions: Assumption[] = [];
  const pick = <K extends AssumedField>(field: K): PriceQuery[K] => {
    const value = given[field];
    if (value !== null) return value as PriceQuery[K];
    assumptions.push({ field, value: String(variant![field]), source: `${FIELD_NAMES[field]} of the ${source}` });
    return variant![field] as PriceQuery[K];
  };
  const values = { fuel: pick('fuel'), transmission: pick('transmission'), powerHp: pick('powerHp') };
  if (values.powerHp !== null && !Number.isFinite(values.powerHp)) throw badInput('powerHp must be a number', 'powerHp');
  return { values, assumptions };
}
