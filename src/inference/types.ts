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
  /** True when the top-1 probability is below the configured threshold. */
  uncertain: boolean;
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
