/**
 * Several photos of one car, one answer (pure). Each photo votes with a
 * weight (detector score x its top-1 probability: a clear, confidently
 * classified view counts more than a blurry or partial one); the votes are
 * combined as a weighted geometric mean of the probabilities (views that
 * agree reinforce each other). A photo whose features are far from the most
 * typical photo of the set (the medoid) seems to show a different car: it is
 * flagged and left out of the vote.
 */
import { cosineDistance } from './novelty.js';

export interface PhotoEvidence {
  probabilities: ArrayLike<number>;
  /** Pooled classifier features; empty when the model has none (then no photo is flagged). */
  features: ArrayLike<number>;
  detectionScore: number;
}

export interface Fusion {
  probabilities: Float64Array;
  /** Per photo, summing to 1 over the photos kept; 0 for a flagged photo. */
  weights: number[];
  differentCar: boolean[];
  /** Weighted mean features of the photos kept (empty without features). */
  features: Float64Array;
}

export function fusePhotos(photos: readonly PhotoEvidence[], differentCarDistance: number): Fusion {
  if (photos.length === 0) throw new Error('fusePhotos: no photos');
  const n = photos.length;
  const raw = photos.map((p) => Math.max(1e-6, p.detectionScore) * Math.max(1e-6, Math.max(...Array.from(p.probabilities))));
  const withFeatures = photos.every((p) => p.features.length > 0 && p.features.length === photos[0].features.length);
  const differentCar = new Array<boolean>(n).fill(false);
  if (withFeatures && n >= 2) {
    const d = photos.map((a) => photos.map((b) => cosineDistance(a.features, b.features)));
    // Medoid: the photo closest to all the others (ties: the heavier vote).
    let medoid = 0;
    let best = Infinity;
    d.forEach((row, i) => {
      const sum = row.reduce((a, x) => a + x, 0);
      if (sum < best - 1e-12 || (Math.abs(sum - best) <= 1e-12 && raw[i] > raw[medoid])) {
        best = sum;
        medoid = i;
      }
    });
    d[medoid].forEach((dist, i) => (differentCar[i] = i !== medoid && dist > differentCarDistance));
  }
  const total = raw.reduce((a, w, i) => a + (differentCar[i] ? 0 : w), 0);
  const weights = raw.map((w, i) => (differentCar[i] ? 0 : w / total));

  const k = photos[0].probabilities.length;
  const logp = new Float64Array(k);
  photos.forEach((p, i) => {
    if (weights[i] > 0) for (let c = 0; c < k; c++) logp[c] += weights[i] * Math.log(Math.max(1e-12, p.probabilities[c]));
  });
  const max = Math.max(...logp);
  const probabilities = Float64Array.from(logp, (x) => Math.exp(x - max));
  const sum = probabilities.reduce((a, x) => a + x, 0);
  for (let c = 0; c < k; c++) probabilities[c] /= sum;

  const f = withFeatures ? photos[0].features.length : 0;
  const features = new Float64Array(f);
  photos.forEach((p, i) => {
    if (weights[i] > 0) for (let j = 0; j < f; j++) features[j] += weights[i] * p.features[j];
  });
  return { probabilities, weights, differentCar, features };
}
