/**
 * Operation names that become values of the `operation` metrics label: the
 * schema's root fields and the operations of the shipped clients (tests,
 * demo page, examples). Any other client-chosen name is counted as "other",
 * so the number of series stays bounded. A test keeps this list in step
 * with the .graphql documents.
 */
import type { GraphQLSchema } from 'graphql';

export const CLIENT_OPERATIONS = [
  // test/operations/*.graphql
  'ImportListings', 'RetrainPriceModels', 'AdminJob', 'DeleteIdentification', 'IdentifyVehicle', 'IdentifyVehicleBase64', 'IdentifyVehicles',
  'StoredIdentification', 'AppraiseVehicle', 'EstimatePrice', 'ExplainPrice', 'PriceComparables', 'RateOffer', 'PriceCurve', 'PriceModelCard', 'RecordedEstimate', 'StoredNode', 'Depreciation', 'PriceModels', 'VehicleMakes', 'VehiclesPage',
  'VehicleDetail', 'VehicleSpecs', 'VehiclesGenerations', 'Health', 'IdentifyVehicleFromPhotos', 'SupportedModels', 'ReportIdentification',
  // web/src/operations/*.graphql
  'DemoIdentify', 'DemoVehicle', 'DemoEstimate', 'DemoDepreciation', 'DemoMileageCurve', 'DemoRateOffer',
  // examples/
  'MobileIdentify', 'Identify',
] as const;

/** Root field names as they are and capitalised (`estimatePrice`, `EstimatePrice`), plus the client operations. */
export function knownOperationNames(schema: GraphQLSchema): Set<string> {
  const names = new Set<string>(CLIENT_OPERATIONS);
  for (const root of [schema.getQueryType(), schema.getMutationType()]) {
    for (const field of Object.keys(root?.getFields() ?? {})) {
      names.add(field);
      names.add(field[0].toUpperCase() + field.slice(1));
    }
  }
  return names;
}
