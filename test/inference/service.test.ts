/**
 * The inference service end to end, with real ONNX Runtime sessions and real
 * photos (test/fixtures/photos, see its README). The classifier is
 * models/car-classifier when it exists, else the ImageNet MobileNetV2 stands
 * in so the pipeline can still be exercised.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../src/errors.js';
import { ImageClassifier } from '../../src/inference/classifier.js';
import { InferenceService, type IdentifyResult, type InferenceConfigInput } from '../../src/inference/index.js';
import { meanLogits, softmax } from '../../src/inference/postprocess.js';
import { loadModel } from '../../src/inference/registry.js';
import { ModelSession } from '../../src/inference/session.js';
import { flipCHW } from '../../src/inference/tensor.js';

// INFERENCE_TEST_MODELS_DIR lets the suite run against another models folder (e.g. one without car-classifier).
const MODELS_DIR = process.env.INFERENCE_TEST_MODELS_DIR ?? 'models';
const HAS_CAR_CLASSIFIER = existsSync(`${MODELS_DIR}/car-classifier/manifest.json`);
const CONFIG: InferenceConfigInput = { modelsDir: MODELS_DIR, classifiers: ['car-classifier', 'mobilenetv2-12-int8'] };

/** Fixtures where YOLOX finds the car; the folder is the true label. */
const CARS = [
  'clio/car276.jpg',
  'Golf/car528.jpg',
  'duster/car434.jpg',
  'picanto/car1037.jpg',
  'octavia/car1030.jpg',
  'volkswagen_tiguan/car1519.jpg',
  'toyota_corolla/car1455.jpg',
  'megane/car782.jpg',
];
/** A close-up the detector scores below threshold: accepted by the whole-image fallback. */
const CLOSE_UP = 'clio/car172.jpg';

const photo = (f: string): Promise<Buffer> => readFile(`test/fixtures/photos/${f}`);
const spyLogger = () => ({ warn: vi.fn(), info: vi.fn() });

async function errorOf(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

function expectWellFormed(r: IdentifyResult, topK: number): void {
  const b = r.boundingBox;
  expect(b.x).toBeGreaterThanOrEqual(0);
  expect(b.y).toBeGreaterThanOrEqual(0);
  expect(b.width).toBeGreaterThan(0);
  expect(b.height).toBeGreaterThan(0);
  expect(b.x + b.width).toBeLessThanOrEqual(r.imageWidth);
  expect(b.y + b.height).toBeLessThanOrEqual(r.imageHeight);
  expect(r.candidates).toHaveLength(topK);
  const p = r.candidates.map((c) => c.confidence);
  expect([...p].sort((x, y) => y - x)).toEqual(p);
  expect(p.every((x) => x >= 0 && x <= 1)).toBe(true);
  expect(p.reduce((a, x) => a + x, 0)).toBeLessThanOrEqual(1 + 1e-9);
  expect(r.confidence).toBe(p[0]);
  expect(r.uncertain).toBe(r.outcome !== 'IDENTIFIED');
  if (r.novelty) {
    // The outcome follows the shipped statistics: unknown above the score threshold, else the probability decides.
    expect(r.outcome === 'UNKNOWN_MODEL').toBe(r.novelty.score > r.novelty.threshold);
  } else {
    expect(r.outcome).toBe(p[0] < 0.5 ? 'AMBIGUOUS' : 'IDENTIFIED');
  }
  const main = r.vehicles.find((v) => v.main);
  expect(r.vehicles[0]).toBe(main);
  expect(main).toMatchObject({ boundingBox: r.boundingBox, outcome: r.outcome, confidence: r.confidence, skipped: null });
  expect(r.timings.totalMs).toBeGreaterThanOrEqual(r.timings.detectMs);
}

/** Same identification: same top labels and box, probabilities within 1e-4. */
function expectSameResult(a: IdentifyResult, b: IdentifyResult): void {
  expect(b.candidates.map((c) => c.label)).toEqual(a.candidates.map((c) => c.label));
  b.candidates.forEach((c, i) => expect(Math.abs(c.confidence - a.candidates[i].confidence)).toBeLessThan(1e-4));
  expect(b.boundingBox).toEqual(a.boundingBox);
  expect(b.detectionSource).toBe(a.detectionSource);
}

let service: InferenceService;
let logger: ReturnType<typeof spyLogger>;
const single = new Map<string, IdentifyResult>();

beforeAll(async () => {
  logger = spyLogger();
  // Default providers ['cuda', 'cpu']: this machine has no CUDA, so it must fall back.
  service = await InferenceService.create(CONFIG, logger);
});
afterAll(() => service?.close());

describe('InferenceService.create', () => {
  it('falls back from CUDA to CPU with a warning, and records the provider used', () => {
    if (service.provider === 'cuda') {
      expect(logger.warn).not.toHaveBeenCalledWith(expect.stringMatching(/"cuda" unavailable/), expect.anything());
      return;
    }
    expect(service.provider).toBe('cpu');
    const cudaWarnings = logger.warn.mock.calls.filter(([m]) => /provider "cuda" unavailable.*falling back to "cpu"/.test(String(m)));
    expect(cudaWarnings).toHaveLength(1); // once, not once per model
    expect(service.status().models.filter((m) => m.state === 'present').every((m) => m.provider === 'cpu')).toBe(true);
  });

  it('reports every configured model for /ready, absent ones included', () => {
    const s = service.status();
    expect(s.ready).toBe(true);
    expect(s.classifier).toBe(HAS_CAR_CLASSIFIER ? 'car-classifier' : 'mobilenetv2-12-int8');
    expect(new Set(s.models.map((m) => m.id)).size).toBe(s.models.length);
    expect(s.models.find((m) => m.id === 'mobilenetv2-12-int8')?.role).toBe(HAS_CAR_CLASSIFIER ? 'bodyType' : 'classifier');
    const yolox = s.models.find((m) => m.id === 'yolox-nano');
    expect(yolox).toMatchObject({ role: 'detector', state: 'present', task: 'detector', version: '1.0.0', input: { width: 416, height: 416 } });
    if (!HAS_CAR_CLASSIFIER) {
      expect(s.models.find((m) => m.id === 'car-classifier')).toMatchObject({ state: 'absent', provider: null, reason: expect.stringMatching(/not found/) });
    }
  });

  it('fails clearly when no configured classifier exists', async () => {
    await expect(InferenceService.create({ ...CONFIG, classifiers: ['efficientnet-b7-missing'] }, spyLogger())).rejects.toThrow(
      /none of the configured classifiers is available \(efficientnet-b7-missing: .*not found\)/,
    );
  });
});

describe('identify', () => {
  it.each(CARS)('finds the vehicle and ranks candidates in %s', async (file) => {
    const r = await service.identify(await photo(file), { topK: 5 });
    single.set(file, r);
    expectWellFormed(r, 5);
    expect(r.detectionSource).toBe('detector');
    expect(['car', 'truck', 'bus']).toContain(r.detectorClass);
    expect(r.detectionScore).toBeGreaterThanOrEqual(0.25);
    // The car dominates these photos: the box covers a good part of the frame.
    expect(r.boundingBox.width * r.boundingBox.height).toBeGreaterThan(0.2 * 224 * 224);
    expect(r.model.id).toBe(service.status().classifier);
    expect(r.provider).toBe(service.provider);
    if (HAS_CAR_CLASSIFIER) {
      const truth = file.split('/')[0].toLowerCase();
      expect(r.candidates.slice(0, 3).map((c) => c.label.toLowerCase())).toContain(truth);
    }
  });

  it('accepts a close-up the detector misses through the whole-image fallback', async () => {
    const r = await service.identify(await photo(CLOSE_UP), { topK: 3 });
    expectWellFormed(r, 3);
    expect(r).toMatchObject({ detectionSource: 'whole-image', detectorClass: null, boundingBox: { x: 0, y: 0, width: 224, height: 224 } });
    expect(r.detectionScore).toBeGreaterThanOrEqual(0.5);
  });

  it('gives PNG and WebP the same identification as the JPEG', async () => {
    const file = CARS[0];
    const jpeg = await photo(file);
    const ref = await service.identify(jpeg, { topK: 5 });
    const pixels = await sharp(jpeg).raw().toBuffer();
    const raw = sharp(pixels, { raw: { width: 224, height: 224, channels: 3 } });
    expectSameResult(ref, await service.identify(await raw.clone().png().toBuffer(), { topK: 5 }));
    expectSameResult(ref, await service.identify(await raw.clone().webp({ lossless: true }).toBuffer(), { topK: 5 }));
    // Lossy WebP: different pixels, same answer.
    const lossy = await service.identify(await sharp(jpeg).webp({ quality: 90 }).toBuffer(), { topK: 5 });
    expect(lossy.candidates[0].label).toBe(ref.candidates[0].label);
  });

  it('works on greyscale and RGBA inputs', async () => {
    const jpeg = await photo(CARS[1]);
    const grey = await service.identify(await sharp(jpeg).toColourspace('b-w').png().toBuffer(), { topK: 3 });
    expectWellFormed(grey, 3);
    const rgba = await service.identify(await sharp(jpeg).ensureAlpha(0.8).png().toBuffer(), { topK: 3 });
    expectWellFormed(rgba, 3);
    expect(rgba.detectionSource).toBe('detector');
  });

  it('reports boxes in the EXIF-oriented image', async () => {
    // Make the scene non-square so a missed rotation would show in the size and the box.
    const scene = await sharp(await photo(CARS[0])).extend({ bottom: 96, background: '#808080' }).png().toBuffer(); // 224 x 320
    const upright = await service.identify(scene);
    const stored = await sharp(scene).rotate(-90).withMetadata({ orientation: 6 }).jpeg({ quality: 95 }).toBuffer(); // 320 x 224 on disk
    const r = await service.identify(stored);
    expect([r.imageWidth, r.imageHeight]).toEqual([224, 320]);
    for (const k of ['x', 'y', 'width', 'height'] as const) expect(Math.abs(r.boundingBox[k] - upright.boundingBox[k])).toBeLessThanOrEqual(4);
  });

  it('maps the box back to original pixels on a 1920x1080 photo', async () => {
    const small = await service.identify(await photo(CARS[2]));
    const big = await sharp(await photo(CARS[2])).resize(1920, 1080, { fit: 'fill' }).jpeg({ quality: 90 }).toBuffer();
    const r = await service.identify(big);
    expect([r.imageWidth, r.imageHeight]).toEqual([1920, 1080]);
    const sx = 1920 / 224;
    const sy = 1080 / 224;
    expect(Math.abs(r.boundingBox.x - small.boundingBox.x * sx)).toBeLessThan(0.04 * 1920);
    expect(Math.abs(r.boundingBox.width - small.boundingBox.width * sx)).toBeLessThan(0.04 * 1920);
    expect(Math.abs(r.boundingBox.y - small.boundingBox.y * sy)).toBeLessThan(0.04 * 1080);
    expect(Math.abs(r.boundingBox.height - small.boundingBox.height * sy)).toBeLessThan(0.04 * 1080);
  });

  it('rejects random noise and a flat image with NO_VEHICLE_FOUND', async () => {
    let seed = 42;
    const noise = Buffer.alloc(320 * 240 * 3, 0).map(() => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16) & 0xff);
    const noiseJpeg = await sharp(noise, { raw: { width: 320, height: 240, channels: 3 } }).jpeg().toBuffer();
    const flat = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#3a6ea5' } }).png().toBuffer();
    for (const img of [noiseJpeg, flat]) {
      const e = await errorOf(service.identify(img));
      expect(e.code).toBe('NO_VEHICLE_FOUND');
    }
  });

  it('maps bad uploads to client error codes', async () => {
    const jpeg = await photo(CARS[0]);
    expect((await errorOf(service.identify(Buffer.from('this is a text file\n')))).code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect((await errorOf(service.identify(jpeg.subarray(0, jpeg.length >> 1)))).code).toBe('BAD_USER_INPUT');
    expect((await errorOf(service.identify(Buffer.alloc(0)))).code).toBe('BAD_USER_INPUT');
    expect((await errorOf(service.identify(jpeg, { topK: 0 }))).code).toBe('BAD_USER_INPUT');
  });
});

describe('batching', () => {
  it('gives batched results equal to single results', async () => {
    const run = vi.spyOn(ModelSession.prototype, 'runWithFeatures');
    const batched = await InferenceService.create({ ...CONFIG, runtime: { executionProviders: ['cpu'] }, batching: { enabled: true, maxWaitMs: 50, maxBatchSize: 8 } }, spyLogger());
    try {
      expect(batched.status().models.find((m) => m.role === 'classifier')?.batching).toBe(true);
      const files = CARS.slice(0, 6);
      const images = await Promise.all(files.map(photo));
      const noise = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).png().toBuffer();
      run.mockClear();
      const out = await batched.identifyBatch([...images, noise], { topK: 5 });
      // Several classifier inputs went through one session run.
      expect(run.mock.calls.some(([, count]) => count > 1)).toBe(true);
      for (const [i, file] of files.entries()) {
        const item = out[i];
        expect(item.ok).toBe(true);
        if (item.ok) expectSameResult(single.get(file) ?? (await service.identify(images[i], { topK: 5 })), item.result);
      }
      const last = out[files.length];
      expect(last.ok).toBe(false);
      if (!last.ok) expect(last.error.code).toBe('NO_VEHICLE_FOUND');
    } finally {
      run.mockRestore();
      await batched.close();
    }
  });

  it('averages the logits of the image and its mirror (flip TTA) in one run', async () => {
    const entry = await loadModel(MODELS_DIR, 'mobilenetv2-12-int8');
    const session = await ModelSession.open({ ...entry, manifest: { ...entry.manifest, testTimeFlip: true, temperature: 1.5 } }, { executionProviders: ['cpu'], intraOpThreads: 1, graphOptimizationLevel: 'all' }, spyLogger());
    try {
      const clf = new ImageClassifier(session, { enabled: false, maxBatchSize: 8, maxWaitMs: 0 });
      const { decodeImage } = await import('../../src/inference/decode.js');
      const img = await decodeImage(await photo(CARS[0]));
      const region = { x: 20, y: 40, width: 200, height: 140 };
      const t = await clf.tensorFor(img, region);
      const [a] = await session.run(t, 1);
      const [b] = await session.run(flipCHW(t, 3, 224, 224), 1);
      const expected = softmax(meanLogits([a, b]), 1.5);
      const got = await clf.classify(img, region);
      let maxDiff = 0;
      for (let i = 0; i < got.length; i++) maxDiff = Math.max(maxDiff, Math.abs(got[i] - expected[i]));
      expect(maxDiff).toBeLessThan(1e-6);
    } finally {
      await session.release();
    }
  });
});

describe('close', () => {
  it('refuses new work once closed', async () => {
    const s = await InferenceService.create({ ...CONFIG, runtime: { executionProviders: ['cpu'] } }, spyLogger());
    const pending = s.identify(await photo(CARS[0]));
    await s.close();
    await expect(pending).resolves.toBeTruthy(); // in-flight work finishes first
    expect((await errorOf(s.identify(await photo(CARS[0])))).code).toBe('SERVICE_UNAVAILABLE');
    expect(s.status().ready).toBe(false);
  });
});
