/**
 * Pure tensor packing: interleaved 8-bit pixels (HWC, RGB) -> planar float32
 * (CHW) with the model's channel order and normalisation.
 */
import type { ColorOrder } from './manifest.js';

export interface Normalization {
  colorOrder: ColorOrder;
  /** value = (pixel * scale - mean[c]) / std[c], c in the model's channel order. */
  scale: number;
  mean: readonly [number, number, number];
  std: readonly [number, number, number];
}

export interface PackTarget {
  /** Destination buffer (may hold a whole batch). */
  out: Float32Array;
  /** Float index where this image's 3 x dstHeight x dstWidth block starts. */
  offset: number;
  dstWidth: number;
  dstHeight: number;
  /** Where the pixels go inside the destination; the rest is padValue. */
  padX: number;
  padY: number;
  /** Raw 0..255 value for padding (normalised like a pixel). */
  padValue: number;
}

/**
 * Writes a `width` x `height` RGB image into a CHW block. With BGR order the
 * first plane is blue. Padding is filled only where pixels don't land.
 */
export function packCHW(pixels: Uint8Array, width: number, height: number, norm: Normalization, target: PackTarget): void {
  const { out, offset, dstWidth, dstHeight, padX, padY } = target;
  if (pixels.length < width * height * 3) throw new Error(`packCHW: ${pixels.length} bytes is less than ${width}x${height}x3`);
  if (padX < 0 || padY < 0 || padX + width > dstWidth || padY + height > dstHeight) {
    throw new Error(`packCHW: ${width}x${height} at (${padX},${padY}) does not fit ${dstWidth}x${dstHeight}`);
  }
  if (offset + 3 * dstWidth * dstHeight > out.length) throw new Error('packCHW: destination too small');
  const plane = dstWidth * dstHeight;
  const padded = width !== dstWidth || height !== dstHeight;
  for (let c = 0; c < 3; c++) {
    const src = norm.colorOrder === 'RGB' ? c : 2 - c;
    // pixel -> (p * scale - mean) / std  ==  p * a + b
    const a = norm.scale / norm.std[c];
    const b = -norm.mean[c] / norm.std[c];
    const base = offset + c * plane;
    if (padded) out.fill(target.padValue * a + b, base, base + plane);
    for (let y = 0; y < height; y++) {
      let o = base + (y + padY) * dstWidth + padX;
      let i = y * width * 3 + src;
      for (let x = 0; x < width; x++, o++, i += 3) out[o] = pixels[i] * a + b;
    }
  }
}

/** Horizontal mirror of one CHW block (for flip test-time augmentation). */
export function flipCHW(src: Float32Array, channels: number, height: number, width: number, out = new Float32Array(src.length)): Float32Array {
  for (let c = 0; c < channels; c++) {
    for (let y = 0; y < height; y++) {
      const row = (c * height + y) * width;
      for (let x = 0; x < width; x++) out[row + x] = src[row + width - 1 - x];
    }
  }
  return out;
}
