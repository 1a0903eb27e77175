/**
 * Database tables (drizzle schema). `npm run db:generate` turns changes here
 * into a SQL migration under migrations/, which is committed and applied on start.
 */
import { sql } from 'drizzle-orm';
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { Fuel, Transmission } from '../pricing/types.js';

const createdAt = () =>
  text('created_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`);

/** The catalog of known car models (one row per model generation or photo class). */
export const vehicleModels = sqliteTable(
  'vehicle_models',
  {
    id: text('id').primaryKey(),
    /** The class id or file it was seeded from, e.g. `AUDI_A6_2018Present` or `clio`. */
    sourceLabel: text('source_label').notNull(),
    make: text('make').notNull(),
    model: text('model').notNull(),
    generation: text('generation'),
    yearFrom: integer('year_from'),
    /** Null with `inProduction` = the generation is still built ("Present"). */
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
    /** Which seed set the row came from: listings, seed-classes, photo-classes. */
    origins: text('origins').notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex('vehicle_models_source_label_idx').on(table.sourceLabel),
    index('vehicle_models_make_model_idx').on(table.make, table.model),
  ],
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

/** Used-car listings: the price training rows. */
export const listings = sqliteTable(
  'listings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    vehicleModelId: text('vehicle_model_id')
      .notNull()
      .references(() => vehicleModels.id),
    make: text('make').notNull(),
    model: text('model').notNull(),
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
    source: text('source').notNull(),
    importedAt: createdAt(),
  },
  (table) => [index('listings_vehicle_model_idx').on(table.vehicleModelId)],
);

/** One training run of the price models; exactly one is active at a time. */
export const priceModelVersions = sqliteTable('price_model_versions', {
  version: integer('version').primaryKey({ autoIncrement: true }),
  active: integer('active', { mode: 'boolean' }).notNull().default(false),
  listingsCount: integer('listings_count').notNull(),
  /** Hash of the training rows, so a restart can tell whether the stored models are current. */
  listingsHash: text('listings_hash').notNull(),
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
  (table) => [index('identifications_created_idx').on(table.createdAt)],
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
export type ListingRow = typeof listings.$inferSelect;
export type NewListingRow = typeof listings.$inferInsert;
export type PriceModelRow = typeof priceModels.$inferSelect;
export type PriceModelVersionRow = typeof priceModelVersions.$inferSelect;
export type IdentificationRow = typeof identifications.$inferSelect;
export type IdentificationReportRow = typeof identificationReports.$inferSelect;
