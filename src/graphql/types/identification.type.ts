import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from 'type-graphql';
import { Vehicle } from './vehicle.type.js';

@ObjectType({ description: 'A rectangle in original-image pixels (after EXIF rotation).' })
export class BoundingBox {
  @Field(() => Int)
  x!: number;

  @Field(() => Int)
  y!: number;

  @Field(() => Int)
  width!: number;

  @Field(() => Int)
  height!: number;
}

@ObjectType({ description: 'One possible car model for the photo.' })
export class Candidate {
  @Field(() => String, { description: 'Class id of the classifier, e.g. the photo folder name "clio".' })
  label!: string;

  @Field(() => String, { nullable: true })
  make!: string | null;

  @Field(() => String, { nullable: true })
  model!: string | null;

  @Field(() => Float, { description: 'Calibrated probability, 0..1.' })
  confidence!: number;

  @Field(() => Vehicle, { nullable: true })
  vehicle!: Vehicle | null;
}

@ObjectType({ description: 'The network that produced an identification.' })
export class ModelInfo {
  @Field(() => String)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  version!: string;
}

@ObjectType({ description: 'Milliseconds spent in each stage.' })
export class Timings {
  @Field(() => Float)
  decodeMs!: number;

  @Field(() => Float)
  detectMs!: number;

  @Field(() => Float)
  classifyMs!: number;

  @Field(() => Float)
  totalMs!: number;
}

@ObjectType({ description: 'What the image was (never stored itself).' })
export class ImageInfo {
  @Field(() => Int)
  width!: number;

  @Field(() => Int)
  height!: number;

  @Field(() => String)
  sha256!: string;
}

@ObjectType({ description: 'The car identified in a photo.' })
export class Identification {
  @Field(() => ID)
  id!: string;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => [Candidate], { description: 'Most likely first.' })
  candidates!: Candidate[];

  @Field(() => Vehicle, { nullable: true, description: 'The catalog vehicle of the top candidate.' })
  vehicle!: Vehicle | null;

  @Field(() => Float, { description: 'Calibrated probability of the top candidate.' })
  confidence!: number;

  @Field(() => Boolean, { description: 'True when the top candidate is below the confidence threshold: treat it as a guess.' })
  uncertain!: boolean;

  @Field(() => BoundingBox, { nullable: true, description: 'The vehicle the classifier looked at.' })
  boundingBox!: BoundingBox | null;

  @Field(() => String, { nullable: true, description: 'Coarse body type from the ImageNet classes, when clear.' })
  bodyType!: string | null;

  @Field(() => ModelInfo)
  model!: ModelInfo;

  @Field(() => String, { description: 'Execution provider that ran the classifier (cuda or cpu).' })
  provider!: string;

  @Field(() => Timings)
  timings!: Timings;

  @Field(() => ImageInfo)
  image!: ImageInfo;
}
