/**
 * `npm run bench:load`: a bounded load test on loopback. The real server runs
 * in its own process. First, overload: 64 concurrent uploads of 1080p photos,
 * then of ~1 KB truncated images declaring 7000x7000, with /health and /ready
 * polled and one more client's upload sent on a new connection, all from a worker
 * thread (its own event loop), and the server's resident memory sampled from
 * /proc. The 1080p row runs first against a server with the header-stage
 * upload limit and the inference threads' lower priority turned off
 * (MAX_UPLOADS_IN_FLIGHT=0, INFERENCE_NICE=0), so the two compare in one run
 * on the same machine. Then autocannon mixes estimatePrice (JSON) and
 * identifyVehicle (multipart upload of a real photo) at several
 * concurrencies, and the server's memory is compared before and after a few
 * thousand identifications.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import sharp from 'sharp';
import { projectRoot } from '../src/config.js';
import { load, percentile, startChildServer } from './lib/bench.js';
import { jpegDimensionBomb } from './lib/bombs.js';

const photo = fs.readFileSync(path.join(projectRoot, 'test/fixtures/photos/clio/car172.jpg'));
const BOUNDARY = '----carvalue-bench';
const uploadBody = (image: Buffer, filename: string) => Buffer.concat([
  Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n` +
      JSON.stringify({ query: 'mutation ($image: Upload!) { identifyVehicle(image: $image, topK: 3) { confidence candidates { label } } }', variables: { image: null } }) +
      `\r\n--${BOUNDARY}\r\nContent-Disposition: form-data; name="map"\r\n\r\n{"0":["variables.image"]}\r\n` +
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="0"; filename="${filename}"\r\nContent-Type: image/jpeg\r\n\r\n`,
  ),
  image,
  Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
]);
const multipartBody = uploadBody(photo, 'car.jpg');
const uploadHeaders = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'apollo-require-preflight': 'true' };

/** A 1920x1080 JPEG made from the shipped photo (the review's "1080p uploads"). */
const photo1080p = await sharp(photo).resize(1920, 1080, { fit: 'fill' }).jpeg({ quality: 85 }).toBuffer();

/** Resident memory of a process now, from /proc (Linux). */
const rssMbOf = (pid: number): number => {
  const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
};

interface Polled {
  health: number[];
  ready: number[];
  refused: number[];
  admitted: number;
}

/**
 * From a worker thread, until told to stop: polls `${url}/health` and `${url}/ready`, each one request at a
 * time, and sends `probe` (an upload) on a new connection each time, as a client arriving during the
 * overload would. Returns the latencies (ms), sorted: /health, /ready, probes answered 503, and the count
 * of probes admitted.
 */
function pollFromWorker(url: string, probe: Buffer): { stop(): Promise<Polled> } {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const http = require('node:http');
     let running = true; const health = [], ready = [], refused = []; let admitted = 0;
     parentPort.on('message', () => { running = false; });
     const pause = () => new Promise((resolve) => setTimeout(resolve, 20));
     const upload = () => new Promise((resolve, reject) => {
       const t = performance.now();
       const req = http.request(workerData.url + '/graphql', { method: 'POST', agent: false,
         headers: { ...workerData.headers, 'content-length': workerData.body.length } }, (res) => {
         res.resume();
         res.on('end', () => resolve({ status: res.statusCode, ms: performance.now() - t }));
       });
       req.on('error', reject);
       req.end(Buffer.from(workerData.body));
     });
     const poll = async (path, times) => {
       while (running) {
         const t = performance.now();
         const r = await fetch(workerData.url + path); await r.arrayBuffer();
         if (r.status !== 200) throw new Error(path + ' answered ' + r.status);
         times.push(performance.now() - t);
         await pause();
       }
     };
     const polls = [
       poll('/health', health),
       poll('/ready', ready),
       (async () => {
         while (running) {
           const { status, ms } = await upload();
           if (status === 503) refused.push(ms); else admitted++;
           await pause();
         }
       })(),
     ];
     Promise.all(polls).then(() => parentPort.postMessage({ health, ready, refused, admitted }));`,
    { eval: true, workerData: { url, headers: uploadHeaders, body: probe } },
  );
  return {
    stop: () =>
      new Promise((resolve, reject) => {
        worker.once('message', (result: Polled) => {
          for (const times of [result.health, result.ready, result.refused]) times.sort((a, b) => a - b);
          void worker.terminate().then(() => resolve(result));
        });
        worker.once('error', reject);
        worker.postMessage('stop');
      }),
  };
}

/** 64 connections uploading `body` for `seconds`, with /health, /ready and a new client's upload polled and the server's RSS sampled. */
async function overload(url: string, pid: number, name: string, body: Buffer, seconds: number) {
  const baseRss = rssMbOf(pid);
  let peakRss = baseRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMbOf(pid))), 20);
  const polls = pollFromWorker(url, body);
  const r = await load({ url: `${url}/graphql`, connections: 64, duration: seconds, method: 'POST', headers: uploadHeaders, body });
  const { health, ready, refused, admitted } = await polls.stop();
  clearInterval(sampler);
  const p = (sorted: number[], q: number) => (sorted.length > 0 ? percentile(sorted, q).toFixed(1) : '-');
  console.log(
    `  ${name.padEnd(34)} ${r.requestsPerSecond.toFixed(1).padStart(6)} req/s, upload p50 ${r.p50} ms p99 ${r.p99} ms, ` +
      `non-200 ${r.non2xx} (refused or rejected), errors ${r.errors}; /health n=${health.length} p50 ${p(health, 50)} ms p99 ${p(health, 99)} ms max ${p(health, 100)} ms; ` +
      `/ready n=${ready.length} p50 ${p(ready, 50)} ms p99 ${p(ready, 99)} ms; ` +
      `a new client's upload: refused n=${refused.length} in p50 ${p(refused, 50)} ms p99 ${p(refused, 99)} ms, admitted ${admitted}; ` +
      `server RSS ${baseRss.toFixed(0)} -> peak ${peakRss.toFixed(0)} MB`,
  );
}
const estimateBody = JSON.stringify({
  query: 'query ($input: PriceInput!) { estimatePrice(input: $input) { amount low high } }',
  variables: { input: { make: 'Toyota', model: 'RAV4', year: 2021, mileageKm: 60000, fuel: 'PETROL', transmission: 'AUTOMATIC', powerHp: 150 } },
});

const requests = [
  { method: 'POST' as const, path: '/graphql', headers: { 'content-type': 'application/json' }, body: estimateBody },
  { method: 'POST' as const, path: '/graphql', headers: uploadHeaders, body: multipartBody },
];
const warmUp = (url: string) => load({ url, requests, connections: 4, duration: 3 });
const photo1080pBody = uploadBody(photo1080p, 'car.jpg');
console.log(`Overload: 64 concurrent uploads for 15 s each (1080p JPEG ${(photo1080p.length / 1024).toFixed(0)} KB):`);
// The same load first on a server without the upload limit and with inference at the event loop's priority.
const unlimited = await startChildServer({ MAX_UPLOADS_IN_FLIGHT: '0', INFERENCE_NICE: '0', REUSE_IDENTIFICATIONS: 'false' });
try {
  await warmUp(unlimited.url);
  await overload(unlimited.url, unlimited.process.pid!, '1080p, no upload limit, nice 0', photo1080pBody, 15);
} finally {
  await unlimited.stop();
}

const server = await startChildServer({ REUSE_IDENTIFICATIONS: 'false' });
const pid = server.process.pid!;
const memory = async () => {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? NaN) / 1024 / 1024;
  return { rssMb: value('carvalue_process_resident_memory_bytes'), heapMb: value('carvalue_nodejs_heap_size_used_bytes') };
};

try {
  // Warm-up, then the memory baseline.
  await warmUp(server.url);
  const bomb = await jpegDimensionBomb();
  await overload(server.url, pid, '1920x1080 photos', photo1080pBody, 15);
  await overload(server.url, pid, `~1 KB bombs (${bomb.length} B, 7000x7000)`, uploadBody(bomb, 'bomb.jpg'), 15);

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
