import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from 'type-graphql';
import { ModelInfo } from './identification.type.js';
import { Vehicle } from './vehicle.type.js';

@ObjectType({ description: 'A car model the classifier recognises, with how well.' })
export class SupportedModel {
  @Field(() => String, { description: 'Class id of the classifier (Candidate.label).' })
  label!: string;

  @Field(() => Vehicle, { nullable: true, description: 'The catalog vehicle this class maps to.' })
  vehicle!: Vehicle | null;

  @Field(() => Int)
  trainingImages!: number;

  @Field(() => Int)
  validationImages!: number;

  @Field(() => Float, { nullable: true, description: 'Top-1 accuracy of the classifier on this class\'s validation photos.' })
  validationAccuracy!: number | null;

  @Field(() => Float, { nullable: true, description: 'Top-1 of the served pipeline (detector crop, flip) on them, UNKNOWN_MODEL counted as a miss.' })
  pipelineAccuracy!: number | null;
}

@ObjectType({ description: 'How unknown car models are detected and how well, measured by leaving whole classes out.' })
export class UnknownModelDetection {
  @Field(() => String)
  method!: string;

  @Field(() => Float, { description: 'Fraction of known-model validation photos the threshold keeps.' })
  knownKept!: number;

  @Field(() => Float, { description: 'Leave-classes-out: fraction of photos of held-out models answered UNKNOWN_MODEL.' })
  unknownRefused!: number;

  @Field(() => Float, { description: 'The same for the maximum-softmax-probability baseline at the same known-kept rate.' })
  baselineUnknownRefused!: number;

  @Field(() => Boolean, {
    description:
      'True: measured with classifiers trained without the held-out models (they were new to them, as other car models are to the service). False: held out from a classifier that was trained on them, which flatters the figures.',
  })
  unbiased!: boolean;

  @Field(() => Float, { description: 'Validation precision of IDENTIFIED answers.' })
  identifiedPrecision!: number;
}

@ObjectType({ description: 'The public model card: what the service recognises and how well.' })
export class SupportedModels {
  @Field(() => ModelInfo, { description: 'The classifier and its version (also on every Identification).' })
  classifier!: ModelInfo;

  @Field(() => [SupportedModel])
  models!: SupportedModel[];

  @Field(() => UnknownModelDetection, { nullable: true, description: 'Null when the classifier ships no unknown-model statistics.' })
  unknownModelDetection!: UnknownModelDetection | null;
}

@ObjectType({ description: 'A user\'s correction of an identification, kept for the next training run.' })
export class IdentificationReport {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  identificationId!: string;

  @Field(() => Vehicle, { nullable: true })
  correctVehicle!: Vehicle | null;

  @Field(() => String, { nullable: true })
  comment!: string | null;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;
}
