import { registerEnumType } from 'type-graphql';
import { FUELS, TRANSMISSIONS } from '../../pricing/types.js';

// Enum objects whose keys equal their values, so GraphQL names and stored strings agree.
const enumOf = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((value) => [value, value])) as { [K in T]: K };

export const Fuel = enumOf(FUELS);
export const Transmission = enumOf(TRANSMISSIONS);

registerEnumType(Fuel, { name: 'Fuel', description: 'Fuel or energy of the car.' });
registerEnumType(Transmission, { name: 'Transmission', description: 'Gearbox.' });
