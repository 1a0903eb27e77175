/**
 * `npm run bench:price`: the whole retrain on the shipped market listings
 * (every method and its cross-validation), estimatePrice in-process (p50/p99)
 * beside a bare graphql execution, and over HTTP beside a trivial query on the
 * same server, printed as ratios measured in this run.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSchema as buildSdlSchema, execute, parse } from 'graphql';
import { loadConfig } from '../src/config.js';
import { ListingRepository } from '../src/db/repositories/listings.js';
import { PriceModelRepository } from '../src/db/repositories/price-models.js';
import { VehicleRepository } from '../src/db/repositories/vehicles.js';
import { VehicleService } from '../src/services/vehicles/vehicle-service.js';
import { storeVersion, trainOnRows } from '../src/services/listings/price-training.js';
import { PricingService, type PriceRequest } from '../src/services/pricing/pricing-service.js';
import { openSeeded } from './lib/pricing.js';
import { fmt, load, percentile, startChildServer, timeMany } from './lib/bench.js';

const N = 5000;
const requests: PriceRequest[] = [
  { make: 'Volkswagen', model: 'Golf', year: 2016, mileageKm: 90_000 },
  { make: 'BMW', model: '320', year: 2015, mileageKm: 120_000, fuel: 'DIESEL', transmission: 'AUTOMATIC', powerHp: 190 },
  { make: 'Mercedes', model: 'Classe E', year: 2014, mileageKm: 150_000, fuel: 'DIESEL' },
  { make: 'Dacia', model: 'Sandero', year: 2019, mileageKm: 30_000 },
];

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carvalue-bench-'));
const config = loadConfig({ DATABASE_PATH: path.join(dir, 'bench.sqlite'), LOG_LEVEL: 'silent' });
const database = await openSeeded(config);
const rows = await new ListingRepository(database).trainingRows();

// The whole retrain, as an import or retrainPriceModels runs it (in a worker thread there).
const started = performance.now();
const trained = trainOnRows(rows);
const trainSeconds = (performance.now() - started) / 1000;
await database.transaction((tx) => storeVersion(new PriceModelRepository(tx), trained));
console.log(`Training on ${rows.length} listings (all methods, cross-validation, intervals): ${trainSeconds.toFixed(1)} s`);

const pricing = new PricingService(new PriceModelRepository(database), new VehicleService(new VehicleRepository(database)));
await pricing.refresh();
let next = 0;
const estimateTimes = await timeMany(N, () => pricing.estimate(requests[next++ % requests.length]));
const trivialSchema = buildSdlSchema('type Query { hello: String }');
const trivialDocument = parse('{ hello }');
const bareTimes = await timeMany(N, () => execute({ schema: trivialSchema, document: trivialDocument, rootValue: { hello: () => 'world' } }));
await database.close();

console.log(`\nIn process, ${N} estimates of ${requests.length} cars:`);
console.log(`  estimate (names, defaults, trees)  p50 ${fmt(percentile(estimateTimes, 50))}  p99 ${fmt(percentile(estimateTimes, 99))}`);
console.log(`  bare graphql execute { hello }     p50 ${fmt(percentile(bareTimes, 50))}  p99 ${fmt(percentile(bareTimes, 99))}`);
console.log(`  ratio estimate / bare (p50)        ${(percentile(estimateTimes, 50) / percentile(bareTimes, 50)).toFixed(1)}x`);

// Over HTTP: the real server in its own process (on the database trained above), autocannon at 32 connections.
const server = await startChildServer({ INFERENCE_ENABLED: 'false', DATABASE_PATH: path.join(dir, 'bench.sqlite') });
try {
  const post = (query: string, variables?: unknown) => ({
    url: `${server.url}/graphql`,
    method: 'POST' as const,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
    connections: 32,
  });
  const estimateQuery = 'query ($input: PriceInput!) { estimatePrice(input: $input) { amount low high method } }';
  const trivial = await load(post('{ __typename }'));
  const priced = await load(post(estimateQuery, { input: requests[0] }));
  console.log('\nOver HTTP (loopback, 32 connections, 5 s each):');
  for (const [name, r] of [['{ __typename }', trivial], ['estimatePrice', priced]] as const) {
    console.log(`  ${name.padEnd(16)} ${r.requestsPerSecond.toFixed(0).padStart(6)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  errors ${r.errors + r.non2xx}`);
  }
  console.log(`  ratio estimatePrice / trivial     ${(priced.requestsPerSecond / trivial.requestsPerSecond).toFixed(2)}x throughput`);
} finally {
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
