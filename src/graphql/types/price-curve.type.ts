import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { DepreciationPoint } from './depreciation.type.js';
import { CURVE_INPUTS, type CurveInput as CurveInputValue } from '../../pricing/what-if.js';

export const CurveInput = Object.fromEntries(CURVE_INPUTS.map((v) => [v, v])) as { [K in CurveInputValue]: K };
registerEnumType(CurveInput, {
  name: 'CurveInput',
  description: 'The input a what-if curve varies.',
  valuesConfig: {
    MILEAGE: { description: 'From 0 km to 300,000 km (or 1.5 times the car\'s mileage, if more).' },
    AGE: { description: 'Every model year the market data supports, newest first.' },
  },
});

@ObjectType({ description: 'The estimate for the car with one input changed.' })
export class PriceCurvePoint extends DepreciationPoint {
  @Field(() => String, { description: 'Method that answered this point (a point outside the car model\'s listings may fall back to gbm).' })
  method!: string;
}
