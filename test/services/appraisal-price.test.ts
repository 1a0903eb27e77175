import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import type { Identification } from '../../src/services/identification/types.js';
import { appraisalPrice } from '../../src/services/pricing/appraisal-price.js';
import { startTestService, type TestService } from '../helpers/service.js';

// The pricing service of a real service on the seeded database; identifications as the classifier would give them.
let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(() => service.stopAndClean());

const usage = { year: 2017, mileageKm: 60_000 };
type Identified = Pick<Identification, 'outcome' | 'candidates' | 'vehicle'>;
async function identified(outcome: Identified['outcome'], candidates: [string, string | null, number][]): Promise<Identified> {
  const list = await Promise.all(
    candidates.map(async ([label, id, confidence]) => ({
      label,
      make: null,
      model: null,
      confidence,
      vehicle: id === null ? null : await service.services.vehicles.get(id),
    })),
  );
  return { outcome, candidates: list, vehicle: list[0].vehicle };
}
const width = (p: { low: number; high: number }) => p.high - p.low;

describe('appraisalPrice', () => {
  it('IDENTIFIED: the top candidate\'s estimate, whatever the runners-up', async () => {
    const price = await appraisalPrice(service.services.pricing, await identified('IDENTIFIED', [['clio', 'renault-clio', 0.8], ['sandero', 'dacia-sandero', 0.2]]), usage);
    const clio = await service.services.pricing.estimate({ ...usage, make: 'Renault', model: 'Clio', vehicleId: 'renault-clio' });
    expect(price).toMatchObject({ amount: clio.amount, low: clio.low, high: clio.high, mixed: false });
    expect(price.components).toHaveLength(1);
  });

  it('AMBIGUOUS: a mixture of the candidates, its interval wider the more evenly the probability is spread', async () => {
    const widths: number[] = [];
    for (const top of [0.9, 0.7, 0.5]) {
      const price = await appraisalPrice(service.services.pricing, await identified('AMBIGUOUS', [['sandero', 'dacia-sandero', top], ['q7', 'audi-q7', 1 - top]]), usage);
      expect(price.mixed).toBe(true);
      expect(price.components.map((c) => c.estimate.vehicle!.id).sort()).toEqual(['audi-q7', 'dacia-sandero']);
      const [sandero, q7] = ['dacia-sandero', 'audi-q7'].map((id) => price.components.find((c) => c.estimate.vehicle!.id === id)!);
      expect(sandero.probability).toBeCloseTo(top, 10);
      // Never one confident price: the interval reaches from the cheaper candidate's estimate towards the dearer one.
      expect(price.low).toBeLessThanOrEqual(sandero.estimate.amount);
      expect(price.high).toBeGreaterThan(sandero.estimate.high);
      expect(q7.estimate.amount).toBeGreaterThan(sandero.estimate.amount);
      widths.push(width(price));
    }
    expect(widths[1]).toBeGreaterThan(widths[0]);
    expect(widths[2]).toBeGreaterThan(widths[1]);
  });

  it('merges candidates of one car model and leaves out candidates outside the catalog, saying how much', async () => {
    const price = await appraisalPrice(
      service.services.pricing,
      await identified('AMBIGUOUS', [['clio', 'renault-clio', 0.4], ['clio-estate', 'renault-clio', 0.2], ['mystery', null, 0.2], ['sandero', 'dacia-sandero', 0.2]]),
      usage,
    );
    expect(price.components.map((c) => c.labels)).toEqual([['clio', 'clio-estate'], ['sandero']]);
    expect(price.components[0].probability).toBeCloseTo(0.75, 10);
    expect(price.components[1].probability).toBeCloseTo(0.25, 10);
    expect(price.unpricedProbability).toBeCloseTo(0.2, 10);
  });

  it('UNKNOWN_MODEL and a top candidate outside the catalog are not priced (BAD_USER_INPUT naming the image)', async () => {
    for (const identification of [await identified('UNKNOWN_MODEL', [['clio', 'renault-clio', 0.9]]), await identified('IDENTIFIED', [['mystery', null, 0.9]])]) {
      let error: unknown;
      try {
        await appraisalPrice(service.services.pricing, identification, usage);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'image' } });
    }
  });
});
