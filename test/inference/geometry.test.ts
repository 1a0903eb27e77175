import { describe, expect, it } from 'vitest';
import { boxToImage, centerCrop, expandBox, fullRect, letterbox, planInput, roundBox, stretch } from '../../src/inference/geometry.js';
import type { InputSpec } from '../../src/inference/manifest.js';

describe('letterbox', () => {
  it('fits a landscape image to the width and pads bottom (top-left, YOLOX)', () => {
    const t = letterbox(fullRect(1920, 1080), 416, 416, 'top-left');
    expect(t).toMatchObject({ resizedWidth: 416, resizedHeight: 234, padX: 0, padY: 0, dstWidth: 416, dstHeight: 416 });
  });

  it('centres a portrait image when asked', () => {
    const t = letterbox(fullRect(300, 600), 416, 416, 'center');
    expect(t).toMatchObject({ resizedWidth: 208, resizedHeight: 416, padX: 104, padY: 0 });
  });

  it('maps a box in model space back to original pixels (inverse of the scale and pad)', () => {
    const t = letterbox(fullRect(1920, 1080), 416, 416, 'top-left');
    const s = 416 / 1920;
    const original = { x: 400, y: 300, width: 800, height: 500 };
    const inModel = { x: original.x * s, y: original.y * (234 / 1080), width: original.width * s, height: original.height * (234 / 1080) };
    const back = boxToImage(inModel, t, 1920, 1080);
    expect(back.x).toBeCloseTo(400, 6);
    expect(back.y).toBeCloseTo(300, 6);
    expect(back.width).toBeCloseTo(800, 6);
    expect(back.height).toBeCloseTo(500, 6);
  });

  it('accounts for centred padding and clamps boxes that stick out of the image', () => {
    const t = letterbox(fullRect(300, 600), 416, 416, 'center'); // scale 416/600, padX 104
    const back = boxToImage({ x: 104 - 20, y: -10, width: 100, height: 400 }, t, 300, 600);
    expect(back.x).toBe(0);
    expect(back.y).toBe(0);
    expect(back.width).toBeCloseTo(80 * (300 / 208), 6);
    expect(back.height).toBeCloseTo(390 * (600 / 416), 6);
    const below = boxToImage({ x: 150, y: 300, width: 100, height: 400 }, t, 300, 600);
    expect(below.y + below.height).toBe(600);
  });

  it('maps through a sub-region (extract offset)', () => {
    const t = stretch({ x: 100, y: 50, width: 200, height: 100 }, 100, 100);
    const back = boxToImage({ x: 10, y: 10, width: 50, height: 50 }, t, 1000, 1000);
    expect(back).toEqual({ x: 120, y: 60, width: 100, height: 50 });
  });
});

describe('centerCrop', () => {
  it('is the resize-shorter-then-crop recipe in one step (256 -> 224 on a square)', () => {
    const t = centerCrop(fullRect(512, 512), 224, 224, 256);
    // 512 -> 256 halves the image; the central 224 of 256 is the central 448 of 512.
    expect(t.extract).toEqual({ x: 32, y: 32, width: 448, height: 448 });
    expect(t).toMatchObject({ resizedWidth: 224, resizedHeight: 224, padX: 0, padY: 0 });
  });

  it('keeps the whole short side when resizeShorter equals the crop size', () => {
    const t = centerCrop({ x: 10, y: 20, width: 400, height: 200 }, 224, 224, 224);
    expect(t.extract).toEqual({ x: 110, y: 20, width: 200, height: 200 });
  });
});

describe('planInput', () => {
  const spec = (resize: InputSpec['resize']): InputSpec => ({
    name: 'x',
    layout: 'NCHW',
    width: 224,
    height: 224,
    resize,
    resizeShorter: 256,
    colorOrder: 'RGB',
    scale: 1,
    mean: [0, 0, 0],
    std: [1, 1, 1],
    padValue: 0,
    dynamicBatch: true,
    letterboxAlign: 'center',
    interpolation: 'linear',
  });
  it('dispatches on the manifest resize mode', () => {
    const r = fullRect(448, 224);
    expect(planInput(r, spec('stretch')).extract).toEqual(r);
    expect(planInput(r, spec('letterbox'))).toMatchObject({ resizedWidth: 224, resizedHeight: 112, padY: 56 });
    // shorter side 224 -> 256 (x 8/7): the 224 crop covers 196 source pixels, centred.
    expect(planInput(r, spec('crop')).extract).toEqual({ x: 126, y: 14, width: 196, height: 196 });
  });
});

describe('expandBox', () => {
  it('adds the margin on every side and snaps to whole pixels', () => {
    expect(expandBox({ x: 100, y: 100, width: 200, height: 100 }, 0.1, 1000, 1000)).toEqual({ x: 80, y: 90, width: 240, height: 120 });
  });

  it('clamps the margin to the image', () => {
    expect(expandBox({ x: 5, y: 10, width: 90, height: 85 }, 0.2, 100, 100)).toEqual({ x: 0, y: 0, width: 100, height: 100 });
  });

  it('never returns an empty region', () => {
    const r = expandBox({ x: 99.6, y: 99.6, width: 0, height: 0 }, 0.1, 100, 100);
    expect(r.width).toBeGreaterThanOrEqual(1);
    expect(r.height).toBeGreaterThanOrEqual(1);
    expect(r.x + r.width).toBeLessThanOrEqual(100);
  });
});

describe('roundBox', () => {
  it('rounds edges, not sizes, so the box stays where it was', () => {
    expect(roundBox({ x: 10.4, y: 20.6, width: 30.4, height: 10.8 })).toEqual({ x: 10, y: 21, width: 31, height: 10 });
  });
});
