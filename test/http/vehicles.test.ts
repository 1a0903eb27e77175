import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestService, type GraphQLBody, type TestService } from '../helpers/service.js';
import { VehicleSpecsDocument, VehiclesGenerationsDocument, VehiclesPageDocument, type VehiclesGenerationsQuery } from '../generated/operations.js';

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(() => service.stopAndClean());

describe('catalog vehicles over HTTP', () => {
  it('describes a car model: production years, generations with engines and dimensions, and their source', async () => {
    const { data, errors } = await service.gql(VehicleSpecsDocument, { id: 'renault-clio' });
    expect(errors).toBeUndefined();
    const clio = data!.vehicle;
    expect(clio).toMatchObject({ make: 'Renault', model: 'Clio', yearFrom: 1990, yearTo: null, inProduction: true });
    expect(clio.productionYears).toEqual({ from: 1990, to: null, inProduction: true });
    expect(clio.labels).toEqual([{ label: 'clio', origin: 'photo-classes', generation: null, yearFrom: null, yearTo: null }]);
    const years = clio.generations.map((g) => g.yearFrom!);
    expect([...years].sort((a, b) => a - b)).toEqual(years);
    const estate = clio.generations.find((g) => g.name === 'Clio Estate' && g.yearFrom === 2013)!;
    expect(estate).toMatchObject({ yearTo: 2016, bodyStyle: 'Estate', source: 'autoevolution.com, 2020-01-27' });
    expect(estate.url).toMatch(/^https:\/\/www\.autoevolution\.com\/cars\//);
    expect(estate.dimensions.lengthMm).toBeGreaterThan(4000);
    expect(estate.engines.length).toBeGreaterThan(2);
    expect(estate.engines.some((e) => e.fuel === 'DIESEL' && e.transmission === 'MANUAL' && e.drive === 'FWD')).toBe(true);
  });

  it('keeps unknowns null: a photo class without market listings or specs', async () => {
    const { data } = await service.gql(VehicleSpecsDocument, { id: 'mercedes-benz-vito' });
    expect(data!.vehicle).toMatchObject({ productionYears: null, yearFrom: null, generations: [], labels: [] });
  });

  it('maps the photo classes and the class ids of one car onto one vehicle', async () => {
    const { data } = await service.gql(VehicleSpecsDocument, { id: 'bmw-1-series' });
    expect(data!.vehicle.labels.map((l) => l.label)).toEqual([
      'BMW_1_Series_3_doors_LCI_F21_20152017',
      'BMW_1_Series_F20_20112015',
      'BMW_1_Series_LCI_F20_20152017',
      'bmw_serie_1',
    ]);
    const byCode = await service.gql(VehiclesPageDocument, { make: 'BMW', model: '118', first: 5 });
    expect(byCode.data!.vehicles.edges.map((e) => e.node.id)).toEqual(['bmw-1-series']);
  });

  it('loads the generations of a page of 100 vehicles in one batch, not one query per vehicle', async () => {
    const generations = vi.spyOn(service.services.vehicles, 'generations');
    const labels = vi.spyOn(service.services.vehicles, 'labels');
    const body: GraphQLBody<VehiclesGenerationsQuery> = await service.gql(VehiclesGenerationsDocument, { first: 100 });
    expect(body.errors).toBeUndefined();
    const nodes = body.data!.vehicles.edges.map((e) => e.node);
    expect(nodes).toHaveLength(100);
    expect(nodes.filter((n) => n.generations.length > 0).length).toBeGreaterThan(50);
    expect(generations).toHaveBeenCalledTimes(1);
    expect(generations.mock.calls[0][0]).toHaveLength(100);
    expect(labels).toHaveBeenCalledTimes(1);
    generations.mockRestore();
    labels.mockRestore();
  });
});
