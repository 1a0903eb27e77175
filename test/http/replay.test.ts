import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../helpers/service.js';
import { RateOfferDocument, RecordedEstimateDocument, StoredNodeDocument } from '../generated/operations.js';

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(() => service.stopAndClean());

const golf = { make: 'VW', model: 'Golf', year: 2016, mileageKm: 90_000 };

describe('replayable estimates over HTTP', () => {
  it('stores every estimate with its inputs, model version and data date; node(id) answers it again as it was', async () => {
    const { data, errors } = await service.gql(RecordedEstimateDocument, { input: golf });
    expect(errors).toBeUndefined();
    const estimate = data!.estimatePrice;
    expect(estimate.id).toMatch(/^est_[0-9a-f-]{36}$/);
    const again = await service.gql(StoredNodeDocument, { id: estimate.id });
    expect(again.errors).toBeUndefined();
    const node = again.data!.node!;
    expect(node.__typename).toBe('PriceEstimate');
    if (node.__typename !== 'PriceEstimate') throw new Error('not an estimate');
    const { explanation, __typename, ...stored } = node;
    expect(stored).toEqual(estimate);
    // A replayed estimate still explains itself (same model version).
    expect(Math.round(explanation.baseline * 100) + explanation.contributions.reduce((s, c) => s + Math.round(c.amountEur * 100), 0)).toBe(estimate.amount * 100);

    const sqlite = new Database(service.config.databasePath, { readonly: true });
    try {
      const row = sqlite.prepare('SELECT model_version, as_of, vehicle_model_id, request, result FROM price_estimates WHERE id = ?').get(estimate.id) as Record<string, string | number>;
      expect(row).toMatchObject({ model_version: estimate.modelVersion, as_of: '2021', vehicle_model_id: 'volkswagen-golf' });
      expect(JSON.parse(row.request as string)).toMatchObject(golf);
      expect(JSON.parse(row.result as string).query).toMatchObject({ carModel: 'volkswagen-golf', year: 2016, mileageKm: 90_000 });
    } finally {
      sqlite.close();
    }
  });

  it('gives each answer its own id, rateOffer\'s estimate included', async () => {
    const first = (await service.gql(RecordedEstimateDocument, { input: golf })).data!.estimatePrice;
    const second = (await service.gql(RecordedEstimateDocument, { input: golf })).data!.estimatePrice;
    expect(second.id).not.toBe(first.id);
    expect(second.amount).toBe(first.amount);
    const rated = await service.gql(RateOfferDocument, { input: golf, askingPrice: 12_000 });
    expect(rated.errors).toBeUndefined();
    const ratedEstimate = rated.data!.rateOffer.estimate;
    const node = (await service.gql(StoredNodeDocument, { id: ratedEstimate.id })).data!.node;
    expect(node).toMatchObject({ __typename: 'PriceEstimate', id: ratedEstimate.id, amount: ratedEstimate.amount });
  });

  it('sweeps estimates older than the retention window', async () => {
    const { id } = (await service.gql(RecordedEstimateDocument, { input: golf })).data!.estimatePrice;
    const DAY = 86_400_000;
    expect(await service.services.estimates.sweep(30 * DAY)).toBe(0);
    expect((await service.gql(StoredNodeDocument, { id })).data!.node).not.toBeNull();
    // 31 days later: every estimate stored so far is past the window.
    expect(await service.services.estimates.sweep(30 * DAY, new Date(Date.now() + 31 * DAY))).toBeGreaterThanOrEqual(1);
    expect((await service.gql(StoredNodeDocument, { id })).data!.node).toBeNull();
  });

  it('answers null for an id it does not have', async () => {
    for (const id of ['est_00000000-0000-0000-0000-000000000000', 'no-such-identification', 'x'.repeat(500)]) {
      const { data, errors } = await service.gql(StoredNodeDocument, { id });
      expect(errors).toBeUndefined();
      expect(data!.node).toBeNull();
    }
  });
});
