import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType()
export class ModelStatus {
  @Field()
  id!: string;

  @Field()
  task!: string;

  @Field()
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
  @Field({ description: '"ok" when the service can answer every query, else "degraded".' })
  status!: string;

  @Field()
  version!: string;

  @Field(() => Int)
  uptimeSeconds!: number;

  @Field()
  database!: boolean;

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
