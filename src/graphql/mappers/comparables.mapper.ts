import type { Comparable, ComparablesPage } from '../../services/pricing/comparables.js';
import type { ComparableConnection, ComparableListing } from '../types/comparable.type.js';

const toComparable = (c: Comparable): ComparableListing => ({
  id: String(c.id),
  vehicleId: c.carModel,
  price: c.priceEur,
  car: { year: c.year, mileageKm: c.mileageKm, fuel: c.fuel, transmission: c.transmission, powerHp: c.powerHp, newPrice: c.newPriceEur },
  variant: c.variant,
  distance: Math.round(c.distance * 1000) / 1000,
  differences: c.differences,
});

export function toComparableConnection(page: ComparablesPage): ComparableConnection {
  const edges = page.edges.map((edge) => ({ cursor: edge.cursor, node: toComparable(edge.node) }));
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: page.totalCount,
  };
}
