import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { SEED_PRICE_MODELS, readShippedModels } from '../../src/bootstrap/pricing.js';
import { indexModels } from '../../src/pricing/predict.js';
import { startTestService, type GraphQLBody, type TestService } from '../helpers/service.js';
import { PriceModelCardDocument } from '../generated/operations.js';

const codeOf = (body: GraphQLBody<unknown>) => body.errors?.[0]?.extensions?.code;
const shipped = indexModels(readShippedModels(path.join(loadConfig({}).seedDir, SEED_PRICE_MODELS))!.models);

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(() => service.stopAndClean());

describe('modelCard over HTTP', () => {
  it('says what the active models were trained on, when, and how well they did out of sample', async () => {
    const { data, errors } = await service.gql(PriceModelCardDocument, {});
    expect(errors).toBeUndefined();
    const card = data!.modelCard;
    const { market } = shipped;
    expect(card).toMatchObject({
      modelVersion: 1,
      trainer: market.trainer,
      basis: 'asking prices, AutoScout24 Germany',
      asOf: '2021',
      referenceYear: 2021,
      trainingRows: market.trainingRows,
      carModels: shipped.byCarModel.size,
      makes: Object.keys(market.makes).length,
      modelYearFrom: market.ranges.year[0],
      modelYearTo: market.ranges.year[1],
      intervalLevel: 0.8,
    });
    expect(Date.now() - Date.parse(card.trainedAt)).toBeLessThan(86_400_000);
    expect(card.methods.map((m) => m.method)).toEqual(['gbm', 'gbm-make']);
    expect(card.methods[0]).toMatchObject({ rows: market.trainingRows, mape: market.gbm.metrics.mape, coverage: market.gbm.interval.coverage });
    // Every listing falls in one band of each market method; coverage is near the 80% level.
    for (const method of ['gbm', 'gbm-make']) {
      const bands = card.byPriceBand.filter((b) => b.method === method);
      expect(bands.length).toBeGreaterThanOrEqual(2);
      expect(bands[0].from).toBeNull();
      expect(bands.at(-1)!.to).toBeNull();
      for (let i = 1; i < bands.length; i++) expect(bands[i].from).toBe(bands[i - 1].to);
      expect(bands.reduce((sum, b) => sum + b.rows, 0)).toBe(market.trainingRows);
      for (const band of bands) {
        expect(band.intervalLow).toBeLessThan(0);
        expect(band.intervalHigh).toBeGreaterThan(0);
      }
    }
    expect(card.chosen.rows).toBe([...shipped.byCarModel.values()].reduce((sum, e) => sum + e.trainingRows, 0));
    expect(card.chosen.coverage!).toBeGreaterThan(0.7);
    expect(card.chosen.coverage!).toBeLessThan(0.9);
    expect(card.chosen.methods.reduce((sum, m) => sum + m.carModels, 0)).toBe(shipped.byCarModel.size);
  });

  it('lists car models by listings with the figures of each compared method', async () => {
    const { data } = await service.gql(PriceModelCardDocument, { minListings: 100, first: 1_000 });
    const models = data!.modelCard.byCarModel;
    const expected = [...shipped.byCarModel.values()].filter((e) => e.trainingRows >= 100);
    expect(models).toHaveLength(expected.length);
    const rows = models.map((m) => m.trainingRows);
    expect(rows).toEqual([...rows].sort((a, b) => b - a));
    const golf = models.find((m) => m.vehicleId === 'volkswagen-golf')!;
    const entry = shipped.byCarModel.get('volkswagen-golf')!;
    expect(golf).toMatchObject({ method: entry.kind, trainingRows: entry.trainingRows, mape: entry.metrics.mape, coverage: entry.interval.coverage });
    expect(golf.candidates.find((c) => c.method === golf.method)!.mape).toBe(golf.mape);
    expect((await service.gql(PriceModelCardDocument, {})).data!.modelCard.byCarModel).toHaveLength(50);
  });

  it.each([{ minListings: -1 }, { first: 0 }, { first: 1_001 }])('BAD_USER_INPUT for %o', async (variables) => {
    expect(codeOf(await service.gql(PriceModelCardDocument, variables))).toBe('BAD_USER_INPUT');
  });
});
