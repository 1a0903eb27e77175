/**
 * The catalog as the use cases see it. Vocabulary, used everywhere:
 * a **vehicle** is one catalog entry, a make and model with all its
 * generations (id `slugify(make, model)`, e.g. `volkswagen-golf`); a
 * **label** is a class name of a classifier (a photo class or one of the
 * study's class ids), each mapped to exactly one vehicle. The pricing
 * engine's `carModel` key is a vehicle id.
 */
export interface VehicleCharacteristics {
  powerHpMin: number | null;
  powerHpMax: number | null;
  fuelTypes: string[];
  transmissions: string[];
  drivenWheels: string[];
  doors: number | null;
  vehicleSize: string | null;
  msrpUsdMin: number | null;
  msrpUsdMax: number | null;
  source: string | null;
}

export interface CatalogVehicle {
  id: string;
  make: string;
  model: string;
  /** Always null: a vehicle spans its generations (kept for old clients). */
  generation: string | null;
  yearFrom: number | null;
  yearTo: number | null;
  inProduction: boolean;
  productionYears: { from: number; to: number | null; inProduction: boolean } | null;
  bodyStyle: string | null;
  bodyStyleSource: string | null;
  newPrice: number | null;
  newPriceSource: string | null;
  /** The first label the vehicle answers to, or `market`. */
  sourceLabel: string;
  characteristics: VehicleCharacteristics;
}

export interface EngineOption {
  name: string;
  powerHp: number | null;
  fuel: string | null;
  gearbox: string | null;
  transmission: string | null;
  drive: string | null;
  displacementCc: number | null;
  curbWeightKg: number | null;
}

export interface VehicleGeneration {
  name: string;
  yearFrom: number | null;
  yearTo: number | null;
  inProduction: boolean;
  bodyStyle: string | null;
  dimensions: { lengthMm: number | null; widthMm: number | null; heightMm: number | null; wheelbaseMm: number | null; curbWeightKg: number | null };
  engines: EngineOption[];
  source: string;
  url: string | null;
}

export interface VehicleLabel {
  label: string;
  origin: string;
  generation: string | null;
  yearFrom: number | null;
  yearTo: number | null;
  inProduction: boolean;
}

/** A page of vehicles with Relay-style cursors. */
export interface VehiclePage {
  edges: { cursor: string; node: CatalogVehicle }[];
  nodes: CatalogVehicle[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}
