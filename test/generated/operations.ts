/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A date-time string at UTC, such as 2007-12-03T10:15:30Z, compliant with the `date-time` format outlined in section 5.6 of the RFC 3339 profile of the ISO 8601 standard for representation of dates and times using the Gregorian calendar.This scalar is serialized to a string in ISO 8601 format and parsed from a string in ISO 8601 format. */
  DateTimeISO: { input: string; output: string; }
};

/** A rectangle in original-image pixels (after EXIF rotation). */
export type BoundingBox = {
  __typename?: 'BoundingBox';
  height: Scalars['Int']['output'];
  width: Scalars['Int']['output'];
  x: Scalars['Int']['output'];
  y: Scalars['Int']['output'];
};

/** One possible car model for the photo. */
export type Candidate = {
  __typename?: 'Candidate';
  /** Calibrated probability, 0..1. */
  confidence: Scalars['Float']['output'];
  /** Class id of the classifier, e.g. the photo folder name "clio". */
  label: Scalars['String']['output'];
  make: Maybe<Scalars['String']['output']>;
  model: Maybe<Scalars['String']['output']>;
  vehicle: Maybe<Vehicle>;
};

/** Service health, as /ready reports it. */
export type Health = {
  __typename?: 'Health';
  database: Scalars['Boolean']['output'];
  listings: Scalars['Int']['output'];
  migrationsApplied: Scalars['Int']['output'];
  models: Array<ModelStatus>;
  /** Active price model version. */
  priceModelVersion: Maybe<Scalars['Int']['output']>;
  /** "ok" when the service can answer every query, else "degraded". */
  status: Scalars['String']['output'];
  uptimeSeconds: Scalars['Int']['output'];
  vehicles: Scalars['Int']['output'];
  version: Scalars['String']['output'];
};

/** The car identified in a photo. */
export type Identification = {
  __typename?: 'Identification';
  /** Coarse body type from the ImageNet classes, when clear. */
  bodyType: Maybe<Scalars['String']['output']>;
  /** The vehicle the classifier looked at. */
  boundingBox: Maybe<BoundingBox>;
  /** Most likely first. */
  candidates: Array<Candidate>;
  /** Calibrated probability of the top candidate. */
  confidence: Scalars['Float']['output'];
  createdAt: Scalars['DateTimeISO']['output'];
  id: Scalars['ID']['output'];
  image: ImageInfo;
  model: ModelInfo;
  /** Execution provider that ran the classifier (cuda or cpu). */
  provider: Scalars['String']['output'];
  timings: Timings;
  /** True when the top candidate is below the confidence threshold: treat it as a guess. */
  uncertain: Scalars['Boolean']['output'];
  /** The catalog vehicle of the top candidate. */
  vehicle: Maybe<Vehicle>;
};

/** What the image was (never stored itself). */
export type ImageInfo = {
  __typename?: 'ImageInfo';
  height: Scalars['Int']['output'];
  sha256: Scalars['String']['output'];
  width: Scalars['Int']['output'];
};

/** The network that produced an identification. */
export type ModelInfo = {
  __typename?: 'ModelInfo';
  id: Scalars['String']['output'];
  name: Scalars['String']['output'];
  version: Scalars['String']['output'];
};

export type ModelStatus = {
  __typename?: 'ModelStatus';
  detail: Maybe<Scalars['String']['output']>;
  id: Scalars['String']['output'];
  present: Scalars['Boolean']['output'];
  /** Execution provider actually used (cuda or cpu). */
  provider: Maybe<Scalars['String']['output']>;
  task: Scalars['String']['output'];
  version: Maybe<Scalars['String']['output']>;
};

/** Relay cursor pagination information. */
export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
  hasPreviousPage: Scalars['Boolean']['output'];
  startCursor: Maybe<Scalars['String']['output']>;
};

/** Estimated used price with an 80% prediction interval. */
export type PriceEstimate = {
  __typename?: 'PriceEstimate';
  amount: Scalars['Float']['output'];
  /** ISO 4217 code. */
  currency: Scalars['String']['output'];
  /** Upper bound of the 80% prediction interval. */
  high: Scalars['Float']['output'];
  /** Lower bound of the 80% prediction interval. */
  low: Scalars['Float']['output'];
  /** Which stored model answered, e.g. "linear", "tree", "pooled". */
  method: Scalars['String']['output'];
  /** Version of the stored price models. */
  modelVersion: Scalars['Int']['output'];
  vehicle: Maybe<Vehicle>;
};

export type Query = {
  __typename?: 'Query';
  /** Readiness of the database and the models. */
  health: Health;
  /** One catalog vehicle; NOT_FOUND when the id is unknown. */
  vehicle: Vehicle;
  /** Catalog vehicles ordered by id, filtered by make/model. */
  vehicles: VehicleConnection;
};


export type QueryVehicleArgs = {
  id: Scalars['ID']['input'];
};


export type QueryVehiclesArgs = {
  after: InputMaybe<Scalars['String']['input']>;
  before: InputMaybe<Scalars['String']['input']>;
  first: InputMaybe<Scalars['Int']['input']>;
  last: InputMaybe<Scalars['Int']['input']>;
  make: InputMaybe<Scalars['String']['input']>;
  model: InputMaybe<Scalars['String']['input']>;
};

/** Milliseconds spent in each stage. */
export type Timings = {
  __typename?: 'Timings';
  classifyMs: Scalars['Float']['output'];
  decodeMs: Scalars['Float']['output'];
  detectMs: Scalars['Float']['output'];
  totalMs: Scalars['Float']['output'];
};

/** A car model of the catalog: one generation, or one class of the shipped classifier. */
export type Vehicle = {
  __typename?: 'Vehicle';
  bodyStyle: Maybe<Scalars['String']['output']>;
  bodyStyleSource: Maybe<Scalars['String']['output']>;
  characteristics: VehicleCharacteristics;
  /** Chassis code or facelift, e.g. "LCI F20". */
  generation: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  inProduction: Scalars['Boolean']['output'];
  /** Used-car listings of this model in the price training set. */
  listingsCount: Scalars['Int']['output'];
  make: Scalars['String']['output'];
  model: Scalars['String']['output'];
  /** New list price in EUR. */
  newPrice: Maybe<Scalars['Float']['output']>;
  newPriceSource: Maybe<Scalars['String']['output']>;
  /** The class id or listings file this catalog row was seeded from. */
  sourceLabel: Scalars['String']['output'];
  yearFrom: Maybe<Scalars['Int']['output']>;
  /** Null while in production or unknown. */
  yearTo: Maybe<Scalars['Int']['output']>;
};

/** Characteristics from a named source; null where no source gives them. */
export type VehicleCharacteristics = {
  __typename?: 'VehicleCharacteristics';
  doors: Maybe<Scalars['Int']['output']>;
  drivenWheels: Array<Scalars['String']['output']>;
  /** PETROL, DIESEL, HYBRID, ELECTRIC or LPG. */
  fuelTypes: Array<Scalars['String']['output']>;
  msrpUsdMax: Maybe<Scalars['Int']['output']>;
  /** Lowest US list price (USD) of the matched trims. */
  msrpUsdMin: Maybe<Scalars['Int']['output']>;
  powerHpMax: Maybe<Scalars['Int']['output']>;
  powerHpMin: Maybe<Scalars['Int']['output']>;
  /** Where these characteristics come from. */
  source: Maybe<Scalars['String']['output']>;
  transmissions: Array<Scalars['String']['output']>;
  vehicleSize: Maybe<Scalars['String']['output']>;
};

/** A page of vehicles (Relay connection). */
export type VehicleConnection = {
  __typename?: 'VehicleConnection';
  edges: Array<VehicleEdge>;
  /** The nodes of `edges`, for clients that need no cursors. */
  nodes: Array<Vehicle>;
  pageInfo: PageInfo;
  /** Vehicles matching the filter, all pages together. */
  totalCount: Scalars['Int']['output'];
};

export type VehicleEdge = {
  __typename?: 'VehicleEdge';
  cursor: Scalars['String']['output'];
  node: Vehicle;
};

export type VehicleMakesQueryVariables = Exact<{
  first?: number | null | undefined;
}>;


export type VehicleMakesQuery = { vehicles: { edges: Array<{ node: { make: string } }> } };

export type VehiclesPageQueryVariables = Exact<{
  make?: string | null | undefined;
  model?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type VehiclesPageQuery = { vehicles: { totalCount: number, edges: Array<{ cursor: string, node: { id: string, make: string, model: string, generation: string | null, yearFrom: number | null, yearTo: number | null, inProduction: boolean, newPrice: number | null, listingsCount: number } }>, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null } } };

export type VehicleDetailQueryVariables = Exact<{
  id: string | number;
}>;


export type VehicleDetailQuery = { vehicle: { id: string, make: string, model: string, generation: string | null, bodyStyle: string | null, bodyStyleSource: string | null, newPrice: number | null, newPriceSource: string | null, sourceLabel: string, listingsCount: number, characteristics: { powerHpMin: number | null, powerHpMax: number | null, fuelTypes: Array<string>, transmissions: Array<string>, doors: number | null, source: string | null } } };

export type HealthQueryVariables = Exact<{ [key: string]: never; }>;


export type HealthQuery = { health: { status: string, database: boolean, migrationsApplied: number, vehicles: number, listings: number } };


export const VehicleMakesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"VehicleMakes"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"vehicles"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"make"}}]}}]}}]}}]}}]} as unknown as DocumentNode<VehicleMakesQuery, VehicleMakesQueryVariables>;
export const VehiclesPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"VehiclesPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"make"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"model"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"last"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"before"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"vehicles"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"make"},"value":{"kind":"Variable","name":{"kind":"Name","value":"make"}}},{"kind":"Argument","name":{"kind":"Name","value":"model"},"value":{"kind":"Variable","name":{"kind":"Name","value":"model"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"Variable","name":{"kind":"Name","value":"last"}}},{"kind":"Argument","name":{"kind":"Name","value":"before"},"value":{"kind":"Variable","name":{"kind":"Name","value":"before"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"make"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"generation"}},{"kind":"Field","name":{"kind":"Name","value":"yearFrom"}},{"kind":"Field","name":{"kind":"Name","value":"yearTo"}},{"kind":"Field","name":{"kind":"Name","value":"inProduction"}},{"kind":"Field","name":{"kind":"Name","value":"newPrice"}},{"kind":"Field","name":{"kind":"Name","value":"listingsCount"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<VehiclesPageQuery, VehiclesPageQueryVariables>;
export const VehicleDetailDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"VehicleDetail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"vehicle"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"make"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"generation"}},{"kind":"Field","name":{"kind":"Name","value":"bodyStyle"}},{"kind":"Field","name":{"kind":"Name","value":"bodyStyleSource"}},{"kind":"Field","name":{"kind":"Name","value":"newPrice"}},{"kind":"Field","name":{"kind":"Name","value":"newPriceSource"}},{"kind":"Field","name":{"kind":"Name","value":"sourceLabel"}},{"kind":"Field","name":{"kind":"Name","value":"listingsCount"}},{"kind":"Field","name":{"kind":"Name","value":"characteristics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"powerHpMin"}},{"kind":"Field","name":{"kind":"Name","value":"powerHpMax"}},{"kind":"Field","name":{"kind":"Name","value":"fuelTypes"}},{"kind":"Field","name":{"kind":"Name","value":"transmissions"}},{"kind":"Field","name":{"kind":"Name","value":"doors"}},{"kind":"Field","name":{"kind":"Name","value":"source"}}]}}]}}]}}]} as unknown as DocumentNode<VehicleDetailQuery, VehicleDetailQueryVariables>;
export const HealthDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Health"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"health"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"database"}},{"kind":"Field","name":{"kind":"Name","value":"migrationsApplied"}},{"kind":"Field","name":{"kind":"Name","value":"vehicles"}},{"kind":"Field","name":{"kind":"Name","value":"listings"}}]}}]}}]} as unknown as DocumentNode<HealthQuery, HealthQueryVariables>;