/**
 * `npm run bench:load`: a bounded load test on loopback. The real server runs
 * in its own process; autocannon mixes estimatePrice (JSON) and
 * identifyVehicle (multipart upload of a real photo) at several
 * concurrencies, then the server's memory is compared before and after a few
 * thousand identifications.
 */
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../src/config.js';
import { load, startChildServer } from './lib/bench.js';

const photo = fs.readFileSync(path.join(projectRoot, 'test/fixtures/photos/clio/car172.jpg'));
const BOUNDARY = '----carvalue-bench';
const multipartBody = Buffer.concat([
  Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n` +
      JSON.stringify({ query: 'mutation ($image: Upload!) { identifyVehicle(image: $image, topK: 3) { confidence candidates { label } } }', variables: { image: null } }) +
      `\r\n--${BOUNDARY}\r\nContent-Disposition: form-data; name="map"\r\n\r\n{"0":["variables.image"]}\r\n` +
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="0"; filename="car.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
  ),
  photo,
  Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
]);
const estimateBody = JSON.stringify({
  query: 'query ($input: PriceInput!) { estimatePrice(input: $input) { amount low high } }',
  variables: { input: { make: 'Toyota', model: 'RAV4', year: 2021, mileageKm: 60000, fuel: 'PETROL', transmission: 'AUTOMATIC', powerHp: 150 } },
});

const server = await startChildServer();
const memory = async () => {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? NaN) / 1024 / 1024;
  return { rssMb: value('carvalue_process_resident_memory_bytes'), heapMb: value('carvalue_nodejs_heap_size_used_bytes') };
};

try {
  const requests = [
    { method: 'POST' as const, path: '/graphql', headers: { 'content-type': 'application/json' }, body: estimateBody },
    {
      method: 'POST' as const,
      path: '/graphql',
      headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'apollo-require-preflight': 'true' },
      body: multipartBody,
    },
  ];
  // Warm-up, then the memory baseline.
  await load({ url: server.url, requests, connections: 4, duration: 3 });
  const before = await memory();
  console.log('Mixed load (1 estimatePrice : 1 identifyVehicle), loopback, 8 s per row:');
  console.log('  connections   req/s    p50 ms   p99 ms   errors');
  let total = 0;
  for (const connections of [1, 8, 32]) {
    const r = await load({ url: server.url, requests, connections, duration: 8 });
    total += Math.round(r.requestsPerSecond * 8);
    console.log(`  ${String(connections).padStart(11)}  ${r.requestsPerSecond.toFixed(1).padStart(6)}  ${String(r.p50).padStart(8)} ${String(r.p99).padStart(8)}  ${String(r.errors + r.non2xx).padStart(7)}`);
  }
  // Memory over successive rounds of identifications: growth should level off, not climb.
  const afterMixed = await memory();
  console.log(`\nServer memory: baseline RSS ${before.rssMb.toFixed(0)} MB, heap ${before.heapMb.toFixed(0)} MB; after the mixed load (~${Math.round(total / 2)} identifications) RSS ${afterMixed.rssMb.toFixed(0)} MB, heap ${afterMixed.heapMb.toFixed(0)} MB`);
  for (let round = 1; round <= 3; round++) {
    const r = await load({ url: server.url, requests: [requests[1]], connections: 8, amount: 1000 });
    const m = await memory();
    console.log(
      `  +1000 identifications (round ${round}, ${r.requestsPerSecond.toFixed(1)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, errors ${r.errors + r.non2xx}): ` +
        `RSS ${m.rssMb.toFixed(0)} MB, heap ${m.heapMb.toFixed(0)} MB`,
    );
  }
} finally {
  await server.stop();
}
