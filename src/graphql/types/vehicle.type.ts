import { Field, Float, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Characteristics from a named source; null where no source gives them.' })
export class VehicleCharacteristics {
  @Field(() => Int, { nullable: true })
  powerHpMin!: number | null;

  @Field(() => Int, { nullable: true })
  powerHpMax!: number | null;

  @Field(() => [String], { description: 'PETROL, DIESEL, HYBRID, ELECTRIC or LPG.' })
  fuelTypes!: string[];

  @Field(() => [String])
  transmissions!: string[];

  @Field(() => [String])
  drivenWheels!: string[];

  @Field(() => Int, { nullable: true })
  doors!: number | null;

  @Field(() => String, { nullable: true })
  vehicleSize!: string | null;

  @Field(() => Int, { nullable: true, description: 'Lowest US list price (USD) of the matched trims.' })
  msrpUsdMin!: number | null;

  @Field(() => Int, { nullable: true })
  msrpUsdMax!: number | null;

  @Field(() => String, { nullable: true, description: 'Where these characteristics come from.' })
  source!: string | null;
}

@ObjectType({ description: 'Outer dimensions of a generation (mm, kg); null where the source gives none.' })
export class VehicleDimensions {
  @Field(() => Int, { nullable: true })
  lengthMm!: number | null;

  @Field(() => Int, { nullable: true })
  widthMm!: number | null;

  @Field(() => Int, { nullable: true })
  heightMm!: number | null;

  @Field(() => Int, { nullable: true })
  wheelbaseMm!: number | null;

  @Field(() => Int, { nullable: true, description: 'Unladen weight of the lightest engine option (kg).' })
  curbWeightKg!: number | null;
}

@ObjectType({ description: 'One engine option of a generation, as its source lists it.' })
export class EngineOption {
  @Field(() => String, { description: 'As the source names it, e.g. "1.5 dCi 5MT (90 HP)".' })
  name!: string;

  @Field(() => Int, { nullable: true })
  powerHp!: number | null;

  @Field(() => String, { nullable: true, description: 'PETROL, DIESEL, HYBRID, ELECTRIC, CNG or ETHANOL.' })
  fuel!: string | null;

  @Field(() => String, { nullable: true, description: 'As the source says it, e.g. "6-speed manual".' })
  gearbox!: string | null;

  @Field(() => String, { nullable: true, description: 'MANUAL or AUTOMATIC, read from the gearbox.' })
  transmission!: string | null;

  @Field(() => String, { nullable: true, description: 'FWD, RWD or AWD.' })
  drive!: string | null;

  @Field(() => Int, { nullable: true })
  displacementCc!: number | null;

  @Field(() => Int, { nullable: true })
  curbWeightKg!: number | null;
}

@ObjectType({ description: 'A model generation (or body variant of one) with its engine options, from a named source.' })
export class VehicleGeneration {
  @Field(() => String, { description: 'As the source names it, e.g. "Golf VII 5 Doors", "3 Series Sedan (F30)".' })
  name!: string;

  @Field(() => Int, { nullable: true })
  yearFrom!: number | null;

  @Field(() => Int, { nullable: true, description: 'Null while in production (when the source was written) or unknown.' })
  yearTo!: number | null;

  @Field(() => Boolean)
  inProduction!: boolean;

  @Field(() => String, { nullable: true, description: 'Only where the generation name says it: "5 doors", Estate, Convertible, Coupe, Sedan...' })
  bodyStyle!: string | null;

  @Field(() => VehicleDimensions)
  dimensions!: VehicleDimensions;

  @Field(() => [EngineOption])
  engines!: EngineOption[];

  @Field(() => String, { description: 'Where this generation comes from, e.g. "autoevolution.com, 2020-01-27".' })
  source!: string;

  @Field(() => String, { nullable: true, description: 'The source page.' })
  url!: string | null;
}

@ObjectType({ description: 'Years the car model was built: the span of its generations.' })
export class ProductionYears {
  @Field(() => Int)
  from!: number;

  @Field(() => Int, { nullable: true, description: 'Null while in production.' })
  to!: number | null;

  @Field(() => Boolean)
  inProduction!: boolean;
}

@ObjectType({ description: 'A class of an image classifier that maps to this vehicle.' })
export class VehicleLabel {
  @Field(() => String, { description: 'The class label, e.g. "bmw_serie_1" or "BMW_1_Series_LCI_F20_20152017".' })
  label!: string;

  @Field(() => String, { description: 'photo-classes (the shipped classifier) or seed-classes (the original 70 class ids).' })
  origin!: string;

  @Field(() => String, { nullable: true, description: 'Generation named by the class id itself, e.g. "LCI F20".' })
  generation!: string | null;

  @Field(() => Int, { nullable: true, description: 'Years named by the class id itself.' })
  yearFrom!: number | null;

  @Field(() => Int, { nullable: true })
  yearTo!: number | null;

  @Field(() => Boolean)
  inProduction!: boolean;
}

@ObjectType({ description: 'A car model of the catalog (make and model, all generations): the market listings, the photo classes and the class ids map onto it.' })
export class Vehicle {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  make!: string;

  @Field(() => String)
  model!: string;

  @Field(() => String, {
    nullable: true,
    deprecationReason: 'A vehicle is a car model with all its generations: see `generations`.',
  })
  generation!: string | null;

  @Field(() => Int, { nullable: true, description: 'First production year (see productionYears); null when unknown.' })
  yearFrom!: number | null;

  @Field(() => Int, { nullable: true, description: 'Null while in production or unknown.' })
  yearTo!: number | null;

  @Field(() => Boolean)
  inProduction!: boolean;

  @Field(() => ProductionYears, { nullable: true, description: 'Span of the generations; null when no source gives them.' })
  productionYears!: ProductionYears | null;

  @Field(() => String, {
    nullable: true,
    description: 'Body styles a source gives for the model as a whole, comma-separated (e.g. the US specs: "Convertible,Coupe"); per generation: generations.bodyStyle.',
  })
  bodyStyle!: string | null;

  @Field(() => String, { nullable: true })
  bodyStyleSource!: string | null;

  @Field(() => Float, { nullable: true, description: 'New list price in EUR.' })
  newPrice!: number | null;

  @Field(() => String, { nullable: true })
  newPriceSource!: string | null;

  @Field(() => VehicleCharacteristics)
  characteristics!: VehicleCharacteristics;

  @Field(() => String, { description: 'The photo class or class id it answers to first, or "market" (all of them: `labels`).' })
  sourceLabel!: string;
}
