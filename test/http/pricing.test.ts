import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainerFingerprint } from '../../src/pricing/train.js';
import { startTestService, type GraphQLBody, type TestService } from '../helpers/service.js';
import {
  DepreciationDocument,
  EstimatePriceDocument,
  PriceModelsDocument,
  type EstimatePriceQueryVariables,
} from '../generated/operations.js';

type PriceInput = EstimatePriceQueryVariables['input'];
const golf: PriceInput = { make: 'Volkswagen', model: 'Golf', year: 2016, mileageKm: 90_000, fuel: 'PETROL', transmission: 'MANUAL', powerHp: 110 };
const codeOf = (body: GraphQLBody<unknown>) => body.errors?.[0]?.extensions?.code;
const fieldOf = (body: GraphQLBody<unknown>) => body.errors?.[0]?.extensions?.field;

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(() => service.stopAndClean());

describe('estimatePrice on the market listings', () => {
  it.each([
    ['Mercedes', 'Classe E', 'mercedes-benz-e-class'],
    ['MERCEDES-BENZ', 'E 220', 'mercedes-benz-e-class'],
    ['bmw', 'Série 3', 'bmw-3-series'],
    ['BMW', '320', 'bmw-3-series'],
    ['BMW', '118d', 'bmw-1-series'],
    ['VW', 'golf', 'volkswagen-golf'],
    ['Dacia', 'Sandero', 'dacia-sandero'],
  ])('finds %s %s (any case, language or engine code) and prices it from its listings', async (make, model, id) => {
    const { data, errors } = await service.gql(EstimatePriceDocument, { input: { ...golf, make, model } });
    expect(errors).toBeUndefined();
    const estimate = data!.estimatePrice;
    expect(estimate.vehicle!.id).toBe(id);
    expect(estimate).toMatchObject({ hasListings: true, currency: 'EUR', intervalLevel: 0.8, asOf: '2021', basis: 'asking prices, AutoScout24 Germany' });
    expect(estimate.listingsCount).toBeGreaterThanOrEqual(20);
    expect(estimate.low).toBeLessThan(estimate.amount);
    expect(estimate.amount).toBeLessThan(estimate.high);
    expect(['gbm', 'linear', 'tree', 'blend']).toContain(estimate.method);
    expect(estimate.assumptions).toEqual([]);
  });

  it('needs only year and mileage: fuel, gearbox and power come from the most common variant, and the answer says so', async () => {
    const { data, errors } = await service.gql(EstimatePriceDocument, { input: { make: 'Dacia', model: 'Sandero', year: 2018, mileageKm: 40_000 } });
    expect(errors).toBeUndefined();
    const estimate = data!.estimatePrice;
    expect(estimate.assumptions.map((a) => a.field)).toEqual(['fuel', 'transmission', 'powerHp']);
    for (const assumption of estimate.assumptions) expect(assumption.source).toMatch(/most common variant of the \d[\d,]* Dacia Sandero listings/);
    expect(estimate.car).toMatchObject({ year: 2018, mileageKm: 40_000, fuel: estimate.assumptions[0].value, powerHp: Number(estimate.assumptions[2].value) });
    // A variant that agrees with what was given: a diesel Sandero gets a diesel's power.
    const diesel = await service.gql(EstimatePriceDocument, { input: { make: 'Dacia', model: 'Sandero', year: 2018, mileageKm: 40_000, fuel: 'DIESEL' } });
    expect(diesel.data!.estimatePrice.assumptions.map((a) => a.field)).toEqual(['transmission', 'powerHp']);
    expect(diesel.data!.estimatePrice.car.fuel).toBe('DIESEL');
  });

  it('prices a catalog car model without listings from its make, with a method that says so and a wider interval', async () => {
    const { data, errors } = await service.gql(EstimatePriceDocument, { input: { make: 'Renault', model: 'Symbol', year: 2015, mileageKm: 80_000 } });
    expect(errors).toBeUndefined();
    const estimate = data!.estimatePrice;
    expect(estimate).toMatchObject({ vehicle: { id: 'renault-symbol' }, hasListings: false, method: 'gbm-make' });
    expect(estimate.assumptions[0].source).toMatch(/listings of the make/);
    const clio = (await service.gql(EstimatePriceDocument, { input: { make: 'Renault', model: 'Clio', year: 2015, mileageKm: 80_000 } })).data!.estimatePrice;
    expect((estimate.high - estimate.low) / estimate.amount).toBeGreaterThan((clio.high - clio.low) / clio.amount);
  });

  it('prices an unknown model of a known make, and a given new price helps a car of an unknown make', async () => {
    const known = await service.gql(EstimatePriceDocument, { input: { ...golf, model: 'Kombi T1' } });
    expect(known.data!.estimatePrice).toMatchObject({ vehicle: null, hasListings: false, method: 'gbm-make' });
    const nothing = await service.gql(EstimatePriceDocument, { input: { ...golf, make: 'Trabant', model: '601' } });
    expect(codeOf(nothing)).toBe('BAD_USER_INPUT');
    expect(fieldOf(nothing)).toBe('make');
    const withNewPrice = await service.gql(EstimatePriceDocument, { input: { ...golf, make: 'Trabant', model: '601', newPrice: 12_000 } });
    expect(withNewPrice.data!.estimatePrice).toMatchObject({ method: 'gbm-make-new-price', newPriceUsed: 12_000 });
  });

  it.each([
    ['mileageKm', { mileageKm: -1 }],
    ['mileageKm', { mileageKm: 3_000_000 }],
    ['year', { year: 2035 }],
    ['year', { year: 1995 }],
    ['powerHp', { powerHp: 0 }],
    ['newPrice', { newPrice: -5 }],
    ['newPrice', { newPrice: 1e308 }],
  ])('BAD_USER_INPUT naming %s for %o (outside what the data supports)', async (field, change) => {
    const body = await service.gql(EstimatePriceDocument, { input: { ...golf, ...change } });
    expect(codeOf(body)).toBe('BAD_USER_INPUT');
    expect(fieldOf(body)).toBe(field);
    expect(body.data).toBeNull();
  });

  it('BAD_USER_INPUT for an unknown enum value', async () => {
    const body = await service.gql(EstimatePriceDocument, { input: { ...golf, fuel: 'STEAM' as never } });
    expect(codeOf(body)).toBe('BAD_USER_INPUT');
    expect(body.errors![0].message).toContain('STEAM');
  });

  it('answers from the stored models after a restart, without retraining', async () => {
    const first = await startTestService();
    const before = await first.gql(EstimatePriceDocument, { input: golf });
    await first.close();
    const second = await startTestService({ DATABASE_PATH: first.config.databasePath });
    try {
      const after = await second.gql(EstimatePriceDocument, { input: golf });
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

describe('stored models of another trainer', () => {
  it('are not reused: a start with a changed trainer fingerprint replaces them by models of this trainer', async () => {
    const first = await startTestService();
    await first.close();
    const file = first.config.databasePath;
    const sqlite = new Database(file);
    sqlite.prepare("UPDATE price_model_versions SET trainer = 'an-older-trainer'").run();
    sqlite.close();
    const second = await startTestService({ DATABASE_PATH: file });
    try {
      const check = new Database(file, { readonly: true });
      const versions = check.prepare('SELECT version, active, trainer FROM price_model_versions ORDER BY version').all() as { active: number; trainer: string }[];
      check.close();
      expect(versions).toHaveLength(2);
      expect(versions[1]).toMatchObject({ active: 1, trainer: trainerFingerprint() });
      expect((await second.gql(EstimatePriceDocument, { input: golf })).data!.estimatePrice.modelVersion).toBe(2);
    } finally {
      await second.stopAndClean();
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });
});

describe('depreciation and stored models', () => {
  it('gives a curve over the years the data supports that never rises with age', async () => {
    const { data, errors } = await service.gql(DepreciationDocument, { id: 'volkswagen-golf', years: 10 });
    expect(errors).toBeUndefined();
    const curve = data!.vehicle.depreciation!;
    expect(curve.points).toHaveLength(11);
    for (let i = 1; i < curve.points.length; i++) {
      expect(curve.points[i].amount).toBeLessThanOrEqual(curve.points[i - 1].amount);
      expect(curve.points[i].mileageKm).toBeGreaterThan(curve.points[i - 1].mileageKm);
      expect(curve.points[i].low).toBeLessThanOrEqual(curve.points[i].amount);
    }
    expect(data!.vehicle.listingsCount).toBeGreaterThan(1000);
  });

  it('draws a curve for a car model without listings from its make', async () => {
    const { data } = await service.gql(DepreciationDocument, { id: 'renault-symbol', years: 5 });
    expect(data!.vehicle.listingsCount).toBe(0);
    expect(data!.vehicle.depreciation!.method).toBe('gbm-make');
  });

  it('lists the compared methods per car model with their cross-validated figures', async () => {
    const { data } = await service.gql(PriceModelsDocument, { vehicleId: 'volkswagen-golf' });
    const rows = data!.priceModels;
    expect(rows.map((r) => r.kind).sort()).toEqual(['blend', 'gbm', 'linear', 'tree']);
    expect(rows.filter((r) => r.chosen)).toHaveLength(1);
    const chosen = rows.find((r) => r.chosen)!;
    for (const row of rows) expect(chosen.mape!).toBeLessThanOrEqual(row.mape! + 1e-12);
    expect(chosen.coverage).toBeGreaterThan(0.7);
    const market = (await service.gql(PriceModelsDocument, {})).data!.priceModels.filter((m) => m.vehicle === null);
    expect(market).toHaveLength(1);
    expect(market[0]).toMatchObject({ kind: 'market', chosen: true });
    expect(market[0].trainingRows).toBeGreaterThan(36_000);
  });
});
