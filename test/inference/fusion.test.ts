import { describe, expect, it } from 'vitest';
import { fusePhotos } from '../../src/inference/fusion.js';

const car = (probabilities: number[], features: number[], detectionScore = 0.9) => ({ probabilities, features, detectionScore });

describe('fusePhotos', () => {
  it('weights each photo by detector score x top-1 probability and multiplies agreeing votes', () => {
    const f = fusePhotos([car([0.6, 0.3, 0.1], [1, 0, 0], 0.9), car([0.7, 0.2, 0.1], [0.9, 0.1, 0], 0.5)], 0.3);
    expect(f.differentCar).toEqual([false, false]);
    const raw = [0.9 * 0.6, 0.5 * 0.7];
    expect(f.weights[0]).toBeCloseTo(raw[0] / (raw[0] + raw[1]), 12);
    expect(f.weights[0] + f.weights[1]).toBeCloseTo(1, 12);
    expect(f.probabilities.reduce((a, x) => a + x, 0)).toBeCloseTo(1, 12);
    expect(f.probabilities[0]).toBeGreaterThan(0.6); // two views agreeing on class 0
  });

  it('flags the photo far from the others and leaves it out of the vote', () => {
    const f = fusePhotos(
      [car([0.8, 0.1, 0.1], [1, 0, 0]), car([0.7, 0.2, 0.1], [0.95, 0.05, 0]), car([0.05, 0.05, 0.9], [0, 0, 1], 0.99)],
      0.3,
    );
    expect(f.differentCar).toEqual([false, false, true]);
    expect(f.weights[2]).toBe(0);
    expect(f.probabilities[0]).toBeGreaterThan(0.7);
    expect(Array.from(f.features)).toEqual([expect.any(Number), expect.any(Number), 0]);
  });

  it('flags nothing without features, and one photo is its own answer', () => {
    const f = fusePhotos([car([0.8, 0.2], []), car([0.1, 0.9], [])], 0.3);
    expect(f.differentCar).toEqual([false, false]);
    const one = fusePhotos([car([0.25, 0.75], [1, 2])], 0.3);
    expect(one.weights).toEqual([1]);
    expect(one.probabilities[1]).toBeCloseTo(0.75, 9);
    expect(() => fusePhotos([], 0.3)).toThrow(/no photos/);
  });
});
