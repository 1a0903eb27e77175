import { describe, expect, it } from 'vitest';
import { flipCHW, packCHW, type Normalization } from '../../src/inference/tensor.js';

// 2x1 image: pixel 0 = (10, 20, 30), pixel 1 = (40, 50, 60) in RGB.
const pixels = Uint8Array.from([10, 20, 30, 40, 50, 60]);
const raw: Normalization = { colorOrder: 'RGB', scale: 1, mean: [0, 0, 0], std: [1, 1, 1] };

const pack = (norm: Normalization, dstW = 2, dstH = 1, padX = 0, padY = 0, padValue = 0): Float32Array => {
  const out = new Float32Array(3 * dstW * dstH);
  packCHW(pixels, 2, 1, norm, { out, offset: 0, dstWidth: dstW, dstHeight: dstH, padX, padY, padValue });
  return out;
};

describe('packCHW', () => {
  it('turns interleaved HWC into planar CHW, RGB planes in order', () => {
    expect([...pack(raw)]).toEqual([10, 40, 20, 50, 30, 60]);
  });

  it('puts blue first for BGR models', () => {
    expect([...pack({ ...raw, colorOrder: 'BGR' })]).toEqual([30, 60, 20, 50, 10, 40]);
  });

  it('applies scale, then mean and std per model channel', () => {
    const norm: Normalization = { colorOrder: 'RGB', scale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };
    const out = pack(norm);
    expect(out[0]).toBeCloseTo((10 / 255 - 0.485) / 0.229, 5);
    expect(out[3]).toBeCloseTo((50 / 255 - 0.456) / 0.224, 5);
    expect(out[5]).toBeCloseTo((60 / 255 - 0.406) / 0.225, 5);
  });

  it('pairs mean/std with the model channel order for BGR', () => {
    const norm: Normalization = { colorOrder: 'BGR', scale: 1, mean: [1, 2, 3], std: [1, 2, 4] };
    // plane 0 = blue (30, 60) normalised with mean[0]/std[0]
    expect([...pack(norm)]).toEqual([29, 59, 9, 24, 1.75, 9.25]);
  });

  it('pads around the pixels with the normalised pad value (letterbox)', () => {
    const out = pack({ ...raw, colorOrder: 'BGR' }, 3, 2, 1, 1, 114);
    // plane 0 (blue), 3x2: row 0 all pad, row 1 = pad, 30, 60
    expect([...out.subarray(0, 6)]).toEqual([114, 114, 114, 114, 30, 60]);
  });

  it('writes at an offset inside a batch buffer', () => {
    const out = new Float32Array(12).fill(-1);
    packCHW(pixels, 2, 1, raw, { out, offset: 6, dstWidth: 2, dstHeight: 1, padX: 0, padY: 0, padValue: 0 });
    expect([...out]).toEqual([-1, -1, -1, -1, -1, -1, 10, 40, 20, 50, 30, 60]);
  });

  it('refuses pixels that do not fit the destination', () => {
    expect(() => pack(raw, 2, 1, 1, 0)).toThrow(/does not fit/);
  });
});

describe('flipCHW', () => {
  it('mirrors every row of every plane', () => {
    const src = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]); // 2 channels, 2 rows, 3 cols
    expect([...flipCHW(src, 2, 2, 3)]).toEqual([3, 2, 1, 6, 5, 4, 9, 8, 7, 12, 11, 10]);
  });
});
