/**
 * The PostgreSQL twin of tables.ts (issue #12): the same tables, column names
 * and JS types per column, so one dialect-neutral repository serves both;
 * test/db/pg-tables.test.ts holds the two files together. Column comments are
 * in tables.ts. `npm run db:generate` writes migrations/pg/ from this file.
 */
import { sql } from 'drizzle-orm';
import { boolean, doublePrecision, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import type { Fuel, Transmission } from '../lib/vocabulary.js';

/**
 * The ISO text timestamp SQLite writes (`2026-01-31T12:00:00.000Z`). The
 * statement's start time, like SQLite's 'now', which is fixed per statement.
 */
const createdAt = () =>
  text('created_at')
    .notNull()
    .default(sql`to_char(statement_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

/** SQLite's INTEGER PRIMARY KEY AUTOINCREMENT; "by default" so the seed may still give generation ids. */
const serialId = (name: string) => integer(name).primaryKey().generatedByDefaultAsIdentity();

export const vehicleModels = pgTable(
  'vehicle_models',
  {
    id: text('id').primaryKey(),
    sourceLabel: text('source_label').notNull(),
    make: text('make').notNull(),
    model: text('model').notNull(),
    yearFrom: integer('year_from'),
    yearTo: integer('year_to'),
    inProduction: boolean('in_production').notNull().default(false),
    bodyStyle: text('body_style'),
    bodyStyleSource: text('body_style_source'),
    newPriceEur: doublePrecision('new_price_eur'),
    newPriceSource: text('new_price_source'),
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
    origins: text('origins').notNull(),
    createdAt: createdAt(),
  },
  (table) => [index('vehicle_models_make_model_idx').on(table.make, table.model)],
);

export const vehicleAliases = pgTable(
  'vehicle_aliases',
  {
    id: serialId('id'),
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

export const vehicleLabels = pgTable(
  'vehicle_labels',
  {
    label: text('label').primaryKey(),
    vehicleModelId: text('vehicle_model_id')
      .notNull()
      .references(() => vehicleModels.id, { onDelete: 'cascade' }),
    origin: text('origin').notNull(),
    generation: text('generation'),
    yearFrom: integer('year_from'),
    yearTo: integer('year_to'),
    inProduction: boolean('in_production').notNull().default(false),
  },
  (table) => [index('vehicle_labels_vehicle_idx').on(table.vehicleModelId)],
);

export const vehicleGenerations = pgTable(
  'vehicle_generations',
  {
    id: serialId('id'),
    vehicleModelId: text('vehicle_model_id')
      .notNull()
      .references(() => vehicleModels.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    yearFrom: integer('year_from'),
    yearTo: integer('year_to'),
    inProduction: boolean('in_production').notNull().default(false),
    bodyStyle: text('body_style'),
    lengthMm: integer('length_mm'),
    widthMm: integer('width_mm'),
    heightMm: integer('height_mm'),
    wheelbaseMm: integer('wheelbase_mm'),
    curbWeightKg: integer('curb_weight_kg'),
    url: text('url'),
    source: text('source').notNull(),
  },
  (table) => [index('vehicle_generations_vehicle_idx').on(table.vehicleModelId, table.yearFrom)],
);

export const vehicleEngines = pgTable(
  'vehicle_engines',
  {
    id: serialId('id'),
    generationId: integer('generation_id')
      .notNull()
      .references(() => vehicleGenerations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    powerHp: integer('power_hp'),
    fuel: text('fuel'),
    gearbox: text('gearbox'),
    transmission: text('transmission'),
    drive: text('drive'),
    displacementCc: integer('displacement_cc'),
    curbWeightKg: integer('curb_weight_kg'),
  },
  (table) => [index('vehicle_engines_generation_idx').on(table.generationId)],
);

export const listings = pgTable(
  'listings',
  {
    id: serialId('id'),
    vehicleModelId: text('vehicle_model_id')
      .notNull()
      .references(() => vehicleModels.id),
    make: text('make').notNull(),
    model: text('model').notNull(),
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
    newPriceEur: doublePrecision('new_price_eur'),
    priceEur: doublePrecision('price_eur').notNull(),
    offerType: text('offer_type'),
    source: text('source').notNull(),
    dataset: text('dataset').notNull().default('study-fr'),
    rowHash: text('row_hash').notNull(),
    importedAt: createdAt(),
  },
  (table) => [index('listings_vehicle_model_idx').on(table.vehicleModelId), uniqueIndex('listings_row_hash_idx').on(table.rowHash)],
);

export const priceModelVersions = pgTable('price_model_versions', {
  version: serialId('version'),
  active: boolean('active').notNull().default(false),
  listingsCount: integer('listings_count').notNull(),
  listingsHash: text('listings_hash').notNull(),
  trainer: text('trainer'),
  summary: jsonb('summary'),
  createdAt: createdAt(),
});

export const priceModels = pgTable(
  'price_models',
  {
    id: serialId('id'),
    version: integer('version')
      .notNull()
      .references(() => priceModelVersions.version, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    vehicleModelId: text('vehicle_model_id').references(() => vehicleModels.id),
    chosen: boolean('chosen').notNull().default(false),
    features: jsonb('features').notNull(),
    params: jsonb('params').notNull(),
    trainingRows: integer('training_rows').notNull(),
    mae: doublePrecision('mae'),
    mape: doublePrecision('mape'),
    rmse: doublePrecision('rmse'),
    coverage: doublePrecision('coverage'),
    createdAt: createdAt(),
  },
  (table) => [index('price_models_version_idx').on(table.version, table.vehicleModelId)],
);

export const identifications = pgTable(
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
    confidence: doublePrecision('confidence').notNull(),
    uncertain: boolean('uncertain').notNull(),
    vehicleModelId: text('vehicle_model_id').references(() => vehicleModels.id),
    result: jsonb('result').notNull(),
    createdAt: createdAt(),
  },
  (table) => [index('identifications_created_idx').on(table.createdAt), index('identifications_image_idx').on(table.imageSha256)],
);

export const identificationReports = pgTable(
  'identification_reports',
  {
    id: text('id').primaryKey(),
    identificationId: text('identification_id')
      .notNull()
      .references(() => identifications.id, { onDelete: 'cascade' }),
    correctVehicleModelId: text('correct_vehicle_model_id').references(() => vehicleModels.id),
    comment: text('comment'),
    clientHash: text('client_hash').notNull(),
    createdAt: createdAt(),
  },
  (table) => [index('identification_reports_identification_idx').on(table.identificationId), index('identification_reports_created_idx').on(table.createdAt)],
);

/** Every price estimate answered, for replay (node(id)); see tables.ts. */
export const priceEstimates = pgTable(
  'price_estimates',
  {
    id: text('id').primaryKey(),
    modelVersion: integer('model_version').notNull(),
    asOf: text('as_of'),
    vehicleModelId: text('vehicle_model_id'),
    request: jsonb('request').notNull(),
    result: jsonb('result').notNull(),
    createdAt: createdAt(),
  },
  (table) => [index('price_estimates_created_idx').on(table.createdAt)],
);
