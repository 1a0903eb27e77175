/**
 * Inference configuration: the shape the service config provides, and the
 * defaults (with the measurements behind them).
 */
import type { AdmissionLimits } from './admission.js';
import type { BatchingOptions } from './batcher.js';
import { DEFAULT_DECODE_OPTIONS, type DecodeOptions } from './decode.js';
import type { RuntimeOptions } from './runtime.js';
import type { ExecutionProvider } from './types.js';

export interface InferenceConfig {
  /** Folder holding `<id>/manifest.json`. */
  modelsDir: string;
  /** Detector model id. */
  detector: string;
  /** Classifier ids in priority order; the first one present is used. */
  classifiers: string[];
  /** ImageNet model for the coarse body type and the whole-image fallback; null = off. */
  bodyTypeModel: string | null;
  runtime: RuntimeOptions;
  decode: DecodeOptions;
  detection: {
    /** Vehicle score threshold; null = the detector manifest's `detector.scoreThreshold`. */
    scoreThreshold: number | null;
    /** Margin added around the vehicle box before classifying, as a fraction of its size per side. */
    cropMargin: number;
  };
  fallback: {
    /**
     * When the detector finds no vehicle, accept the whole image if the
     * ImageNet model puts at least `minVehicleProbability` on car classes
     * (the body-type model's `bodyTypes.vehicleLabels`).
     */
    enabled: boolean;
    minVehicleProbability: number;
  };
  /** Several vehicles in one photo: how many are listed and classified, and the smallest box side worth classifying. */
  vehicles: { maxListed: number; maxClassified: number; minSide: number };
  /** Candidates returned when the caller doesn't say. */
  topK: number;
  /** Without unknown-model statistics: a top-1 probability below this is AMBIGUOUS (and `uncertain`). */
  uncertainThreshold: number;
  /**
   * Micro-batching of classifier runs. null fields take the per-provider
   * default (DEFAULT_BATCHING) once the provider actually used is known.
   */
  batching: { enabled: boolean | null; maxBatchSize: number; maxWaitMs: number | null };
  /** Identifications decoded and run at once, waiting, and their declared pixels together (all requests). */
  admission: AdmissionLimits;
}

/** What callers pass: any subset, nested objects merged with the defaults. */
export type InferenceConfigInput = Partial<Omit<InferenceConfig, 'runtime' | 'decode' | 'detection' | 'fallback' | 'batching' | 'vehicles' | 'admission'>> & {
  vehicles?: Partial<InferenceConfig['vehicles']>;
  runtime?: Partial<RuntimeOptions>;
  decode?: Partial<DecodeOptions>;
  detection?: Partial<InferenceConfig['detection']>;
  fallback?: Partial<InferenceConfig['fallback']>;
  batching?: Partial<InferenceConfig['batching']>;
  admission?: Partial<AdmissionLimits>;
};

/**
 * Per-provider batching defaults. On this project's 2-core CPU with one
 * intra-op thread a batch of N costs about N single runs (MobileNetV2:
 * 1.6 ms single vs 1.8 ms per image in a batch of 8), and the detector's
 * export has a fixed batch of 1. scripts/bench-identify.ts measured
 * throughput with batching on / off at concurrency 1/4/16 between 0.80 and
 * 1.14 (noise from the shared machine), and a 2 ms wait cost up to 19% at
 * concurrency 1: so batching is off on CPU. On CUDA a batch costs about one
 * run, so grouping with a short wait should pay (not measured here: no GPU).
 */
export const DEFAULT_BATCHING: Record<ExecutionProvider, BatchingOptions> = {
  cpu: { enabled: false, maxBatchSize: 8, maxWaitMs: 0 },
  cuda: { enabled: true, maxBatchSize: 16, maxWaitMs: 2 },
};

export const DEFAULT_INFERENCE_CONFIG: InferenceConfig = {
  modelsDir: 'models',
  detector: 'yolox-nano',
  classifiers: ['efficientnet-b7', 'car-classifier'],
  bodyTypeModel: 'mobilenetv2-12-int8',
  runtime: {
    executionProviders: ['cuda', 'cpu'],
    // Measured: on 2 shared cores, 1 intra-op thread is as fast per run as 2 and
    // leaves the other core to a concurrent request, sharp or the event loop.
    intraOpThreads: 1,
    graphOptimizationLevel: 'all',
  },
  decode: DEFAULT_DECODE_OPTIONS,
  detection: { scoreThreshold: null, cropMargin: 0.1 },
  fallback: { enabled: true, minVehicleProbability: 0.5 },
  // Each extra vehicle costs one classifier run pair (~8 ms on CPU); 32 px is where a 224 px crop is mostly upsampling.
  vehicles: { maxListed: 10, maxClassified: 4, minSide: 32 },
  topK: 5,
  uncertainThreshold: 0.5,
  batching: { enabled: null, maxBatchSize: 8, maxWaitMs: null },
  // Two at once keep both cores busy (sharp and ORT run off the event loop); 100 MP is two images at the
  // 50 MP limit, 300 MB of decoded RGB at most; a queue of 16 is about half a second of work at ~35 ms each.
  admission: { maxConcurrent: 2, maxQueued: 16, maxPixelsInFlight: 100_000_000 },
};

export function resolveConfig(input: InferenceConfigInput = {}): InferenceConfig {
  const d = DEFAULT_INFERENCE_CONFIG;
  const c: InferenceConfig = {
    ...d,
    ...stripUndefined(input),
    runtime: { ...d.runtime, ...stripUndefined(input.runtime ?? {}) },
    decode: { ...d.decode, ...stripUndefined(input.decode ?? {}) },
    detection: { ...d.detection, ...stripUndefined(input.detection ?? {}) },
    fallback: { ...d.fallback, ...stripUndefined(input.fallback ?? {}) },
    batching: { ...d.batching, ...stripUndefined(input.batching ?? {}) },
    vehicles: { ...d.vehicles, ...stripUndefined(input.vehicles ?? {}) },
    admission: { ...d.admission, ...stripUndefined(input.admission ?? {}) },
  };
  const problems: string[] = [];
  const check = (ok: boolean, msg: string): void => {
    if (!ok) problems.push(msg);
  };
  check(c.classifiers.length > 0, 'classifiers must list at least one model id');
  check(c.runtime.executionProviders.every((p) => p === 'cuda' || p === 'cpu'), 'runtime.executionProviders may only contain "cuda" and "cpu"');
  check(Number.isInteger(c.runtime.intraOpThreads) && c.runtime.intraOpThreads >= 0, 'runtime.intraOpThreads must be an integer >= 0 (0 = ORT default)');
  check(Number.isInteger(c.decode.limitInputPixels) && c.decode.limitInputPixels > 0, 'decode.limitInputPixels must be a positive integer');
  check(c.detection.cropMargin >= 0 && c.detection.cropMargin <= 1, 'detection.cropMargin must be within 0..1');
  check(c.detection.scoreThreshold === null || (c.detection.scoreThreshold > 0 && c.detection.scoreThreshold < 1), 'detection.scoreThreshold must be within (0, 1)');
  check(c.fallback.minVehicleProbability > 0 && c.fallback.minVehicleProbability <= 1, 'fallback.minVehicleProbability must be within (0, 1]');
  check(Number.isInteger(c.topK) && c.topK >= 1 && c.topK <= 50, 'topK must be an integer within 1..50');
  check(c.uncertainThreshold >= 0 && c.uncertainThreshold <= 1, 'uncertainThreshold must be within 0..1');
  check(
    [c.vehicles.maxListed, c.vehicles.maxClassified].every((n) => Number.isInteger(n) && n >= 1) && c.vehicles.minSide >= 0,
    'vehicles.maxListed and vehicles.maxClassified must be integers >= 1, vehicles.minSide >= 0',
  );
  check(Number.isInteger(c.batching.maxBatchSize) && c.batching.maxBatchSize >= 1, 'batching.maxBatchSize must be an integer >= 1');
  check(c.batching.maxWaitMs === null || c.batching.maxWaitMs >= 0, 'batching.maxWaitMs must be >= 0');
  const { admission } = c;
  check(Number.isInteger(admission.maxConcurrent) && admission.maxConcurrent >= 1, 'admission.maxConcurrent must be an integer >= 1');
  check(Number.isInteger(admission.maxQueued) && admission.maxQueued >= 0, 'admission.maxQueued must be an integer >= 0');
  check(admission.maxPixelsInFlight >= 1, 'admission.maxPixelsInFlight must be >= 1');
  if (problems.length > 0) throw new Error(`invalid inference config: ${problems.join('; ')}`);
  return c;
}

/** Batching options for a model that runs on `provider`. */
export function batchingFor(config: InferenceConfig, provider: ExecutionProvider): BatchingOptions {
  const d = DEFAULT_BATCHING[provider];
  return {
    enabled: config.batching.enabled ?? d.enabled,
    maxBatchSize: config.batching.maxBatchSize,
    maxWaitMs: config.batching.maxWaitMs ?? d.maxWaitMs,
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
