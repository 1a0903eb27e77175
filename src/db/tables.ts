/**
 * Database tables (drizzle schema). `npm run db:generate` turns changes here
 * into a SQL migration under migrations/sqlite/, which is committed and applied on start;
 * src/db/pg-tables.ts is its PostgreSQL twin and must change with it.
 */
import { sql } from 'drizzle-orm';
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { Fuel, Transmission } from '../lib/vocabulary.js';

const createdAt = () =>
  text('created_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`);

/** The catalog: one row per car model (make/model), e.g. `volkswagen-golf`, `bmw-3-series`. */
export const vehicleModels = sqliteTable(
  'vehicle_models',
  {
    /** `slugify(make, model)` of the canonical names (see catalog/market-names.ts). */
    id: text('id').primaryKey(),
    /** The photo class or class id it answers to first, or `market`; all of them are in vehicle_labels. */
    sourceLabel: text('source_label').notNull(),
    make: text('make').notNull(),
    model: text('model').notNull(),
    /** Production years: the span of its generations (null when no source gives them). */
    yearFrom: integer('year_from'),
    /** Null with `inProduction` = a generation is still built. */
    yearTo: integer('year_to'),
    inProduction: integer('in_production', { mode: 'boolean' }).notNull().default(false),
    bodyStyle: text('body_style'),
    bodyStyleSource: text('body_style_source'),
    /** New list price in EUR and where it comes from (e.g. `listings`). */
    newPriceEur: real('new_price_eur'),
    newPriceSource: text('new_price_source'),
    /** Characteristics from the US specs data set where a model matches (see specsSource). */
    powerHpMin: integer('power_hp_min'),
    powerHpMax: integer('power_hp_max'),
    fuelTypes: text('fuel_types'),
    transmissions: text('transmissions'),
    drivenWheels: text('driven_wheels'),
    doors: integer('doors'),
    vehicleSize: text('vehicle_size'),
    msrpUsdMin: integer('msrp_usd_min'),
    msrpUsdMax: integer('msrp_usd_max'),
    specsSource: text('specs_source'),
    /** Where the vehicle was named: market, photo-classes, seed-classes, listings (the study's files). */
    origins: text('origins').notNull(),
    createdAt: createdAt(),
  },
  (table) => [index('vehicle_models_make_model_idx').on(table.make, table.model)],
);

/** Normalised names a car model answers to (accent- and case-insensitive matching). */
export const vehicleAliases = sqliteTable(
  'vehicle_aliases',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    vehicleModelId: text('vehicle_model_id')
      .notNull()
      .references(() => vehicleModels.id, { onDelete: 'cascade' }),
    makeKey: text('make_key').notNull(),
    modelKey: text('model_key').notNull(),
  },
  (table) => [
    uniqueIndex('vehicle_aliases_unique_idx').on(table.vehicleModelId, table.makeKey, table.modelKey),
    index('vehicle_aliases_lookup_idx').on(table.makeKey, table.modelKey),
  ],
);

// ---- Catalog details: labels, generations and engine options (issue #10) ----

/** Photo classes and class ids of the classifiers, each mapped to one vehicle. */
export const vehicleLabels = sqliteTable(
  'vehicle_labels',
  {
    label: text('label').primaryKey(),
    vehicleModelId: text('vehicle_model_id')
      .notNull()
      .references(() => vehicleModels.id, { onDelete: 'cascade' }),
    /** photo-classes or seed-classes. */
    origin: text('origin').notNull(),
    /** Generation and years named by the class id itself (a hint, e.g. `LCI F20`, 2015-2017). */
    generation: text('generation'),
    yearFrom: integer('year_from'),
    yearTo: integer('year_to'),
    inProduction: integer('in_production', { mode: 'boolean' }).notNull().default(false),
  },
  (table) => [index('vehicle_labels_vehicle_idx').on(table.vehicleModelId)],
);

/** Model generations of a vehicle, from a named source (autoevolution.com). */
export const vehicleGenerations = sqliteTable(
  'vehicle_generations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    vehicleModelId: text('vehicle_model_id')
      .notNull()
      .references(() => vehicleModels.id, { onDelete: 'cascade' }),
    /** As the source names it, e.g. `Golf VII 5 Doors`, `3 Series Sedan (F30)`. */
    name: text('name').notNull(),
    yearFrom: integer('year_from'),
    /** Null with `inProduction` (built when the source was scraped). */
    yearTo: integer('year_to'),
    inProduction: integer('in_production', { mode: 'boolean' }).notNull().default(false),
    /** Only where the generation name says it (5 doors, Estate, Convertible...). */
    bodyStyle: text('body_style'),
    lengthMm: integer('length_mm'),
    widthMm: integer('width_mm'),
    heightMm: integer('height_mm'),
    wheelbaseMm: integer('wheelbase_mm'),
    /** Lightest engine option's unladen weight. */
    curbWeightKg: integer('curb_weight_kg'),
    url: text('url'),
    source: text('source').notNull(),
  },
  (table) => [index('vehicle_generations_vehicle_idx').on(table.vehicleModelId, table.yearFrom)],
);

/** Engine options of a generation. */
export const vehicleEngines = sqliteTable(
  'vehicle_engines',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    generationId: integer('generation_id')
      .notNull()
      .references(() => vehicleGenerations.id, { onDelete: 'cascade' }),
    /** As the source names it, e.g. `1.5 dCi 5MT (90 HP)`. */
    name: text('name').notNull(),
    powerHp: integer('power_hp'),
    /** PETROL, DIESEL, HYBRID, ELECTRIC, CNG or ETHANOL. */
    fuel: text('fuel'),
    /** As the source says it, e.g. `6-speed manual`. */
    gearbox: text('gearbox'),
    /** MANUAL or AUTOMATIC, read from the gearbox. */
    transmission: text('transmission'),
    /** FWD, RWD or AWD. */
    drive: text('drive'),
    displacementCc: integer('displacement_cc'),
    curbWeightKg: integer('curb_weight_kg'),
  },
  (table) => [index('vehicle_engines_generation_idx').on(table.generationId)],
);

/** Used-car listings: the price training rows (only rows that passed the cleaning rules). */
export const listings = sqliteTable(
  'listings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    vehicleModelId: text('vehicle_model_id')
      .notNull()
      .references(() => vehicleModels.id),
    /** Make and model as the file wrote them. */
    make: text('make').notNull(),
    model: text('model').notNull(),
    /** Engine code or variant kept by the name mapping ("320", "E 220"). */
    variant: text('variant'),
    modelYear: integer('model_year').notNull(),
    mileageKm: integer('mileage_km').notNull(),
    firstRegistration: text('first_registration'),
    fuel: text('fuel').$type<Fuel>().notNull(),
    transmission: text('transmission').$type<Transmission>().notNull(),
    powerHp: integer('power_hp').notNull(),
    emissionStandard: text('emission_standard'),
    colour: text('colour'),
    bodyType: text('body_type'),
    country: text('country'),
    newPriceEur: real('new_price_eur'),
    priceEur: real('price_eur').notNull(),
    /** Used, Pre-registered, Demonstration, ... where the source says. */
    offerType: text('offer_type'),
    /** File and line the row came from. */
    source: text('source').notNull(),
    /** Format id (see src/listings/sources.ts): says what the prices are and when. */
    dataset: text('dataset').notNull().default('study-fr'),
    /** Hash of the listing's values: re-importing a file adds nothing twice. */
    rowHash: text('row_hash').notNull(),
    importedAt: createdAt(),
  },
  (table) => [index('listings_vehicle_model_idx').on(table.vehicleModelId), uniqueIndex('listings_row_hash_idx').on(table.rowHash)],
);

/** One training run of the price models; exactly one is active at a time. */
export const priceModelVersions = sqliteTable('price_model_versions', {
  version: integer('version').primaryKey({ autoIncrement: true }),
  active: integer('active', { mode: 'boolean' }).notNull().default(false),
  listingsCount: integer('listings_count').notNull(),
  /** Hash of the training rows, so a restart can tell whether the stored models are current. */
  listingsHash: text('listings_hash').notNull(),
  /** Fingerprint of the trainer that fitted them: models of another trainer are retrained. */
  trainer: text('trainer'),
  summary: text('summary', { mode: 'json' }),
  createdAt: createdAt(),
});

/** A fitted price model (coefficients or serialized tree) of one version. */
export const priceModels = sqliteTable(
  'price_models',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    version: integer('version')
      .notNull()
      .references(() => priceModelVersions.version, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    /** Null for models pooled across all car models. */
    vehicleModelId: text('vehicle_model_id').references(() => vehicleModels.id),
    chosen: integer('chosen', { mode: 'boolean' }).notNull().default(false),
    features: text('features', { mode: 'json' }).notNull(),
    params: text('params', { mode: 'json' }).notNull(),
    trainingRows: integer('training_rows').notNull(),
    mae: real('mae'),
    mape: real('mape'),
    rmse: real('rmse'),
    coverage: real('coverage'),
    createdAt: createdAt(),
  },
  (table) => [index('price_models_version_idx').on(table.version, table.vehicleModelId)],
);

/** Stored identifications (never the image bytes). */
export const identifications = sqliteTable(
  'identifications',
  {
    id: text('id').primaryKey(),
    imageSha256: text('image_sha256').notNull(),
    imageWidth: integer('image_width').notNull(),
    imageHeight: integer('image_height').notNull(),
    modelId: text('model_id').notNull(),
    modelVersion: text('model_version').notNull(),
    provider: text('provider').notNull(),
    topLabel: text('top_label').notNull(),
    confidence: real('confidence').notNull(),
    uncertain: integer('uncertain', { mode: 'boolean' }).notNull(),
    vehicleModelId: text('vehicle_model_id').references(() => vehicleModels.id),
    result: text('result', { mode: 'json' }).notNull(),
    createdAt: createdAt(),
  },
  // The image hash index finds a stored identification of the same image (idempotent re-identification).
  (table) => [index('identifications_created_idx').on(table.createdAt), index('identifications_image_idx').on(table.imageSha256)],
);

/** What users say an identification really was: training material for the next classifier run. */
export const identificationReports = sqliteTable(
  'identification_reports',
  {
    id: text('id').primaryKey(),
    identificationId: text('identification_id')
      .notNull()
      .references(() => identifications.id, { onDelete: 'cascade' }),
    /** The catalog vehicle the user says it is; null = "none of these / not listed". */
    correctVehicleModelId: text('correct_vehicle_model_id').references(() => vehicleModels.id),
    comment: text('comment'),
    /** Keyed hash of the client address (rate limiting and abuse review; never the address itself). */
    clientHash: text('client_hash').notNull(),
    createdAt: createdAt(),
  },
  (table) => [index('identification_reports_identification_idx').on(table.identificationId), index('identification_reports_created_idx').on(table.createdAt)],
);

export type VehicleModelRow = typeof vehicleModels.$inferSelect;
export type NewVehicleModelRow = typeof vehicleModels.$inferInsert;
export type VehicleLabelRow = typeof vehicleLabels.$inferSelect;
export type NewVehicleLabelRow = typeof vehicleLabels.$inferInsert;
export type VehicleGenerationRow = typeof vehicleGenerations.$inferSelect;
export type NewVehicleGenerationRow = typeof vehicleGenerations.$inferInsert;
export type VehicleEngineRow = typeof vehicleEngines.$inferSelect;
export type NewVehicleEngineRow = typeof vehicleEngines.$inferInsert;
export type ListingRow = typeof listings.$inferSelect;
export type NewListingRow = typeof listings.$inferInsert;
export type PriceModelRow = typeof priceModels.$inferSelect;
export type PriceModelVersionRow = typeof priceModelVersions.$inferSelect;
export type IdentificationRow = typeof identifications.$inferSelect;
export type IdentificationReportRow = typeof identificationReports.$inferSelect;

/**
 * Every price estimate answered, for replay (node(id)): the request, the car
 * as priced, the model version and the market date of its data.
 */
export const priceEstimates = sqliteTable(
  'price_estimates',
  {
    id: text('id').primaryKey(),
    modelVersion: integer('model_version').notNull(),
    /** Market date of the prices the models were trained on (the data snapshot). */
    asOf: text('as_of'),
    vehicleModelId: text('vehicle_model_id'),
    /** The request as sent (make, model, usage), and the estimate with the car as priced. */
    request: text('request', { mode: 'json' }).notNull(),
    result: text('result', { mode: 'json' }).notNull(),
    createdAt: createdAt(),
  },
  (table) => [index('price_estimates_created_idx').on(table.createdAt)],
);
export type PriceEstimateRow = typeof priceEstimates.$inferSelect;
