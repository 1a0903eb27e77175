/**
 * Identify the car in a photo, then estimate its used price, with fetch and
 * FormData only (Node 20+, or a browser without the file reading).
 *   npx tsc -p examples && node examples/dist/fetch-client.js photo.jpg [year] [mileageKm]
 * CARVALUE_URL overrides the endpoint (default http://localhost:4000/graphql).
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';

const endpoint = process.env.CARVALUE_URL ?? 'http://localhost:4000/graphql';
const [photo, year = '2018', mileageKm = '60000'] = process.argv.slice(2);
if (!photo) throw new Error('usage: node examples/dist/fetch-client.js photo.jpg [year] [mileageKm]');

type Vehicle = { id: string; make: string; model: string };
type Estimate = { amount: number; low: number; high: number; currency: string; asOf: string | null; basis: string; assumptions: { field: string; value: string }[] };

async function graphql<T>(body: FormData | string, headers: Record<string, string>): Promise<T> {
  const response = await fetch(endpoint, { method: 'POST', body, headers });
  const { data, errors } = (await response.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
  if (errors?.length) throw new Error(`${errors[0].extensions?.code}: ${errors[0].message}`);
  return data!;
}

// 1. Identify: a multipart request; the preflight header satisfies the server's CSRF prevention.
const form = new FormData();
form.append('operations', JSON.stringify({
  query: 'mutation ($image: Upload!) { identifyVehicle(image: $image) { confidence vehicle { id make model } } }',
  variables: { image: null },
}));
form.append('map', JSON.stringify({ 0: ['variables.image'] }));
form.append('0', new Blob([new Uint8Array(await readFile(photo))]), basename(photo));
const { identifyVehicle: found } = await graphql<{ identifyVehicle: { confidence: number; vehicle: Vehicle | null } }>(form, { 'apollo-require-preflight': 'true' });
if (!found.vehicle) throw new Error('The car in the photo is not a model of the catalog');
const { id, make, model } = found.vehicle;
console.log(`${make} ${model} (${Math.round(found.confidence * 100)}% confident)`);

// 2. Estimate its price: a JSON POST. Year and mileage are enough: fuel, gearbox and power default
//    to the model's most common variant in the listings, and `assumptions` says which were assumed.
const input = { vehicleId: id, make, model, year: Number(year), mileageKm: Number(mileageKm) };
const query = 'query ($input: PriceInput!) { estimatePrice(input: $input) { amount low high currency asOf basis assumptions { field value } } }';
const { estimatePrice: p } = await graphql<{ estimatePrice: Estimate }>(JSON.stringify({ query, variables: { input } }), { 'content-type': 'application/json' });
const money = new Intl.NumberFormat('en', { style: 'currency', currency: p.currency, maximumFractionDigits: 0 });
console.log(`${money.format(p.amount)} (80% interval ${money.format(p.low)} to ${money.format(p.high)}; ${p.basis}, ${p.asOf})`);
console.log(`assumed: ${p.assumptions.map((a) => `${a.field} ${a.value}`).join(', ') || 'nothing'}`);
