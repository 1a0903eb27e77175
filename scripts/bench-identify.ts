/**
 * Identification benchmark (no assertions; numbers for humans).
 *
 *   npm run build && node dist/scripts/bench-identify.js
 *
 * 1. Latency per 1920x1080 JPEG: a hand-written "raw" sharp + onnxruntime
 *    pipeline doing the same work (decode, letterbox, detect, crop, classify)
 *    vs the service path (InferenceService.identify). Runs are interleaved so
 *    load from other jobs hits both alike. Target: service p50 within 1.1x of
 *    raw, and <= 60 ms on CPU.
 * 2. Throughput at concurrency 1/4/16, micro-batching off vs on, one table.
 * 3. efficientnet-b7 latency when its weights exist.
 *
 * Environment: BENCH_PROVIDERS (default "cpu"; "cuda,cpu" on a GPU machine),
 * BENCH_THREADS (intra-op threads, comma list to compare; default "1"),
 * BENCH_ITERATIONS (default 40), BENCH_REQUESTS (per throughput cell, default 48),
 * BENCH_CLASSIFIERS (default "efficientnet-b7,car-classifier,mobilenetv2-12-int8"),
 * BENCH_REQUIRE_PROVIDER ("cuda": fail instead of silently measuring the CPU fallback).
 *
 * The raw baseline imports onnxruntime-node directly on purpose: it is the
 * reference the service's abstractions are measured against.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import sharp from 'sharp';
import { InferenceService, probeModel, type ExecutionProvider, type InferenceConfigInput } from '../src/inference/index.js';
import type { ModelManifest } from '../src/inference/manifest.js';

const MODELS = process.env.BENCH_MODELS_DIR ?? 'models';
const PROVIDERS = (process.env.BENCH_PROVIDERS ?? 'cpu').split(',').map((s) => s.trim()) as ExecutionProvider[];
const THREADS = (process.env.BENCH_THREADS ?? '1').split(',').map(Number);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 40);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 48);
const CLASSIFIERS = (process.env.BENCH_CLASSIFIERS ?? 'efficientnet-b7,car-classifier,mobilenetv2-12-int8').split(',');
const REQUIRE = process.env.BENCH_REQUIRE_PROVIDER as ExecutionProvider | undefined;
const FIXTURE = 'test/fixtures/photos/duster/car434.jpg';
const quiet = { warn: (m: string) => console.warn(`  warn: ${m}`), info: () => {} };

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const f1 = (x: number): string => x.toFixed(1);

interface RawModel {
  session: InferenceSession;
  m: ModelManifest;
}

async function rawModel(id: string, threads: number): Promise<RawModel> {
  const m = JSON.parse(await readFile(join(MODELS, id, 'manifest.json'), 'utf8')) as ModelManifest;
  const session = await InferenceSession.create(join(MODELS, id, m.file), {
    executionProviders: PROVIDERS,
    intraOpNumThreads: threads,
    graphOptimizationLevel: 'all',
  });
  return { session, m };
}

/** HWC RGB -> CHW float with the manifest's normalisation into a w x h tensor at (0,0). */
function pack(px: Buffer, w: number, h: number, m: ModelManifest, fill: number): Float32Array {
  const W = m.input.width;
  const H = m.input.height;
  const out = new Float32Array(3 * W * H);
  const mean = m.input.mean ?? [0, 0, 0];
  const std = m.input.std ?? [1, 1, 1];
  for (let c = 0; c < 3; c++) {
    const src = m.input.colorOrder === 'BGR' ? 2 - c : c;
    const a = m.input.scale / std[c];
    const b = -mean[c] / std[c];
    const plane = out.subarray(c * W * H, (c + 1) * W * H);
    plane.fill(fill * a + b);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) plane[y * W + x] = px[(y * w + x) * 3 + src] * a + b;
  }
  return out;
}

/** The same pipeline written straight against sharp and onnxruntime, no abstractions. */
async function rawIdentify(jpeg: Buffer, det: RawModel, classifiers: RawModel[]): Promise<number> {
  const { data, info } = await sharp(jpeg).rotate().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  const { width: W, height: H } = info;
  const img = () => sharp(data, { raw: { width: W, height: H, channels: 3 } });
  const s = Math.min(416 / W, 416 / H);
  const rw = Math.round(W * s);
  const rh = Math.round(H * s);
  const small = await img().resize(rw, rh, { fit: 'fill', kernel: det.m.input.interpolation ?? 'lanczos3' }).raw().toBuffer();
  const input = pack(small, rw, rh, det.m, 114);
  const out = (await det.session.run({ [det.m.input.name]: new Tensor('float32', input, [1, 3, 416, 416]) }))[det.m.output.name].data as Float32Array;
  // Best vehicle box (car 2, bus 5, truck 7) by area x score.
  let best = { v: -1, x: 0, y: 0, w: W, h: H };
  let row = 0;
  for (const stride of [8, 16, 32]) {
    const g = 416 / stride;
    for (let gy = 0; gy < g; gy++) {
      for (let gx = 0; gx < g; gx++, row++) {
        const p = row * 85;
        const score = out[p + 4] * Math.max(out[p + 7], out[p + 10], out[p + 12]);
        if (score < 0.25) continue;
        const bw = Math.exp(out[p + 2]) * stride;
        const bh = Math.exp(out[p + 3]) * stride;
        const v = bw * bh * score;
        if (v > best.v) best = { v, x: (out[p] + gx) * stride - bw / 2, y: (out[p + 1] + gy) * stride - bh / 2, w: bw, h: bh };
      }
    }
  }
  const bx = Math.max(0, Math.floor(best.x / s - 0.1 * (best.w / s)));
  const by = Math.max(0, Math.floor(best.y / s - 0.1 * (best.h / s)));
  const bw = Math.min(W - bx, Math.ceil((best.w / s) * 1.2));
  const bh = Math.min(H - by, Math.ceil((best.h / s) * 1.2));
  let top = 0;
  await Promise.all(
    classifiers.map(async (c) => {
      const { width: cw, height: ch, resizeShorter } = c.m.input;
      const k = (resizeShorter ?? Math.min(cw, ch)) / Math.min(bw, bh);
      const ew = Math.min(bw, Math.round(cw / k));
      const eh = Math.min(bh, Math.round(ch / k));
      const crop = await img()
        .extract({ left: bx + ((bw - ew) >> 1), top: by + ((bh - eh) >> 1), width: ew, height: eh })
        .resize(cw, ch, { fit: 'fill', kernel: c.m.input.interpolation ?? 'lanczos3' })
        .raw()
        .toBuffer();
      const t = pack(crop, cw, ch, c.m, 0);
      const n = c.m.testTimeFlip ? 2 : 1;
      const batch = n === 2 ? new Float32Array(2 * t.length) : t;
      if (n === 2) {
        batch.set(t);
        for (let i = 0; i < 3 * ch; i++) for (let x = 0; x < cw; x++) batch[t.length + i * cw + x] = t[i * cw + cw - 1 - x];
      }
      const logits = (await c.session.run({ [c.m.input.name]: new Tensor('float32', batch, [n, 3, ch, cw]) }))[c.m.output.name].data as Float32Array;
      top = Math.max(top, logits[0]);
    }),
  );
  return top;
}

async function latency(jpeg: Buffer, threads: number): Promise<void> {
  const config: InferenceConfigInput = { modelsDir: MODELS, classifiers: CLASSIFIERS, runtime: { executionProviders: PROVIDERS, intraOpThreads: threads } };
  const service = await InferenceService.create(config, quiet);
  if (REQUIRE && service.provider !== REQUIRE) {
    await service.close();
    throw new Error(`BENCH_REQUIRE_PROVIDER=${REQUIRE} but the service runs on ${service.provider} (see the warnings above)`);
  }
  const status = service.status();
  const used = [...new Set(status.models.filter((m) => m.provider !== null).map((m) => m.id))];
  const det = await rawModel(status.models.find((m) => m.role === 'detector')!.id, threads);
  const raws = await Promise.all(used.filter((id) => id !== det.m.id).map((id) => rawModel(id, threads)));
  for (let i = 0; i < 5; i++) {
    await rawIdentify(jpeg, det, raws);
    await service.identify(jpeg);
  }
  const raw: number[] = [];
  const full: number[] = [];
  const stages = { decodeMs: [] as number[], detectMs: [] as number[], classifyMs: [] as number[] };
  for (let i = 0; i < ITERATIONS; i++) {
    let t = performance.now();
    await rawIdentify(jpeg, det, raws);
    raw.push(performance.now() - t);
    t = performance.now();
    const r = await service.identify(jpeg);
    full.push(performance.now() - t);
    for (const k of Object.keys(stages) as (keyof typeof stages)[]) stages[k].push(r.timings[k]);
  }
  const ratio = pct(full, 50) / pct(raw, 50);
  console.log(`\n== Latency, 1920x1080 JPEG, provider ${service.provider}, intra-op threads ${threads}, models: ${used.join(' + ')} (${ITERATIONS} runs, interleaved)`);
  console.log(`  raw sharp+ORT   p50 ${f1(pct(raw, 50))} ms   p90 ${f1(pct(raw, 90))} ms`);
  console.log(`  service path    p50 ${f1(pct(full, 50))} ms   p90 ${f1(pct(full, 90))} ms`);
  console.log(`  overhead ratio  ${ratio.toFixed(3)}x (target <= 1.10)   p50 target <= 60 ms: ${pct(full, 50) <= 60 ? 'met' : 'NOT met'}`);
  console.log(
    `  service stages p50: decode ${f1(pct(stages.decodeMs, 50))} ms, detect ${f1(pct(stages.detectMs, 50))} ms, classify ${f1(pct(stages.classifyMs, 50))} ms`,
  );
  await service.close();
  await Promise.all([det, ...raws].map((m) => m.session.release()));
}

async function throughput(jpeg: Buffer): Promise<void> {
  const make = (enabled: boolean, maxWaitMs: number) =>
    InferenceService.create(
      { modelsDir: MODELS, classifiers: CLASSIFIERS, runtime: { executionProviders: PROVIDERS, intraOpThreads: THREADS[0] }, batching: { enabled, maxWaitMs, maxBatchSize: 8 } },
      quiet,
    );
  const variants = [
    { name: 'off', service: await make(false, 0) },
    { name: 'on, wait 0', service: await make(true, 0) },
    { name: 'on, wait 2ms', service: await make(true, 2) },
  ];
  const run = async (service: InferenceService, concurrency: number): Promise<number> => {
    let next = 0;
    const t = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next++ < REQUESTS) await service.identify(jpeg);
      }),
    );
    return REQUESTS / ((performance.now() - t) / 1000);
  };
  for (const v of variants) await run(v.service, 4); // warm
  console.log(`\n== Throughput (images/s, ${REQUESTS} requests per cell; ratio = batching on / off)`);
  console.log(`  concurrency | ${variants.map((v) => v.name.padStart(12)).join(' | ')} | ratios`);
  for (const c of [1, 4, 16]) {
    // Interleave variants twice and keep the better run of each: the machine is shared.
    const best = variants.map(() => 0);
    for (let rep = 0; rep < 2; rep++) for (const [i, v] of variants.entries()) best[i] = Math.max(best[i], await run(v.service, c));
    const ratios = best.slice(1).map((x) => (x / best[0]).toFixed(2));
    console.log(`  ${String(c).padStart(11)} | ${best.map((x) => f1(x).padStart(12)).join(' | ')} | ${ratios.join(' / ')}`);
  }
  await Promise.all(variants.map((v) => v.service.close()));
}

async function efficientnet(): Promise<void> {
  const probe = await probeModel(MODELS, 'efficientnet-b7');
  if (probe.state === 'absent') {
    console.log(`\n== efficientnet-b7: absent (${probe.reason})`);
    return;
  }
  const { manifest, modelPath } = probe.entry;
  const session = await InferenceSession.create(modelPath, { executionProviders: PROVIDERS, intraOpNumThreads: THREADS[0], graphOptimizationLevel: 'all' });
  const { width, height, name } = manifest.input;
  const feeds = { [name]: new Tensor('float32', new Float32Array(3 * width * height), [1, 3, height, width]) };
  await session.run(feeds);
  const times: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t = performance.now();
    await session.run(feeds);
    times.push(performance.now() - t);
  }
  console.log(`\n== efficientnet-b7 (${width}x${height}) session run: p50 ${f1(pct(times, 50))} ms, p90 ${f1(pct(times, 90))} ms`);
  await session.release();
}

async function main(): Promise<void> {
  const jpeg = await sharp(await readFile(FIXTURE)).resize(1920, 1080, { fit: 'fill' }).jpeg({ quality: 90 }).toBuffer();
  console.log(`bench-identify: providers [${PROVIDERS.join(', ')}], fixture ${FIXTURE} upscaled to 1920x1080 (${(jpeg.length / 1024).toFixed(0)} KiB)`);
  for (const threads of THREADS) await latency(jpeg, threads);
  await throughput(jpeg);
  await efficientnet();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
