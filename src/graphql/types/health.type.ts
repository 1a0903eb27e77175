import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType()
export class ModelStatus {
  @Field(() => String)
  id!: string;

  @Field(() => String)
  task!: string;

  @Field(() => Boolean)
  present!: boolean;

  @Field(() => String, { nullable: true })
  version!: string | null;

  @Field(() => String, { nullable: true, description: 'Execution provider actually used (cuda or cpu).' })
  provider!: string | null;

  @Field(() => String, { nullable: true })
  detail!: string | null;
}

@ObjectType({ description: 'Service health, as /ready reports it.' })
export class Health {
  @Field(() => String, { description: '"ok" when the service can answer every query, else "degraded".' })
  status!: string;

  @Field(() => String)
  version!: string;

  @Field(() => Int)
  uptimeSeconds!: number;

  @Field(() => Boolean)
  database!: boolean;

  @Field(() => String, { description: 'The storage in use, without credentials: `sqlite:<file name>` or the PostgreSQL URL without user and password.' })
  storage!: string;

  @Field(() => Int)
  migrationsApplied!: number;

  @Field(() => Int)
  vehicles!: number;

  @Field(() => Int)
  listings!: number;

  @Field(() => Int, { nullable: true, description: 'Active price model version.' })
  priceModelVersion!: number | null;

  @Field(() => [ModelStatus])
  models!: ModelStatus[];
}
