/**
 * Decoded pixels -> model input tensors. Resampling goes through sharp on
 * the raw RGB buffer (no re-decode, libvips' antialiased kernels), packing
 * through the pure tensor functions.
 */
import sharp from 'sharp';
import { planInput, type InputTransform } from './geometry.js';
import type { InputSpec } from './manifest.js';
import { packCHW } from './tensor.js';
import type { PixelRect, RawImage } from './types.js';

/** Cuts `extract` out of the image and resizes it to width x height (RGB, HWC). */
export async function resample(
  image: RawImage,
  extract: PixelRect,
  width: number,
  height: number,
  kernel: InputSpec['interpolation'] = 'lanczos3',
): Promise<Uint8Array> {
  const whole = extract.x === 0 && extract.y === 0 && extract.width === image.width && extract.height === image.height;
  if (whole && width === image.width && height === image.height) return image.data;
  let pipeline = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
  if (!whole) pipeline = pipeline.extract({ left: extract.x, top: extract.y, width: extract.width, height: extract.height });
  if (width !== extract.width || height !== extract.height) pipeline = pipeline.resize(width, height, { fit: 'fill', kernel });
  const buf = await pipeline.raw().toBuffer();
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

export interface PreparedInput {
  /** One 3 x H x W block (or a view into `target.out`). */
  tensor: Float32Array;
  transform: InputTransform;
}

/**
 * Builds the input a model's manifest asks for from `region` of the image.
 * Writes into `target` when given (to assemble a batch without copying).
 */
export async function prepareInput(
  image: RawImage,
  region: PixelRect,
  input: InputSpec,
  target?: { out: Float32Array; offset: number },
): Promise<PreparedInput> {
  const transform = planInput(region, input);
  const pixels = await resample(image, transform.extract, transform.resizedWidth, transform.resizedHeight, input.interpolation);
  const size = 3 * input.width * input.height;
  const out = target?.out ?? new Float32Array(size);
  const offset = target?.offset ?? 0;
  packCHW(pixels, transform.resizedWidth, transform.resizedHeight, input, {
    out,
    offset,
    dstWidth: input.width,
    dstHeight: input.height,
    padX: transform.padX,
    padY: transform.padY,
    padValue: input.padValue,
  });
  return { tensor: out.subarray(offset, offset + size), transform };
}
