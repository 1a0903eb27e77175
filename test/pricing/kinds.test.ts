import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { outOfFold } from '../../src/pricing/cv.js';
import { PRICE_MODEL_KINDS, PRICE_MODELS, priceModelRegistry, type PriceModelKind } from '../../src/pricing/kinds/index.js';
import { withinListings } from '../../src/pricing/kinds/own-fit.js';
import { estimate, indexModels } from '../../src/pricing/predict.js';
import { formatPriceModelReport } from '../../src/pricing/report.js';
import { trainPriceModels, trainerFingerprint, type OutOfFold, type TrainOptions } from '../../src/pricing/train.js';
import {
  CAR_MODEL_METHODS,
  PRICE_METHODS,
  type CandidateResult,
  type CarModelMethod,
  type CarModelPriceModel,
  type LinearParams,
  type PriceMethod,
  type PriceQuery,
} from '../../src/pricing/types.js';
import { marketSamples } from '../helpers/listings.js';

describe('the registry of price-model kinds', () => {
  it('has one kind for every method, with a label and a summary', () => {
    expect(Object.keys(PRICE_MODEL_KINDS).sort()).toEqual([...PRICE_METHODS].sort());
    for (const method of PRICE_METHODS) {
      const kind = PRICE_MODELS.kind(method);
      expect(kind.method).toBe(method);
      expect(kind.describe.label.trim()).not.toBe('');
      expect(kind.describe.summary.trim().length).toBeGreaterThan(20);
      // Every kind answers in some role: per car model with listings, or for car models without.
      expect(kind.carModel ?? kind.unseen).toBeDefined();
    }
    // Stored candidates keep their order: stored models are compared byte for byte.
    expect(PRICE_MODELS.carModelKinds.map((kind) => kind.method)).toEqual(CAR_MODEL_METHODS);
    expect(PRICE_MODELS.unseenKinds.map((kind) => kind.method)).toEqual(['pooled', 'gbm-make-new-price', 'gbm-make']);
    expect(new Set(PRICE_MODELS.kinds.map((kind) => kind.preference)).size).toBe(PRICE_METHODS.length);
    expect(PRICE_MODELS.fallback.method).toBe('gbm');
    expect(() => PRICE_MODELS.kind('median')).toThrow(/Unknown price-model kind "median"/);
    expect(() => PRICE_MODELS.carModelKind('gbm-make')).toThrow(/not fitted per car model/);
  });

  it('is what the docs list: the README method table and the GraphQL description of PriceEstimate.method', () => {
    const readme = fs.readFileSync('README.md', 'utf8');
    const table = readme.slice(readme.indexOf('| method | what it is | used for |')).split('\n\n')[0];
    const listed = table.split('\n').flatMap((row) => [...(row.split('|')[1] ?? '').matchAll(/`([a-z-]+)`/g)].map((m) => m[1]));
    expect(listed.sort()).toEqual([...PRICE_METHODS].sort());
    const sdl = fs.readFileSync('schema/schema.graphql', 'utf8');
    for (const method of PRICE_METHODS) expect(sdl).toContain(`"${method}"`);
  });
});

// A kind only this test knows: the car model's geometric mean price, i.e. a linear fit without features.
const meanLog = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
const constant: PriceModelKind = {
  // The cast stands for the line a real kind adds to PriceMethod.
  method: 'constant' as PriceMethod,
  preference: 100,
  describe: { label: 'const', summary: "the geometric mean price of the car model's listings" },
  carModel: {
    crossValidate: (cv) => ({
      predictions: outOfFold(cv.folds, (train, test) => test.map(() => Math.exp(meanLog(train.map((i) => cv.logPrices[i]))))),
    }),
    fit: (cv): LinearParams => ({ intercept: meanLog(cv.logPrices), coefficients: [], features: [] }),
    predict: ({ entry, query }) =>
      withinListings(entry, query) ? { value: Math.exp((entry.params as LinearParams).intercept), newPriceUsed: null } : null,
  },
};

// Awaited: the listings helper reads the template database, asynchronously once repositories are.
const samples = await marketSamples(['dacia-sandero', 'fiat-500']);

describe('a kind added in a file of its own', () => {
  const registry = priceModelRegistry([...Object.values(PRICE_MODEL_KINDS), constant], 'gbm');
  const options: TrainOptions = {
    gbm: { rounds: 30, learningRate: 0.25, maxLeaves: 16, minLeafRows: 10, l2: 5 },
    methods: ['constant' as CarModelMethod],
    registry,
  };
  let oof: OutOfFold | null = null;
  const models = trainPriceModels(samples, { ...options, onOutOfFold: (data) => (oof = data) });
  const entries = models.slice(1) as CarModelPriceModel[];
  const set = indexModels(models, registry);

  it('is cross-validated on the trainer folds, chosen, fitted and stored like the built-in kinds', () => {
    expect(entries.map((e) => [e.carModel, e.kind])).toEqual([
      ['dacia-sandero', 'constant'],
      ['fiat-500', 'constant'],
    ]);
    const { samples: rows, predictions } = oof!;
    const outOfFold = (predictions as Record<string, (number | null)[]>).constant;
    for (const entry of entries) {
      const own = rows.flatMap((s, i) => (s.carModel === entry.carModel ? [{ price: s.price, predicted: outOfFold[i]! }] : []));
      const logPrices = own.map((r) => Math.log(r.price));
      expect(entry.params).toEqual({ intercept: meanLog(logPrices), coefficients: [], features: [] });
      // One prediction per fold (5 folds), none of them the mean of all rows.
      expect(new Set(own.map((r) => r.predicted)).size).toBe(5);
      expect(own.map((r) => r.predicted)).not.toContain(Math.exp(meanLog(logPrices)));
      const candidate = (entry.candidates as Record<string, CandidateResult | null>).constant!;
      const mape = own.reduce((sum, r) => sum + Math.abs(r.predicted - r.price) / r.price, 0) / own.length;
      expect(candidate.metrics.rows).toBe(own.length);
      expect(candidate.metrics.mape).toBeCloseTo(mape, 12);
      expect(entry.metrics).toEqual(candidate.metrics);
      // Not allowed, so not compared; but the fallback's figures are kept, for the queries it answers.
      expect(entry.candidates.linear).toBeNull();
      expect(entry.candidates.gbm!.metrics.rows).toBe(own.length);
    }
    expect(trainerFingerprint(options)).not.toBe(trainerFingerprint({ ...options, registry: PRICE_MODELS }));
  });

  it('answers estimates through the same path, falls back to gbm outside the listings, and shows in the report', () => {
    const sandero = entries[0];
    const query: PriceQuery = { carModel: sandero.carModel, make: sandero.make, ...sandero.typical, year: sandero.ranges.year[1], mileageKm: 30_000, newPrice: null };
    const result = estimate(set, query);
    expect(result).toMatchObject({ method: 'constant', fallbackFrom: null, expectedError: sandero.metrics.mape });
    expect(estimate(set, query, { method: 'gbm' })).toMatchObject({ method: 'gbm', expectedError: sandero.candidates.gbm!.metrics.mape });
    expect(result.amount).toBe(Math.round(Math.exp((sandero.params as LinearParams).intercept)));
    // The same for every car of the model within its listings: the kind has no features.
    expect(estimate(set, { ...query, mileageKm: 90_000 }).amount).toBe(result.amount);
    expect(estimate(set, { ...query, fuel: 'ELECTRIC' })).toMatchObject({ method: 'gbm', fallbackFrom: 'constant', expectedError: sandero.candidates.gbm!.metrics.mape });
    expect(() => estimate(indexModels(models), query)).toThrow(/Unknown price-model kind "constant"/);
    const report = formatPriceModelReport(models, 0, registry);
    expect(report).toMatch(/Car model\s+Rows\s+gbm\s+linear\s+tree\s+blend\s+pooled\s+pooled\+offset\s+const\s+chosen/);
    expect(report).toContain("constant: the geometric mean price of the car model's listings");
  });
});
