/**
 * Pure pixel geometry: where in the decoded image each model input comes
 * from, and how model-space boxes map back to image pixels.
 */
import type { InputSpec } from './manifest.js';
import type { Box, PixelRect } from './types.js';

/**
 * How one model input was produced: `extract` (a rectangle of the image) was
 * resized to resizedWidth x resizedHeight and placed at (padX, padY) in the
 * dstWidth x dstHeight model input; the rest is padding.
 */
export interface InputTransform {
  extract: PixelRect;
  resizedWidth: number;
  resizedHeight: number;
  padX: number;
  padY: number;
  dstWidth: number;
  dstHeight: number;
}

const clampInt = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, Math.round(v)));

/** The whole image as a rectangle. */
export const fullRect = (width: number, height: number): PixelRect => ({ x: 0, y: 0, width, height });

/**
 * Letterbox: scale to fit dst keeping the aspect ratio, pad the rest.
 * 'top-left' puts the image at the origin (YOLOX pads bottom/right).
 */
export function letterbox(
  extract: PixelRect,
  dstWidth: number,
  dstHeight: number,
  align: 'center' | 'top-left' = 'center',
): InputTransform {
  const scale = Math.min(dstWidth / extract.width, dstHeight / extract.height);
  const resizedWidth = clampInt(extract.width * scale, 1, dstWidth);
  const resizedHeight = clampInt(extract.height * scale, 1, dstHeight);
  const padX = align === 'center' ? Math.floor((dstWidth - resizedWidth) / 2) : 0;
  const padY = align === 'center' ? Math.floor((dstHeight - resizedHeight) / 2) : 0;
  return { extract, resizedWidth, resizedHeight, padX, padY, dstWidth, dstHeight };
}

/**
 * Resize the shorter side to `resizeShorter`, then centre-crop dst: done as
 * one step by extracting the centre region that the crop would keep and
 * resizing it straight to dst (same pixels, one resample instead of two).
 */
export function centerCrop(extract: PixelRect, dstWidth: number, dstHeight: number, resizeShorter: number): InputTransform {
  const s = resizeShorter / Math.min(extract.width, extract.height);
  const w = clampInt(dstWidth / s, 1, extract.width);
  const h = clampInt(dstHeight / s, 1, extract.height);
  const x = extract.x + Math.floor((extract.width - w) / 2);
  const y = extract.y + Math.floor((extract.height - h) / 2);
  return { extract: { x, y, width: w, height: h }, resizedWidth: dstWidth, resizedHeight: dstHeight, padX: 0, padY: 0, dstWidth, dstHeight };
}

export const stretch = (extract: PixelRect, dstWidth: number, dstHeight: number): InputTransform => ({
  extract,
  resizedWidth: dstWidth,
  resizedHeight: dstHeight,
  padX: 0,
  padY: 0,
  dstWidth,
  dstHeight,
});

/** The transform a manifest's input spec asks for, applied to a region of the image. */
export function planInput(region: PixelRect, input: InputSpec): InputTransform {
  switch (input.resize) {
    case 'letterbox':
      return letterbox(region, input.width, input.height, input.letterboxAlign);
    case 'crop':
      return centerCrop(region, input.width, input.height, input.resizeShorter);
    case 'stretch':
      return stretch(region, input.width, input.height);
  }
}

/** Maps a box from model-input coordinates back to image pixels, clamped to the image. */
export function boxToImage(box: Box, t: InputTransform, imageWidth: number, imageHeight: number): Box {
  const sx = t.extract.width / t.resizedWidth;
  const sy = t.extract.height / t.resizedHeight;
  const x0 = Math.min(imageWidth, Math.max(0, t.extract.x + (box.x - t.padX) * sx));
  const y0 = Math.min(imageHeight, Math.max(0, t.extract.y + (box.y - t.padY) * sy));
  const x1 = Math.min(imageWidth, Math.max(0, t.extract.x + (box.x + box.width - t.padX) * sx));
  const y1 = Math.min(imageHeight, Math.max(0, t.extract.y + (box.y + box.height - t.padY) * sy));
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/**
 * Grows a box by `margin` (fraction of its width/height on each side), then
 * snaps it to whole pixels inside the image: the classifier sees a little
 * context, as in its training crops, and never reads outside the image.
 */
export function expandBox(box: Box, margin: number, imageWidth: number, imageHeight: number): PixelRect {
  const mx = box.width * margin;
  const my = box.height * margin;
  const x0 = Math.min(imageWidth - 1, Math.max(0, Math.floor(box.x - mx)));
  const y0 = Math.min(imageHeight - 1, Math.max(0, Math.floor(box.y - my)));
  const x1 = Math.max(x0 + 1, Math.min(imageWidth, Math.ceil(box.x + box.width + mx)));
  const y1 = Math.max(y0 + 1, Math.min(imageHeight, Math.ceil(box.y + box.height + my)));
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** Rounds a box to integers for the API (pixels of the original image). */
export const roundBox = (b: Box): Box => {
  const x = Math.round(b.x);
  const y = Math.round(b.y);
  return { x, y, width: Math.round(b.x + b.width) - x, height: Math.round(b.y + b.height) - y };
};
