/**
 * Coarse body type from an ImageNet classifier (pure). ImageNet knows a few
 * vehicle shapes ('sports car', 'convertible', 'minivan', 'beach wagon',
 * 'jeep', 'limousine', 'pickup', 'cab'); we report one only when such
 * classes are among the top predictions with enough probability, because
 * "no opinion" is better than a guess from 'grille' or 'car wheel'.
 */
import type { BodyTypeSpec } from './manifest.js';
import { topK } from './postprocess.js';

export interface BodyTypeGuess {
  bodyType: string;
  probability: number;
}

export function guessBodyType(probs: ArrayLike<number>, labels: readonly string[], spec: BodyTypeSpec): BodyTypeGuess | null {
  const sums = new Map<string, number>();
  for (const { index, probability } of topK(probs, spec.topK)) {
    const type = spec.classes[labels[index]];
    if (type) sums.set(type, (sums.get(type) ?? 0) + probability);
  }
  let best: BodyTypeGuess | null = null;
  for (const [bodyType, probability] of sums) {
    if (probability >= spec.minProbability && (!best || probability > best.probability)) best = { bodyType, probability };
  }
  return best;
}

/**
 * Total probability of the given labels (e.g. all car-like ImageNet classes):
 * the evidence used by the whole-image fallback when the detector sees no box.
 */
export function labelMass(probs: ArrayLike<number>, labels: readonly string[], wanted: ReadonlySet<string>): number {
  let sum = 0;
  for (let i = 0; i < labels.length; i++) if (wanted.has(labels[i])) sum += probs[i];
  return sum;
}
