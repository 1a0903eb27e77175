/** Maps catalog rows to the GraphQL Vehicle shape. */
import type { VehicleModelRow } from '../db/tables.js';
import type { Vehicle } from '../graphql/types/vehicle.type.js';

const list = (value: string | null): string[] => (value ? value.split(',').filter(Boolean) : []);

export function toVehicle(row: VehicleModelRow): Vehicle {
  return {
    id: row.id,
    make: row.make,
    model: row.model,
    generation: row.generation,
    yearFrom: row.yearFrom,
    yearTo: row.yearTo,
    inProduction: row.inProduction,
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
