import { describe, expect, it } from 'vitest';
import { guessBodyType, labelMass } from '../../src/inference/bodytype.js';
import { decodeYolox, iou, meanLogits, nms, rankVehicles, softmax, topK, yoloxRows } from '../../src/inference/postprocess.js';
import type { Detection } from '../../src/inference/types.js';

describe('decodeYolox', () => {
  const numClasses = 3; // pretend classes: 0 person, 1 car, 2 truck
  const opts = { inputWidth: 64, inputHeight: 64, strides: [8, 16, 32], numClasses, classIndices: [1, 2], scoreThreshold: 0.25 };
  const rows = yoloxRows(64, 64, [8, 16, 32]); // 64 + 16 + 4
  const dim = 5 + numClasses;
  const empty = (): Float32Array => new Float32Array(rows * dim);
  const setRow = (out: Float32Array, row: number, v: number[]): void => out.set(v, row * dim);

  it('counts anchors like the 416 export (3549 rows)', () => {
    expect(yoloxRows(416, 416, [8, 16, 32])).toBe(3549);
    expect(rows).toBe(84);
  });

  it('decodes grid offsets and log sizes per stride (x = (out + gx) * stride, w = exp(out) * stride)', () => {
    const out = empty();
    // stride 16 grid is 4x4 and starts after the 64 stride-8 rows; cell (gx=2, gy=1) is row 64 + 1*4 + 2.
    setRow(out, 64 + 6, [0.5, 0.25, Math.log(2), Math.log(1), 0.9, 0.1, 0.8, 0.05]);
    const dets = decodeYolox(out, opts);
    expect(dets).toHaveLength(1);
    const d = dets[0];
    expect(d.classIndex).toBe(1);
    expect(d.score).toBeCloseTo(0.72, 6);
    // cx = (0.5 + 2) * 16 = 40, cy = (0.25 + 1) * 16 = 20, w = 32, h = 16
    expect(d.box.x).toBeCloseTo(40 - 16, 5);
    expect(d.box.y).toBeCloseTo(20 - 8, 5);
    expect(d.box.width).toBeCloseTo(32, 5);
    expect(d.box.height).toBeCloseTo(16, 5);
  });

  it('scores objectness x class and ignores classes outside the filter', () => {
    const out = empty();
    setRow(out, 0, [0, 0, 0, 0, 0.95, 0.99, 0.1, 0.1]); // a confident person: not a vehicle
    setRow(out, 1, [0, 0, 0, 0, 0.5, 0, 0.4, 0.45]); // truck 0.225: below 0.25
    setRow(out, 83, [0, 0, 0, 0, 0.6, 0, 0.3, 0.5]); // last stride-32 cell, truck 0.3
    const dets = decodeYolox(out, opts);
    expect(dets).toHaveLength(1);
    expect(dets[0].classIndex).toBe(2);
    expect(dets[0].score).toBeCloseTo(0.3, 6);
    expect(dets[0].box.x + dets[0].box.width / 2).toBeCloseTo(1 * 32, 5); // gx = 1 at stride 32
  });

  it('rejects an output of the wrong size', () => {
    expect(() => decodeYolox(new Float32Array(10), opts)).toThrow(/expected 84 x 8/);
  });
});

describe('nms and subject choice', () => {
  const det = (x: number, y: number, w: number, h: number, score: number, classIndex = 2): Detection => ({ box: { x, y, width: w, height: h }, score, classIndex });

  it('computes IoU', () => {
    expect(iou({ x: 0, y: 0, width: 10, height: 10 }, { x: 5, y: 0, width: 10, height: 10 })).toBeCloseTo(50 / 150, 6);
    expect(iou({ x: 0, y: 0, width: 1, height: 1 }, { x: 5, y: 5, width: 1, height: 1 })).toBe(0);
  });

  it('keeps the best of overlapping boxes across classes (a car box and a truck box on one vehicle)', () => {
    const kept = nms([det(0, 0, 100, 100, 0.6, 7), det(2, 2, 100, 100, 0.9, 2), det(300, 300, 50, 50, 0.4)], 0.45);
    expect(kept.map((d) => d.score)).toEqual([0.9, 0.4]);
  });

  it('can be class-aware', () => {
    expect(nms([det(0, 0, 100, 100, 0.6, 7), det(2, 2, 100, 100, 0.9, 2)], 0.45, true)).toHaveLength(2);
  });

  it('ranks vehicles by area x score, weighted toward the centre', () => {
    const big = det(100, 100, 300, 200, 0.5);
    const small = det(250, 200, 50, 50, 0.95);
    expect(rankVehicles([small, big], 600, 400)).toEqual([big, small]);
    expect(rankVehicles([], 600, 400)).toEqual([]);
    // Same size and score: the central one first; at the very edge a box keeps half its weight.
    const centre = det(250, 150, 100, 100, 0.8);
    const corner = det(0, 0, 100, 100, 0.8);
    expect(rankVehicles([corner, centre], 600, 400)).toEqual([centre, corner]);
    const cornerBigger = det(0, 0, 120, 120, 0.8);
    expect(rankVehicles([centre, cornerBigger], 600, 400)[0]).toBe(centre);
  });
});

describe('softmax, topK, TTA', () => {
  it('is a probability distribution, stable for large logits', () => {
    const p = softmax([1000, 1001, 1002]);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(p[2]).toBeGreaterThan(p[1]);
  });

  it('flattens with a temperature above 1 (calibration)', () => {
    const sharp = softmax([2, 0, 0]);
    const soft = softmax([2, 0, 0], 2);
    expect(soft[0]).toBeLessThan(sharp[0]);
    expect(soft[0]).toBeCloseTo(Math.exp(1) / (Math.exp(1) + 2), 12);
  });

  it('returns the k best, sorted, ties by index', () => {
    expect(topK([0.1, 0.5, 0.1, 0.3], 3)).toEqual([
      { index: 1, probability: 0.5 },
      { index: 3, probability: 0.3 },
      { index: 0, probability: 0.1 },
    ]);
    expect(topK([0.2, 0.8], 5)).toHaveLength(2);
  });

  it('averages logits of the image and its mirror', () => {
    expect([...meanLogits([Float32Array.from([1, 2, 3]), Float32Array.from([3, 2, 1])])]).toEqual([2, 2, 2]);
    expect(() => meanLogits([Float32Array.from([1]), Float32Array.from([1, 2])])).toThrow(/mismatch/);
  });
});

describe('body type', () => {
  const labels = ['tabby', 'sports car, sport car', 'racer, race car, racing car', 'minivan', 'car wheel'];
  const spec = {
    topK: 3,
    minProbability: 0.4,
    classes: { 'sports car, sport car': 'SPORTS', 'racer, race car, racing car': 'SPORTS', minivan: 'MINIVAN' },
    vehicleLabels: ['sports car, sport car', 'racer, race car, racing car', 'minivan', 'car wheel'],
  };

  it('sums classes of the same body type among the top predictions', () => {
    expect(guessBodyType([0.1, 0.25, 0.2, 0.3, 0.15], labels, spec)).toEqual({ bodyType: 'SPORTS', probability: 0.45 });
  });

  it('says nothing when no body type is probable enough', () => {
    expect(guessBodyType([0.5, 0.15, 0.1, 0.2, 0.05], labels, spec)).toBeNull();
  });

  it('ignores classes outside the top-k', () => {
    expect(guessBodyType([0.3, 0.02, 0.02, 0.45, 0.21], labels, { ...spec, topK: 1, minProbability: 0.5 })).toBeNull();
  });

  it('measures vehicle evidence for the whole-image fallback', () => {
    expect(labelMass([0.1, 0.25, 0.2, 0.3, 0.15], labels, new Set(spec.vehicleLabels))).toBeCloseTo(0.9, 12);
  });
});
