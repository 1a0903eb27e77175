import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Vehicle } from './vehicle.type.js';

export enum AdminJobKind {
  IMPORT = 'import',
  RETRAIN = 'retrain',
}
export enum AdminJobStatus {
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
}
registerEnumType(AdminJobKind, { name: 'AdminJobKind', description: 'A listings import, or a retrain of the price models.' });
registerEnumType(AdminJobStatus, { name: 'AdminJobStatus' });

@ObjectType({ description: 'Rows of a listings file dropped for one cleaning rule.' })
export class DroppedRows {
  @Field(() => String, { description: 'e.g. "price-out-of-range", "duplicate", "unknown-car-model".' })
  reason!: string;

  @Field(() => String)
  description!: string;

  @Field(() => Int)
  count!: number;

  @Field(() => [Int], { description: 'The first few file lines dropped for this reason.' })
  lines!: number[];
}

@ObjectType({ description: 'A listings file cleaned, its new rows stored and the price models retrained on them.' })
export class ListingsImport {
  @Field(() => String, { description: 'Format recognised from the header, e.g. "autoscout24-de", "study-fr".' })
  source!: string;

  @Field(() => Int, { description: 'Data rows read.' })
  read!: number;

  @Field(() => Int, { description: 'Rows that passed every cleaning rule.' })
  kept!: number;

  @Field(() => Int, { description: 'Kept rows that were new and stored.' })
  inserted!: number;

  @Field(() => Int, { description: 'Kept rows stored already by an earlier import: an import is idempotent.' })
  alreadyStored!: number;

  @Field(() => [DroppedRows], { description: 'Every cleaning rule with the rows it dropped (0 included).' })
  dropped!: DroppedRows[];

  @Field(() => [Vehicle], { description: 'Car models that got new listings.' })
  vehicles!: Vehicle[];

  @Field(() => Int, { nullable: true, description: 'The active price model version after the import.' })
  priceModelVersion!: number | null;

  @Field(() => Boolean, { description: 'False when the file brought no new row (nothing to retrain).' })
  retrained!: boolean;
}

@ObjectType({ description: 'A retraining of the price models.' })
export class PriceTraining {
  @Field(() => Int, { description: 'The new active version.' })
  version!: number;

  @Field(() => Int, { description: 'Listings it was trained on.' })
  listings!: number;
}

@ObjectType()
export class AdminJobProgress {
  @Field(() => Int)
  done!: number;

  @Field(() => Int, { description: '0 when not known yet.' })
  total!: number;

  @Field(() => String)
  step!: string;
}

@ObjectType()
export class AdminJobError {
  @Field(() => String, { nullable: true, description: 'The error code (BAD_USER_INPUT for a rejected file); null for an internal failure.' })
  code!: string | null;

  @Field(() => String)
  message!: string;
}

@ObjectType({ description: 'An admin job run in the background, one at a time; poll adminJob(id) until SUCCEEDED or FAILED.' })
export class AdminJob {
  @Field(() => ID)
  id!: string;

  @Field(() => AdminJobKind)
  kind!: AdminJobKind;

  @Field(() => AdminJobStatus)
  status!: AdminJobStatus;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  startedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;

  @Field(() => AdminJobProgress, { nullable: true })
  progress!: AdminJobProgress | null;

  @Field(() => AdminJobError, { nullable: true })
  error!: AdminJobError | null;

  @Field(() => ListingsImport, { nullable: true, description: 'The outcome of a SUCCEEDED import.' })
  listingsImport!: ListingsImport | null;

  @Field(() => PriceTraining, { nullable: true, description: 'The outcome of a SUCCEEDED retrain.' })
  priceTraining!: PriceTraining | null;
}
