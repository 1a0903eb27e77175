import { registerEnumType } from 'type-graphql';
import { FUELS, TRANSMISSIONS } from '../../pricing/types.js';

// Enum objects whose keys equal their values, so GraphQL names and stored strings agree.
const enumOf = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((value) => [value, value])) as { [K in T]: K };

export const Fuel = enumOf(FUELS);
export const Transmission = enumOf(TRANSMISSIONS);

registerEnumType(Fuel, { name: 'Fuel', description: 'Fuel or energy of the car.' });
registerEnumType(Transmission, { name: 'Transmission', description: 'Gearbox.' });

export const IdentificationOutcome = enumOf(['IDENTIFIED', 'AMBIGUOUS', 'UNKNOWN_MODEL'] as const);
export type IdentificationOutcome = keyof typeof IdentificationOutcome;
registerEnumType(IdentificationOutcome, {
  name: 'IdentificationOutcome',
  description: 'How far an identification can be trusted.',
  valuesConfig: {
    IDENTIFIED: { description: 'One of the car models the service knows: trust the top candidate.' },
    AMBIGUOUS: { description: 'One of a few look-alike known models: the candidates say which; ask the user to pick.' },
    UNKNOWN_MODEL: { description: 'A car, but none of the models the service knows; the candidates are only the nearest known models.' },
  },
});

export const VehicleSkipReason = enumOf(['TOO_SMALL', 'OVER_LIMIT'] as const);
export type VehicleSkipReason = keyof typeof VehicleSkipReason;
registerEnumType(VehicleSkipReason, {
  name: 'VehicleSkipReason',
  description: 'Why a detected vehicle was listed without candidates.',
  valuesConfig: {
    TOO_SMALL: { description: 'The box is too small to classify (shorter side under the configured minimum).' },
    OVER_LIMIT: { description: 'More vehicles than the per-photo classification limit; the largest, most central ones were classified.' },
  },
});
