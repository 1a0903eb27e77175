/** Catalog rows as domain values (comma lists split, dimensions grouped). */
import type { GenerationWithEngines } from '../../db/repositories/vehicles.js';
import type { VehicleLabelRow, VehicleModelRow } from '../../db/tables.js';
import type { CatalogVehicle, VehicleGeneration, VehicleLabel } from './types.js';

const list = (value: string | null): string[] => (value ? value.split(',').filter(Boolean) : []);

export function toVehicle(row: VehicleModelRow): CatalogVehicle {
  return {
    id: row.id,
    make: row.make,
    model: row.model,
    generation: null,
    yearFrom: row.yearFrom,
    yearTo: row.yearTo,
    inProduction: row.inProduction,
    productionYears: row.yearFrom === null ? null : { from: row.yearFrom, to: row.yearTo, inProduction: row.inProduction },
    bodyStyle: row.bodyStyle,
    bodyStyleSource: row.bodyStyleSource,
    newPrice: row.newPriceEur,
    newPriceSource: row.newPriceSource,
    sourceLabel: row.sourceLabel,
    characteristics: {
      powerHpMin: row.powerHpMin,
      powerHpMax: row.powerHpMax,
      fuelTypes: list(row.fuelTypes),
      transmissions: list(row.transmissions),
      drivenWheels: list(row.drivenWheels),
      doors: row.doors,
      vehicleSize: row.vehicleSize,
      msrpUsdMin: row.msrpUsdMin,
      msrpUsdMax: row.msrpUsdMax,
      source: row.specsSource,
    },
  };
}

export function toGeneration({ lengthMm, widthMm, heightMm, wheelbaseMm, curbWeightKg, engines, ...row }: GenerationWithEngines): VehicleGeneration {
  return {
    name: row.name,
    yearFrom: row.yearFrom,
    yearTo: row.yearTo,
    inProduction: row.inProduction,
    bodyStyle: row.bodyStyle,
    dimensions: { lengthMm, widthMm, heightMm, wheelbaseMm, curbWeightKg },
    engines: engines.map(({ id: _id, generationId: _generation, ...engine }) => engine),
    source: row.source,
    url: row.url,
  };
}

export function toLabel({ label, origin, generation, yearFrom, yearTo, inProduction }: VehicleLabelRow): VehicleLabel {
  return { label, origin, generation, yearFrom, yearTo, inProduction };
}
