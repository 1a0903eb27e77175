import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseListingsCsv } from '../../src/listings/parse-listings.js';
import { startTestService, type GraphQLBody, type TestService } from '../helpers/service.js';
import {
  DepreciationDocument,
  EstimatePriceDocument,
  PriceModelsDocument,
  type EstimatePriceQueryVariables,
} from '../generated/operations.js';

type PriceInput = EstimatePriceQueryVariables['input'];
const base: PriceInput = { make: 'Toyota', model: 'RAV4', year: 2021, mileageKm: 60_000, fuel: 'PETROL', transmission: 'AUTOMATIC', powerHp: 150 };
const codeOf = (body: GraphQLBody<unknown>) => body.errors?.[0]?.extensions?.code;
const fieldOf = (body: GraphQLBody<unknown>) => body.errors?.[0]?.extensions?.field;

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(() => service.stopAndClean());

describe('estimatePrice', () => {
  it.each([
    ['Mercedes', 'Classe E', 2015, 'mercedes-benz-e-class'],
    ['MERCEDES-BENZ', 'e-class', 2015, 'mercedes-benz-e-class'],
    ['bmw', 'Série 3', 2010, 'bmw-3-series'],
    ['BMW', 'Serie 1', 2016, 'bmw-1-series'],
    ['Audi', 'A6', 2020, 'audi-a6'],
    ['toyota', 'rav4', 2021, 'toyota-rav4'],
  ])('finds %s %s among the catalog and prices it with an interval', async (make, model, year, id) => {
    const { data, errors } = await service.gql(EstimatePriceDocument, { input: { ...base, make, model, year } });
    expect(errors).toBeUndefined();
    const estimate = data!.estimatePrice;
    expect(estimate.vehicle!.id).toBe(id);
    expect(estimate.hasListings).toBe(true);
    expect(estimate.low).toBeLessThanOrEqual(estimate.amount);
    expect(estimate.amount).toBeLessThanOrEqual(estimate.high);
    expect(estimate).toMatchObject({ currency: 'EUR', intervalLevel: 0.8, modelVersion: 1 });
    expect(['linear', 'tree', 'pooled', 'pooled-offset']).toContain(estimate.method);
  });

  it('lands close to the real prices of shipped listings', async () => {
    const rows = parseListingsCsv(fs.readFileSync('data/seed/prices/classe_E.csv', 'utf8')).slice(0, 5);
    for (const row of rows) {
      const { data } = await service.gql(EstimatePriceDocument, {
        input: { make: row.make, model: row.model, year: row.modelYear, mileageKm: row.mileageKm, fuel: row.fuel, transmission: row.transmission, powerHp: row.powerHp },
      });
      expect(Math.abs(data!.estimatePrice.amount - row.priceEur) / row.priceEur).toBeLessThan(0.05);
    }
  });

  it('prices a car model without listings from its new price', async () => {
    const input = { ...base, make: 'Renault', model: 'Clio', year: 2019, mileageKm: 50_000, transmission: 'MANUAL' as const, powerHp: 90, newPrice: 18_000 };
    const { data, errors } = await service.gql(EstimatePriceDocument, { input });
    expect(errors).toBeUndefined();
    expect(data!.estimatePrice).toMatchObject({ hasListings: false, newPriceUsed: 18_000, vehicle: { id: 'renault-clio' } });
    expect(data!.estimatePrice.amount).toBeGreaterThan(0);
    expect(data!.estimatePrice.amount).toBeLessThan(18_000);
    const older = await service.gql(EstimatePriceDocument, { input: { ...input, year: 2012, mileageKm: 150_000 } });
    expect(older.data!.estimatePrice.amount).toBeLessThan(data!.estimatePrice.amount);
  });

  it('says what is missing, never 0, for a model with neither listings nor a new price', async () => {
    const body = await service.gql(EstimatePriceDocument, { input: { ...base, make: 'Renault', model: 'Clio' } });
    expect(codeOf(body)).toBe('BAD_USER_INPUT');
    expect(fieldOf(body)).toBe('newPrice');
    expect(body.errors![0].message).toMatch(/Renault Clio.*newPrice/);
    expect(body.data).toBeNull();
  });

  it('prices an unknown car model from a given new price, and refuses it without one', async () => {
    const known = await service.gql(EstimatePriceDocument, { input: { ...base, make: 'Lada', model: 'Samara', newPrice: 20_000 } });
    expect(known.data!.estimatePrice).toMatchObject({ vehicle: null, hasListings: false });
    const unknown = await service.gql(EstimatePriceDocument, { input: { ...base, make: 'Lada', model: 'Samara' } });
    expect(codeOf(unknown)).toBe('BAD_USER_INPUT');
    expect(unknown.errors![0].message).toContain('Lada Samara');
  });

  it.each([
    ['mileageKm', { mileageKm: -1 }],
    ['year', { year: new Date().getFullYear() + 2 }],
    ['year', { year: 1949 }],
    ['powerHp', { powerHp: 0 }],
    ['newPrice', { newPrice: -5 }],
  ])('BAD_USER_INPUT naming %s for %o', async (field, change) => {
    const body = await service.gql(EstimatePriceDocument, { input: { ...base, ...change } });
    expect(codeOf(body)).toBe('BAD_USER_INPUT');
    expect(fieldOf(body)).toBe(field);
  });

  it('BAD_USER_INPUT for an unknown enum value', async () => {
    const body = await service.gql(EstimatePriceDocument, { input: { ...base, fuel: 'STEAM' as never } });
    expect(codeOf(body)).toBe('BAD_USER_INPUT');
    expect(body.errors![0].message).toContain('STEAM');
  });

  it('answers from the stored models after a restart, without retraining', async () => {
    const first = await startTestService();
    const before = await first.gql(EstimatePriceDocument, { input: base });
    await first.close();
    const second = await startTestService({ DATABASE_PATH: first.config.databasePath });
    try {
      const after = await second.gql(EstimatePriceDocument, { input: base });
      expect(after.data).toEqual(before.data);
      const sqlite = new Database(first.config.databasePath, { readonly: true });
      expect(sqlite.prepare('SELECT count(*) AS n FROM price_model_versions').get()).toEqual({ n: 1 });
      sqlite.close();
    } finally {
      await second.stopAndClean();
      fs.rmSync(path.dirname(first.config.databasePath), { recursive: true, force: true });
    }
  });
});

describe('depreciation and stored models', () => {
  it('gives a curve that never rises with age', async () => {
    const { data } = await service.gql(DepreciationDocument, { id: 'toyota-rav4', years: 10 });
    const points = data!.vehicle.depreciation!.points;
    expect(points).toHaveLength(11);
    for (let i = 1; i < points.length; i++) {
      expect(points[i].amount).toBeLessThanOrEqual(points[i - 1].amount);
      expect(points[i].mileageKm).toBeGreaterThan(points[i - 1].mileageKm);
      expect(points[i].low).toBeLessThanOrEqual(points[i].amount);
    }
  });

  it('is null without listings or new price, and drawn from a given new price', async () => {
    const none = await service.gql(DepreciationDocument, { id: 'renault-clio' });
    expect(none.errors).toBeUndefined();
    expect(none.data!.vehicle).toMatchObject({ listingsCount: 0, depreciation: null });
    const given = await service.gql(DepreciationDocument, { id: 'renault-clio', newPrice: 18_000, years: 5 });
    const amounts = given.data!.vehicle.depreciation!.points.map((p) => p.amount);
    expect(amounts).toHaveLength(6);
    // Scaled by the new price given: a typical car of the listings, priced from 18,000 EUR new.
    expect(amounts[0]).toBeGreaterThan(18_000 * 0.7);
    expect(amounts[0]).toBeLessThan(18_000 * 1.3);
    expect(amounts[5]).toBeLessThan(amounts[0]);
    const dearer = await service.gql(DepreciationDocument, { id: 'renault-clio', newPrice: 36_000, years: 5 });
    expect(dearer.data!.vehicle.depreciation!.points[5].amount).toBeGreaterThan(amounts[5]);
  });

  it('lists the compared methods per car model with their cross-validated figures', async () => {
    const { data } = await service.gql(PriceModelsDocument, {});
    const models = data!.priceModels;
    const shared = models.filter((m) => m.vehicle === null);
    expect(shared).toHaveLength(1);
    expect(shared[0]).toMatchObject({ kind: 'pooled', chosen: true, trainingRows: 119 });
    const byVehicle = new Map<string, typeof models>();
    for (const m of models.filter((m) => m.vehicle)) byVehicle.set(m.vehicle!.id, [...(byVehicle.get(m.vehicle!.id) ?? []), m]);
    expect(byVehicle.size).toBe(5);
    for (const [, rows] of byVehicle) {
      expect(rows.filter((r) => r.chosen)).toHaveLength(1);
      expect(rows.map((r) => r.kind)).toEqual(expect.arrayContaining(['linear', 'tree']));
      const chosen = rows.find((r) => r.chosen)!;
      // Cross-validation chose the method with the lowest error.
      for (const row of rows) expect(chosen.mape!).toBeLessThanOrEqual(row.mape! + 1e-12);
      expect(chosen.coverage).toBeGreaterThan(0.6);
    }
  });
});
