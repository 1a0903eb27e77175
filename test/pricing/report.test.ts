import { describe, expect, it } from 'vitest';

import { formatPriceModelReport } from '../../src/pricing/report.js';
import { trainPriceModels } from '../../src/pricing/train.js';
import type { CarModelPriceModel } from '../../src/pricing/types.js';
import { REFERENCE_YEAR, seedSamples } from './seed.js';

describe('formatPriceModelReport', () => {
  it('tabulates every car model with each method, the choice and the coverage', () => {
    // Linear and pooled only, to keep this test fast and to show '-' for the tree.
    const models = trainPriceModels(seedSamples(), { referenceYear: REFERENCE_YEAR, methods: ['linear', 'pooled', 'pooled-offset'] });
    const text = formatPriceModelReport(models);
    const lines = text.split('\n');
    const header = lines.find((line) => line.startsWith('Car model'))!;
    for (const column of ['Rows', 'Linear', 'Tree', 'Pooled', 'Pooled+offset', 'Chosen', 'Coverage']) {
      expect(header).toContain(column);
    }
    for (const entry of models.filter((m): m is CarModelPriceModel => m.carModel !== null)) {
      const row = lines.find((line) => line.startsWith(entry.carModel))!;
      expect(row).toBeDefined();
      const cells = row.split(/\s{2,}/);
      expect(cells[1]).toBe(String(entry.trainingRows));
      expect(cells[2]).toBe(`${(entry.candidates.linear!.metrics.mape * 100).toFixed(2)}%`);
      expect(cells[3]).toBe('-');
      expect(cells[6]).toBe(entry.kind);
      expect(cells[7]).toBe(`${Math.round(entry.interval.coverage! * 100)}%`);
    }
    expect(text).toMatch(/without listings .*leave-one-car-model-out.*MAPE \d+\.\d\d%/);
    expect(text).toMatch(/prior strength k = \d/);
  });
});
