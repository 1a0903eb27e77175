/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** Fuel or energy of the car. */
export type Fuel =
  | 'CNG'
  | 'DIESEL'
  | 'ELECTRIC'
  | 'HYBRID'
  | 'LPG'
  | 'PETROL';

/** How far an identification can be trusted. */
export type IdentificationOutcome =
  /** One of a few look-alike known models: the candidates say which; ask the user to pick. */
  | 'AMBIGUOUS'
  /** One of the car models the service knows: trust the top candidate. */
  | 'IDENTIFIED'
  /** A car, but none of the models the service knows; the candidates are only the nearest known models. */
  | 'UNKNOWN_MODEL';

/** Where an asking price lies in the estimate's predictive distribution (cut points: its 10th, 30th, 70th and 90th percentiles). */
export type OfferLabel =
  /** 30th to 70th percentile, around the estimate. */
  | 'FAIR'
  /** 10th to 30th percentile. */
  | 'GOOD'
  /** Below the 10th percentile (the low bound of the 80% interval). */
  | 'GREAT'
  /** 70th to 90th percentile. */
  | 'HIGH'
  /** Too little data to rate: `reason` says why. */
  | 'NO_RATING'
  /** At or above the 90th percentile (the high bound of the 80% interval). */
  | 'OVERPRICED';

/** The car to price. Make and model match the catalog whatever the case, accents or language. */
export type PriceInput = {
  /** Default: the car model's most common fuel. */
  fuel?: Fuel | null | undefined;
  /** e.g. "Mercedes", "BMW". */
  make: string;
  /** Mileage in km, 0 to 990,000. */
  mileageKm: number;
  /** e.g. "Classe E", "Série 3", "RAV4". */
  model: string;
  /** New price in EUR (500 to 5,000,000): helps price a car model that has no listings. */
  newPrice?: number | null | undefined;
  /** Power in hp, 4 to 1,000. Default: the car model's most common power. */
  powerHp?: number | null | undefined;
  /** Default: the car model's most common gearbox. */
  transmission?: Transmission | null | undefined;
  /** Catalog vehicle id; takes precedence over make/model. */
  vehicleId?: string | number | null | undefined;
  /** Model year (first registration): the years the market data supports (2009-2022 for the shipped data). */
  year: number;
};

/** Gearbox. */
export type Transmission =
  | 'AUTOMATIC'
  | 'MANUAL';

/** Why a detected vehicle was listed without candidates. */
export type VehicleSkipReason =
  /** More vehicles than the per-photo classification limit; the largest, most central ones were classified. */
  | 'OVER_LIMIT'
  /** The box is too small to classify (shorter side under the configured minimum). */
  | 'TOO_SMALL';

export type VehicleCardFragment = { id: string, make: string, model: string, yearFrom: number | null, yearTo: number | null, inProduction: boolean, bodyStyle: string | null, newPrice: number | null, listingsCount: number, generations: Array<{ name: string, yearFrom: number | null, yearTo: number | null, inProduction: boolean, source: string }>, characteristics: { fuelTypes: Array<string>, transmissions: Array<string>, powerHpMin: number | null, powerHpMax: number | null, doors: number | null, drivenWheels: Array<string>, vehicleSize: string | null, source: string | null } };

export type DemoIdentifyMutationVariables = Exact<{
  image: File | Blob | null;
  topK?: number | null | undefined;
}>;


export type DemoIdentifyMutation = { identifyVehicle: { confidence: number, outcome: IdentificationOutcome, uncertain: boolean, bodyType: string | null, vehicles: Array<{ main: boolean, skipped: VehicleSkipReason | null, outcome: IdentificationOutcome | null, confidence: number | null, boundingBox: { x: number, y: number, width: number, height: number }, candidates: Array<{ label: string, make: string | null, model: string | null, confidence: number }> }>, boundingBox: { x: number, y: number, width: number, height: number } | null, image: { width: number, height: number }, model: { name: string, version: string }, timings: { totalMs: number }, candidates: Array<{ label: string, make: string | null, model: string | null, confidence: number, vehicle: { id: string } | null }>, vehicle: { id: string, make: string, model: string, yearFrom: number | null, yearTo: number | null, inProduction: boolean, bodyStyle: string | null, newPrice: number | null, listingsCount: number, generations: Array<{ name: string, yearFrom: number | null, yearTo: number | null, inProduction: boolean, source: string }>, characteristics: { fuelTypes: Array<string>, transmissions: Array<string>, powerHpMin: number | null, powerHpMax: number | null, doors: number | null, drivenWheels: Array<string>, vehicleSize: string | null, source: string | null } } | null } };

export type DemoVehicleQueryVariables = Exact<{
  id: string | number;
}>;


export type DemoVehicleQuery = { vehicle: { id: string, make: string, model: string, yearFrom: number | null, yearTo: number | null, inProduction: boolean, bodyStyle: string | null, newPrice: number | null, listingsCount: number, generations: Array<{ name: string, yearFrom: number | null, yearTo: number | null, inProduction: boolean, source: string }>, characteristics: { fuelTypes: Array<string>, transmissions: Array<string>, powerHpMin: number | null, powerHpMax: number | null, doors: number | null, drivenWheels: Array<string>, vehicleSize: string | null, source: string | null } } };

export type DemoEstimateQueryVariables = Exact<{
  input: PriceInput;
}>;


export type DemoEstimateQuery = { estimatePrice: { amount: number, low: number, high: number, currency: string, intervalLevel: number, method: string, hasListings: boolean, listingsCount: number, asOf: string | null, basis: string, car: { year: number, mileageKm: number, fuel: Fuel, transmission: Transmission, powerHp: number }, assumptions: Array<{ field: string, value: string, source: string }>, explanation: { baseline: number, referenceListings: number, reference: { year: number, mileageKm: number, fuel: Fuel, transmission: Transmission, powerHp: number }, contributions: Array<{ feature: string, value: string, amountEur: number }> }, comparables: { totalCount: number, nodes: Array<{ id: string, price: number, variant: string | null, differences: Array<string>, car: { year: number, mileageKm: number, fuel: Fuel, transmission: Transmission, powerHp: number } }> } } };

export type DemoMileageCurveQueryVariables = Exact<{
  input: PriceInput;
  points?: number | null | undefined;
}>;


export type DemoMileageCurveQuery = { estimatePrice: { curve: Array<{ mileageKm: number, amount: number, low: number, high: number }> } };

export type DemoRateOfferQueryVariables = Exact<{
  input: PriceInput;
  askingPrice: number;
}>;


export type DemoRateOfferQuery = { rateOffer: { label: OfferLabel, reason: string | null, nextLabel: OfferLabel | null, marginEur: number | null, percentile: number | null } };

export type DemoDepreciationQueryVariables = Exact<{
  id: string | number;
  years?: number | null | undefined;
  newPrice?: number | null | undefined;
}>;


export type DemoDepreciationQuery = { vehicle: { id: string, depreciation: { currency: string, mileageKmPerYear: number, points: Array<{ age: number, year: number, amount: number, low: number, high: number }> } | null } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const VehicleCardFragmentDoc = new TypedDocumentString(`
    fragment VehicleCard on Vehicle {
  id
  make
  model
  yearFrom
  yearTo
  inProduction
  bodyStyle
  newPrice
  listingsCount
  generations {
    name
    yearFrom
    yearTo
    inProduction
    source
  }
  characteristics {
    fuelTypes
    transmissions
    powerHpMin
    powerHpMax
    doors
    drivenWheels
    vehicleSize
    source
  }
}
    `, {"fragmentName":"VehicleCard"}) as unknown as TypedDocumentString<VehicleCardFragment, unknown>;
export const DemoIdentifyDocument = new TypedDocumentString(`
    mutation DemoIdentify($image: Upload!, $topK: Int) {
  identifyVehicle(image: $image, topK: $topK) {
    confidence
    outcome
    uncertain
    vehicles {
      main
      skipped
      outcome
      confidence
      boundingBox {
        x
        y
        width
        height
      }
      candidates {
        label
        make
        model
        confidence
      }
    }
    bodyType
    boundingBox {
      x
      y
      width
      height
    }
    image {
      width
      height
    }
    model {
      name
      version
    }
    timings {
      totalMs
    }
    candidates {
      label
      make
      model
      confidence
      vehicle {
        id
      }
    }
    vehicle {
      ...VehicleCard
    }
  }
}
    fragment VehicleCard on Vehicle {
  id
  make
  model
  yearFrom
  yearTo
  inProduction
  bodyStyle
  newPrice
  listingsCount
  generations {
    name
    yearFrom
    yearTo
    inProduction
    source
  }
  characteristics {
    fuelTypes
    transmissions
    powerHpMin
    powerHpMax
    doors
    drivenWheels
    vehicleSize
    source
  }
}`) as unknown as TypedDocumentString<DemoIdentifyMutation, DemoIdentifyMutationVariables>;
export const DemoVehicleDocument = new TypedDocumentString(`
    query DemoVehicle($id: ID!) {
  vehicle(id: $id) {
    ...VehicleCard
  }
}
    fragment VehicleCard on Vehicle {
  id
  make
  model
  yearFrom
  yearTo
  inProduction
  bodyStyle
  newPrice
  listingsCount
  generations {
    name
    yearFrom
    yearTo
    inProduction
    source
  }
  characteristics {
    fuelTypes
    transmissions
    powerHpMin
    powerHpMax
    doors
    drivenWheels
    vehicleSize
    source
  }
}`) as unknown as TypedDocumentString<DemoVehicleQuery, DemoVehicleQueryVariables>;
export const DemoEstimateDocument = new TypedDocumentString(`
    query DemoEstimate($input: PriceInput!) {
  estimatePrice(input: $input) {
    amount
    low
    high
    currency
    intervalLevel
    method
    hasListings
    listingsCount
    asOf
    basis
    car {
      year
      mileageKm
      fuel
      transmission
      powerHp
    }
    assumptions {
      field
      value
      source
    }
    explanation {
      baseline
      referenceListings
      reference {
        year
        mileageKm
        fuel
        transmission
        powerHp
      }
      contributions {
        feature
        value
        amountEur
      }
    }
    comparables(first: 5) {
      totalCount
      nodes {
        id
        price
        car {
          year
          mileageKm
          fuel
          transmission
          powerHp
        }
        variant
        differences
      }
    }
  }
}
    `) as unknown as TypedDocumentString<DemoEstimateQuery, DemoEstimateQueryVariables>;
export const DemoMileageCurveDocument = new TypedDocumentString(`
    query DemoMileageCurve($input: PriceInput!, $points: Int) {
  estimatePrice(input: $input) {
    curve(by: MILEAGE, points: $points) {
      mileageKm
      amount
      low
      high
    }
  }
}
    `) as unknown as TypedDocumentString<DemoMileageCurveQuery, DemoMileageCurveQueryVariables>;
export const DemoRateOfferDocument = new TypedDocumentString(`
    query DemoRateOffer($input: PriceInput!, $askingPrice: Float!) {
  rateOffer(input: $input, askingPrice: $askingPrice) {
    label
    reason
    nextLabel
    marginEur
    percentile
  }
}
    `) as unknown as TypedDocumentString<DemoRateOfferQuery, DemoRateOfferQueryVariables>;
export const DemoDepreciationDocument = new TypedDocumentString(`
    query DemoDepreciation($id: ID!, $years: Int, $newPrice: Float) {
  vehicle(id: $id) {
    id
    depreciation(years: $years, newPrice: $newPrice) {
      currency
      mileageKmPerYear
      points {
        age
        year
        amount
        low
        high
      }
    }
  }
}
    `) as unknown as TypedDocumentString<DemoDepreciationQuery, DemoDepreciationQueryVariables>;