/**
 * Pure post-processing: YOLOX decoding and NMS, softmax with temperature,
 * top-k, and test-time-augmentation averaging.
 */
import type { Box, Detection } from './types.js';

export interface YoloxDecodeOptions {
  inputWidth: number;
  inputHeight: number;
  strides: readonly number[];
  numClasses: number;
  /** Only these class indices are considered (e.g. COCO car/bus/truck). */
  classIndices: readonly number[];
  scoreThreshold: number;
}

/** Number of anchor rows YOLOX emits for an input size (3549 for 416x416). */
export const yoloxRows = (w: number, h: number, strides: readonly number[]): number =>
  strides.reduce((n, s) => n + Math.floor(w / s) * Math.floor(h / s), 0);

/**
 * Decodes raw YOLOX output [rows, 5 + classes] (rows ordered stride by
 * stride, each grid row-major). The export already applies the sigmoid to
 * objectness and class scores but leaves boxes as grid offsets and log
 * sizes: cx = (out + gx) * stride, w = exp(out) * stride. Each anchor keeps
 * its best allowed class; score = objectness x class score.
 * Boxes are in model-input pixels (top-left + size).
 */
export function decodeYolox(output: Float32Array, o: YoloxDecodeOptions): Detection[] {
  const dim = 5 + o.numClasses;
  const rows = yoloxRows(o.inputWidth, o.inputHeight, o.strides);
  if (output.length !== rows * dim) throw new Error(`YOLOX output has ${output.length} values, expected ${rows} x ${dim}`);
  const dets: Detection[] = [];
  let row = 0;
  for (const stride of o.strides) {
    const gw = Math.floor(o.inputWidth / stride);
    const gh = Math.floor(o.inputHeight / stride);
    for (let gy = 0; gy < gh; gy++) {
      for (let gx = 0; gx < gw; gx++, row++) {
        const p = row * dim;
        const obj = output[p + 4];
        if (obj < o.scoreThreshold) continue; // score <= obj, so this anchor can't pass
        let best = -1;
        let bestScore = 0;
        for (const c of o.classIndices) {
          const s = obj * output[p + 5 + c];
          if (s > bestScore) {
            bestScore = s;
            best = c;
          }
        }
        if (best < 0 || bestScore < o.scoreThreshold) continue;
        const cx = (output[p] + gx) * stride;
        const cy = (output[p + 1] + gy) * stride;
        const w = Math.exp(output[p + 2]) * stride;
        const h = Math.exp(output[p + 3]) * stride;
        dets.push({ box: { x: cx - w / 2, y: cy - h / 2, width: w, height: h }, score: bestScore, classIndex: best });
      }
    }
  }
  return dets;
}

export function iou(a: Box, b: Box): number {
  const ix = Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x));
  const iy = Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
  const inter = ix * iy;
  const union = a.width * a.height + b.width * b.height - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * Greedy non-maximum suppression, highest score first. Class-agnostic by
 * default: a car and a truck box on the same vehicle are one vehicle.
 */
export function nms(dets: readonly Detection[], iouThreshold: number, classAware = false): Detection[] {
  const sorted = [...dets].sort((a, b) => b.score - a.score);
  const kept: Detection[] = [];
  for (const d of sorted) {
    if (kept.every((k) => (classAware && k.classIndex !== d.classIndex) || iou(k.box, d.box) <= iouThreshold)) kept.push(d);
  }
  return kept;
}

/**
 * Vehicles ranked for a photo, main subject first: area x score, weighted
 * toward the centre (a car in the middle of the frame is the one photographed;
 * one at the edge loses up to half its weight).
 */
export function rankVehicles<D extends { box: Box; score: number }>(dets: readonly D[], imageWidth: number, imageHeight: number): D[] {
  const cx = imageWidth / 2;
  const cy = imageHeight / 2;
  const half = Math.hypot(cx, cy) || 1;
  const value = (d: D): number => {
    const off = Math.hypot(d.box.x + d.box.width / 2 - cx, d.box.y + d.box.height / 2 - cy) / half;
    return d.box.width * d.box.height * d.score * (1 - 0.5 * Math.min(1, off));
  };
  return dets
    .map((d) => ({ d, v: value(d) }))
    .sort((a, b) => b.v - a.v)
    .map(({ d }) => d);
}

/** Softmax of logits / temperature, computed stably (max subtracted). */
export function softmax(logits: ArrayLike<number>, temperature = 1): Float64Array {
  const n = logits.length;
  const out = new Float64Array(n);
  let max = -Infinity;
  for (let i = 0; i < n; i++) max = Math.max(max, logits[i] / temperature);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    out[i] = Math.exp(logits[i] / temperature - max);
    sum += out[i];
  }
  for (let i = 0; i < n; i++) out[i] /= sum;
  return out;
}

export interface Ranked {
  index: number;
  probability: number;
}

/** The k highest entries, highest first (ties: lower index first). */
export function topK(probs: ArrayLike<number>, k: number): Ranked[] {
  const all: Ranked[] = Array.from({ length: probs.length }, (_, index) => ({ index, probability: probs[index] }));
  all.sort((a, b) => b.probability - a.probability || a.index - b.index);
  return all.slice(0, Math.max(0, k));
}

/** Element-wise mean of equally sized logit vectors (flip TTA). */
export function meanLogits(vectors: readonly ArrayLike<number>[]): Float32Array {
  if (vectors.length === 0) throw new Error('meanLogits: nothing to average');
  const n = vectors[0].length;
  const out = new Float32Array(n);
  for (const v of vectors) {
    if (v.length !== n) throw new Error('meanLogits: length mismatch');
    for (let i = 0; i < n; i++) out[i] += v[i];
  }
  for (let i = 0; i < n; i++) out[i] /= vectors.length;
  return out;
}
