/**
 * Types shared by the inference layer. No runtime code: every module may
 * import this without pulling in sharp or ONNX Runtime.
 */

/** Minimal logger; pino, console and test spies all fit. */
export interface Logger {
  warn(message: string, details?: Record<string, unknown>): void;
  info(message: string, details?: Record<string, unknown>): void;
}

export type ExecutionProvider = 'cuda' | 'cpu';
export type GraphOptimizationLevel = 'disabled' | 'basic' | 'extended' | 'layout' | 'all';

/** Decoded, oriented image: 8-bit interleaved RGB (HWC), 3 channels. */
export interface RawImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** Axis-aligned rectangle in pixels: top-left corner plus size. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Integer pixel rectangle, always inside the image it refers to. */
export type PixelRect = Box;

export interface Detection {
  box: Box;
  score: number;
  classIndex: number;
}

export interface Candidate {
  label: string;
  confidence: number;
  /** Catalogue source label from the manifest's `catalog` map; null when unmapped. */
  catalogLabel: string | null;
}

export interface ModelRef {
  id: string;
  name: string;
  version: string;
}

export interface IdentifyTimings {
  decodeMs: number;
  detectMs: number;
  classifyMs: number;
  totalMs: number;
}

/**
 * How far an answer can be trusted. IDENTIFIED: one of the known car models;
 * AMBIGUOUS: one of a few look-alike known models (the candidates say which);
 * UNKNOWN_MODEL: a car, but its features are far from every known model.
 */
export type IdentificationOutcome = 'IDENTIFIED' | 'AMBIGUOUS' | 'UNKNOWN_MODEL';

/** Why a detected vehicle was listed without candidates. */
export type SkipReason = 'TOO_SMALL' | 'OVER_LIMIT';

/** The unknown-model score of a classified region and the threshold it was compared with. */
export interface NoveltyScore {
  score: number;
  threshold: number;
}

/** One detected vehicle of a photo; the main one is first. */
export interface VehicleResult {
  boundingBox: Box;
  detectionScore: number;
  detectorClass: string | null;
  main: boolean;
  /** Null when classified; otherwise why not. */
  skipped: SkipReason | null;
  candidates: Candidate[];
  confidence: number | null;
  outcome: IdentificationOutcome | null;
  novelty: NoveltyScore | null;
}

export interface IdentifyResult {
  /** Vehicle box in pixels of the EXIF-oriented original image. */
  boundingBox: Box;
  /** Detector score (objectness x class) of the chosen box; for the whole-image fallback, the ImageNet vehicle probability. */
  detectionScore: number;
  /** COCO class of the chosen box ('car' | 'truck' | 'bus'); null for the whole-image fallback. */
  detectorClass: string | null;
  /** 'detector' normally; 'whole-image' when no box passed and the fallback accepted the photo. */
  detectionSource: 'detector' | 'whole-image';
  candidates: Candidate[];
  /** Probability of the top candidate. */
  confidence: number;
  outcome: IdentificationOutcome;
  /** outcome !== 'IDENTIFIED' (kept for older clients). */
  uncertain: boolean;
  /** Null when the classifier ships no unknown-model statistics. */
  novelty: NoveltyScore | null;
  /** Every detected vehicle (bounded), main first; candidates only for those classified. */
  vehicles: VehicleResult[];
  /** Pooled classifier features of the main vehicle (photo fusion; never stored); empty when the model has none. */
  features: Float32Array;
  /** Full probability vector of the main vehicle (photo fusion; never stored). */
  probabilities: Float64Array;
  /** Coarse body type (SPORTS, CONVERTIBLE, MINIVAN, WAGON, SUV, LIMOUSINE, PICKUP, TAXI, ...) or null. */
  bodyType: string | null;
  model: ModelRef;
  /** Execution provider that actually ran the classifier. */
  provider: ExecutionProvider;
  timings: IdentifyTimings;
  imageWidth: number;
  imageHeight: number;
}

export interface IdentifyOptions {
  /** Number of candidates to return (1..50); defaults to the service config. */
  topK?: number;
  /** Aborted when the request reaches its deadline or its client goes away: the remaining stages are skipped. */
  signal?: AbortSignal;
}
