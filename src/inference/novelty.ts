/**
 * Unknown-model detection (pure). A classifier trained on 20 car models puts
 * any car into one of them, often with a high probability; its pooled
 * features tell more: a car model it was never trained on tends to land away
 * from every photo it was trained on. The score is the squared distance, in a
 * whitened PCA space of the (L2-normalised) features, to the nearest reference
 * point: every training photo (`knn-pca`, shipped) or each class mean
 * (`mahalanobis-pca`). The statistics ship next to the model (`novelty` in its
 * manifest), written by training/identifier/novelty.py, which also calibrates
 * the thresholds and measures them by leaving whole classes out.
 */
import type { IdentificationOutcome, NoveltyScore } from './types.js';

export interface NoveltyThresholds {
  /** Score above which the region is an unknown car model. */
  unknown: number;
  /** Known model, but a top-1 probability below this: AMBIGUOUS. */
  ambiguousBelow: number;
  /** Cosine distance between two photos' features above which they seem to show different cars. */
  differentCar: number;
}

export interface NoveltyModel {
  featureSize: number;
  dims: number;
  normalize: boolean;
  /** featureSize */
  mean: Float32Array;
  /** dims x featureSize, row-major */
  components: Float32Array;
  /** dims: 1 / sqrt(variance) per component */
  scales: Float32Array;
  /** references x dims, in the whitened space: what a score is the distance to */
  referencePoints: Float32Array;
  references: number;
  classes: number;
  thresholds: NoveltyThresholds;
}

export type NoveltyMethod = 'mahalanobis-pca' | 'knn-pca';

export class NoveltyFileError extends Error {}

/** Where each method keeps its reference points and how many it must have. */
const REFERENCES: Record<NoveltyMethod, (r: Record<string, unknown>, classes: number) => { key: string; count: number }> = {
  // One point per class (format 1 files name them classMeans).
  'mahalanobis-pca': (r, classes) => ({ key: r.referencePoints === undefined ? 'classMeans' : 'referencePoints', count: classes }),
  // One point per training photo.
  'knn-pca': (r) => {
    const count = positive(r.references, 'references');
    if (!Number.isInteger(count) || count < 1) throw new NoveltyFileError('"references" must be an integer >= 1');
    return { key: 'referencePoints', count };
  },
};

const floats = (v: unknown, n: number, key: string): Float32Array => {
  if (typeof v !== 'string') throw new NoveltyFileError(`"${key}" must be a base64 string of float32 values`);
  const buf = Buffer.from(v, 'base64');
  if (buf.length !== n * 4) throw new NoveltyFileError(`"${key}" holds ${buf.length / 4} floats, expected ${n}`);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = buf.readFloatLE(i * 4);
  return out;
};

const positive = (v: unknown, key: string): number => {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new NoveltyFileError(`"${key}" must be a number >= 0`);
  return v;
};

/** Parses the novelty file; `classes` is the classifier's label count (must match). */
export function parseNoveltyModel(raw: unknown, classes: number): NoveltyModel {
  if (typeof raw !== 'object' || raw === null) throw new NoveltyFileError('must be a JSON object');
  const r = raw as Record<string, unknown>;
  const method = r.method as NoveltyMethod;
  if (typeof r.method !== 'string' || !Object.hasOwn(REFERENCES, method)) {
    throw new NoveltyFileError(`"method" must be one of ${Object.keys(REFERENCES).map((m) => `"${m}"`).join(', ')} (got ${JSON.stringify(r.method)})`);
  }
  const featureSize = positive(r.featureSize, 'featureSize');
  const dims = positive(r.dims, 'dims');
  if (!Number.isInteger(featureSize) || !Number.isInteger(dims) || dims < 1 || dims > featureSize) {
    throw new NoveltyFileError('"featureSize" and "dims" must be integers with 1 <= dims <= featureSize');
  }
  if (r.classes !== classes) throw new NoveltyFileError(`"classes" is ${JSON.stringify(r.classes)} but the classifier has ${classes} labels`);
  const t = (r.thresholds ?? {}) as Record<string, unknown>;
  const refs = REFERENCES[method](r, classes);
  return {
    featureSize,
    dims,
    normalize: r.normalize === true,
    mean: floats(r.mean, featureSize, 'mean'),
    components: floats(r.components, dims * featureSize, 'components'),
    scales: floats(r.scales, dims, 'scales'),
    referencePoints: floats(r[refs.key], refs.count * dims, refs.key),
    references: refs.count,
    classes,
    thresholds: {
      unknown: positive(t.unknown, 'thresholds.unknown'),
      ambiguousBelow: positive(t.ambiguousBelow, 'thresholds.ambiguousBelow'),
      differentCar: positive(t.differentCar, 'thresholds.differentCar'),
    },
  };
}

const l2normalized = (f: ArrayLike<number>): Float64Array => {
  let norm = 0;
  for (let i = 0; i < f.length; i++) norm += f[i] * f[i];
  const s = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  return Float64Array.from(f, (x) => x * s);
};

/** Whitened PCA coordinates of a feature vector. */
export function project(model: NoveltyModel, features: ArrayLike<number>): Float64Array {
  if (features.length !== model.featureSize) throw new Error(`novelty: expected ${model.featureSize} features, got ${features.length}`);
  const f = model.normalize ? l2normalized(features) : Float64Array.from(features);
  for (let i = 0; i < f.length; i++) f[i] -= model.mean[i];
  const z = new Float64Array(model.dims);
  for (let d = 0; d < model.dims; d++) {
    let acc = 0;
    const row = d * model.featureSize;
    for (let i = 0; i < model.featureSize; i++) acc += model.components[row + i] * f[i];
    z[d] = acc * model.scales[d];
  }
  return z;
}

/** Squared whitened distance to the nearest reference point (higher = more unlike every known model). */
export function noveltyScore(model: NoveltyModel, features: ArrayLike<number>): number {
  const z = project(model, features);
  const { dims, referencePoints } = model;
  let best = Infinity;
  for (let c = 0; c < model.references; c++) {
    let d2 = 0;
    for (let d = 0; d < dims && d2 < best; d++) {
      const x = z[d] - referencePoints[c * dims + d];
      d2 += x * x;
    }
    best = Math.min(best, d2);
  }
  return best;
}

/**
 * The outcome of one classified region: UNKNOWN_MODEL when its features are
 * too far from every known model, else AMBIGUOUS when the top-1 probability
 * is low (look-alikes such as Logan/Sandero), else IDENTIFIED. Without a
 * novelty model only the probability decides, against `fallbackAmbiguousBelow`.
 */
export function assess(
  model: NoveltyModel | null,
  topProbability: number,
  features: ArrayLike<number>,
  fallbackAmbiguousBelow: number,
): { outcome: IdentificationOutcome; novelty: NoveltyScore | null } {
  if (!model || features.length === 0) {
    return { outcome: topProbability < fallbackAmbiguousBelow ? 'AMBIGUOUS' : 'IDENTIFIED', novelty: null };
  }
  const novelty = { score: noveltyScore(model, features), threshold: model.thresholds.unknown };
  if (novelty.score > novelty.threshold) return { outcome: 'UNKNOWN_MODEL', novelty };
  return { outcome: topProbability < model.thresholds.ambiguousBelow ? 'AMBIGUOUS' : 'IDENTIFIED', novelty };
}

/** Cosine distance (1 - cosine similarity) of two feature vectors; 1 when either is zero. */
export function cosineDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return aa > 0 && bb > 0 ? 1 - ab / Math.sqrt(aa * bb) : 1;
}
