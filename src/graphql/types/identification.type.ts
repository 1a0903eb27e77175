import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from 'type-graphql';
import { IdentificationOutcome, VehicleSkipReason } from './enums.js';
import { Vehicle } from './vehicle.type.js';
import { Node } from './node.type.js';

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

@ObjectType({
  description:
    'How unlike every known car model the vehicle looks: the squared whitened distance of its features to the nearest training photo (supportedModels.unknownModelDetection.method).',
})
export class NoveltyInfo {
  @Field(() => Float)
  score!: number;

  @Field(() => Float, { description: 'Above this the outcome is UNKNOWN_MODEL.' })
  threshold!: number;
}

@ObjectType({ description: 'One vehicle detected in a photo; the main one carries the top-level fields of its Identification.' })
export class DetectedVehicle {
  @Field(() => BoundingBox)
  boundingBox!: BoundingBox;

  @Field(() => Float, { description: 'Detector score, 0..1 (for the whole-image fallback, the ImageNet vehicle probability).' })
  detectionScore!: number;

  @Field(() => String, { nullable: true, description: 'COCO class: car, truck or bus; null for the whole-image fallback.' })
  detectorClass!: string | null;

  @Field(() => Boolean, { description: 'The largest, most central vehicle: the one the top-level fields describe.' })
  main!: boolean;

  @Field(() => VehicleSkipReason, { nullable: true, description: 'Why it has no candidates; null when classified.' })
  skipped!: VehicleSkipReason | null;

  @Field(() => [Candidate], { description: 'Its own candidates, most likely first (empty when skipped).' })
  candidates!: Candidate[];

  @Field(() => Float, { nullable: true })
  confidence!: number | null;

  @Field(() => IdentificationOutcome, { nullable: true })
  outcome!: IdentificationOutcome | null;
}

@ObjectType({ description: 'The car identified in a photo.', implements: Node })
export class Identification implements Node {
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

  @Field(() => IdentificationOutcome, { description: 'Switch on this: IDENTIFIED, AMBIGUOUS (look-alikes) or UNKNOWN_MODEL (a car model we do not know).' })
  outcome!: IdentificationOutcome;

  @Field(() => Boolean, { description: 'outcome is not IDENTIFIED (kept for older clients): treat the top candidate as a guess.' })
  uncertain!: boolean;

  @Field(() => Boolean, {
    description: 'True when the same image (by content hash) was identified by the same classifier version within the retention window: the stored identification is returned instead of a new run.',
  })
  reused!: boolean;

  @Field(() => NoveltyInfo, { nullable: true, description: 'The unknown-model score; null when the classifier ships no statistics for it.' })
  novelty!: NoveltyInfo | null;

  @Field(() => [DetectedVehicle], { description: 'Every detected vehicle (bounded), main first.' })
  vehicles!: DetectedVehicle[];

  @Field(() => BoundingBox, { nullable: true, description: 'The vehicle the classifier looked at.' })
  boundingBox!: BoundingBox | null;

  @Field(() => String, { nullable: true, description: 'Coarse body type from the ImageNet classes, when clear.' })
  bodyType!: string | null;

  @Field(() => ModelInfo, { description: 'The classifier and its version.' })
  model!: ModelInfo;

  @Field(() => String, { description: 'Execution provider that ran the classifier (cuda or cpu).' })
  provider!: string;

  @Field(() => Timings)
  timings!: Timings;

  @Field(() => ImageInfo)
  image!: ImageInfo;
}

@ObjectType({ description: 'One photo of a set sent to identifyVehicleFromPhotos.' })
export class PhotoInSet {
  @Field(() => Int, { description: 'Position in the images argument.' })
  index!: number;

  @Field(() => Identification, { nullable: true, description: 'This photo on its own (stored); null when it failed (see errorCode).' })
  identification!: Identification | null;

  @Field(() => String, { nullable: true, description: 'Why this photo gave no identification, e.g. NO_VEHICLE_FOUND.' })
  errorCode!: string | null;

  @Field(() => String, { nullable: true })
  errorMessage!: string | null;

  @Field(() => Float, { description: 'Its share of the vote, 0..1 (0 for a failed or flagged photo).' })
  weight!: number;

  @Field(() => Boolean, { description: 'The photo seems to show a different car from the others; it was left out of the vote.' })
  differentCar!: boolean;
}

@ObjectType({ description: 'Several photos of one car fused into one answer.' })
export class PhotoSetIdentification {
  @Field(() => IdentificationOutcome)
  outcome!: IdentificationOutcome;

  @Field(() => Boolean, { description: 'outcome is not IDENTIFIED.' })
  uncertain!: boolean;

  @Field(() => [Candidate], { description: 'Fused candidates, most likely first.' })
  candidates!: Candidate[];

  @Field(() => Vehicle, { nullable: true })
  vehicle!: Vehicle | null;

  @Field(() => Float)
  confidence!: number;

  @Field(() => NoveltyInfo, { nullable: true, description: 'Unknown-model score of the weighted mean features of the photos kept.' })
  novelty!: NoveltyInfo | null;

  @Field(() => ModelInfo)
  model!: ModelInfo;

  @Field(() => [PhotoInSet])
  photos!: PhotoInSet[];
}
