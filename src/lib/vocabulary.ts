/** Words of the domain shared by every layer (stored in the database, used by the engines, shown in GraphQL). */
export type Fuel = 'PETROL' | 'DIESEL' | 'HYBRID' | 'ELECTRIC' | 'LPG' | 'CNG';
export type Transmission = 'MANUAL' | 'AUTOMATIC';

export const FUELS: readonly Fuel[] = ['PETROL', 'DIESEL', 'HYBRID', 'ELECTRIC', 'LPG', 'CNG'];
export const TRANSMISSIONS: readonly Transmission[] = ['MANUAL', 'AUTOMATIC'];
