/**
 * `npm run bench:price`: estimatePrice in-process (p50/p99) and over HTTP
 * (requests/s at concurrency 32), each beside a bare graphql execution of a
 * trivial query measured in the same run, printed as ratios.
 */
import 'reflect-metadata';
import { buildSchema as buildSdlSchema, execute, parse } from 'graphql';
import { loadConfig } from '../src/config.js';
import type { PriceRequest } from '../src/pricing/pricing-service.js';
import { openPricing } from './lib/pricing.js';
import { fmt, load, percentile, startChildServer, timeMany } from './lib/bench.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const N = 5000;
const request: PriceRequest = { make: 'Mercedes', model: 'Classe E', year: 2015, mileageKm: 120_000, fuel: 'DIESEL', transmission: 'AUTOMATIC', powerHp: 150 };

// In process: the pricing service against a bare graphql-js execution of `{ hello }`.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carvalue-bench-'));
const config = loadConfig({ DATABASE_PATH: path.join(dir, 'bench.sqlite') });
const { database, pricing } = openPricing(config);
pricing.ensureTrained();
const trivialSchema = buildSdlSchema('type Query { hello: String }');
const trivialDocument = parse('{ hello }');
const rootValue = { hello: () => 'world' };

const estimateTimes = await timeMany(N, () => pricing.estimate(request));
const bareTimes = await timeMany(N, () => execute({ schema: trivialSchema, document: trivialDocument, rootValue }));
database.close();
fs.rmSync(dir, { recursive: true, force: true });

console.log(`In process, ${N} calls each:`);
console.log(`  estimate (match + stored model)   p50 ${fmt(percentile(estimateTimes, 50))}  p99 ${fmt(percentile(estimateTimes, 99))}`);
console.log(`  bare graphql execute { hello }    p50 ${fmt(percentile(bareTimes, 50))}  p99 ${fmt(percentile(bareTimes, 99))}`);
console.log(`  ratio estimate / bare (p50)       ${(percentile(estimateTimes, 50) / percentile(bareTimes, 50)).toFixed(1)}x`);

// Over HTTP: the real server in its own process, autocannon at concurrency 32.
const server = await startChildServer({ INFERENCE_ENABLED: 'false' });
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
  const priced = await load(post(estimateQuery, { input: request }));
  console.log('\nOver HTTP (loopback, 32 connections, 5 s each):');
  for (const [name, r] of [['{ __typename }', trivial], ['estimatePrice', priced]] as const) {
    console.log(`  ${name.padEnd(16)} ${r.requestsPerSecond.toFixed(0).padStart(6)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  errors ${r.errors + r.non2xx}`);
  }
  console.log(`  ratio estimatePrice / trivial     ${(priced.requestsPerSecond / trivial.requestsPerSecond).toFixed(2)}x throughput`);
} finally {
  await server.stop();
}
