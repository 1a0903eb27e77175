/**
 * Bytes -> oriented 8-bit RGB pixels, once per request. Every later stage
 * (detector letterbox, classifier crops) resamples these pixels instead of
 * decoding the file again.
 *
 * The real format comes from the bytes' signature, never from a file name or
 * a client-supplied content type; sharp is only handed formats we accept, so
 * SVG/PDF/TIFF/HEIF parsers never see untrusted input.
 */
import sharp, { type Metadata } from 'sharp';
import { AppError } from '../errors.js';
import type { RawImage } from './types.js';

export type AcceptedFormat = 'jpeg' | 'png' | 'webp';

export interface DecodeOptions {
  /** Reject images with more pixels than this (decompression bombs). */
  limitInputPixels: number;
  /**
   * sharp's strictness. 'error' rejects truncated and corrupt data but lets
   * through benign libjpeg warnings (e.g. extraneous bytes before a marker)
   * that phone and web photos often carry.
   */
  failOn: 'truncated' | 'error' | 'warning';
  /** Colour transparent pixels are flattened onto. */
  background: { r: number; g: number; b: number };
}

export const DEFAULT_DECODE_OPTIONS: DecodeOptions = {
  limitInputPixels: 50_000_000,
  failOn: 'error',
  background: { r: 255, g: 255, b: 255 },
};

export interface DecodedImage extends RawImage {
  format: AcceptedFormat;
}

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0): boolean =>
  b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

/**
 * Identifies the container from its first bytes. Returns an accepted format,
 * or a short name of a known rejected one (for the error message), or null.
 */
export function sniffFormat(bytes: Uint8Array): AcceptedFormat | { rejected: string } | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'webp';
  if (startsWith(bytes, ascii('GIF8'))) return { rejected: 'GIF' };
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return { rejected: 'TIFF' };
  if (startsWith(bytes, ascii('BM'))) return { rejected: 'BMP' };
  if (startsWith(bytes, ascii('ftyp'), 4)) return { rejected: 'HEIF/AVIF' };
  if (startsWith(bytes, ascii('%PDF'))) return { rejected: 'PDF' };
  return null;
}

const ACCEPTED = 'JPEG, PNG or WebP';

export interface ImageHeader {
  format: AcceptedFormat;
  width: number;
  height: number;
  /** Declared pixels: what a full decode will cost (x3 bytes), known before decoding. */
  pixels: number;
}

/**
 * Reads the format and the declared size from the header only (cheap), and
 * refuses what is not an accepted format or declares too many pixels.
 */
export async function probeImage(bytes: Uint8Array, options: Pick<DecodeOptions, 'limitInputPixels'> = DEFAULT_DECODE_OPTIONS): Promise<ImageHeader> {
  if (bytes.length === 0) throw new AppError('BAD_USER_INPUT', 'The image is empty (0 bytes).');
  const format = sniffFormat(bytes);
  if (format === null || typeof format === 'object') {
    const what = format ? `${format.rejected} images are not supported` : 'This file is not in a supported image format';
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', `${what}; send ${ACCEPTED}.`, {
      detected: format ? format.rejected : 'unknown',
    });
  }
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (err) {
    throw corrupt(format, err);
  }
  if (meta.format !== format) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', `The image content (${meta.format}) does not match its signature; send ${ACCEPTED}.`);
  }
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  const pixels = width * height;
  if (pixels > options.limitInputPixels) {
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      `The image is ${width}x${height} (${pixels} pixels), above the limit of ${options.limitInputPixels} pixels.`,
      { width, height, limitInputPixels: options.limitInputPixels },
    );
  }
  return { format, width, height, pixels };
}

/**
 * Decodes, auto-rotates (EXIF), flattens alpha and converts to 3-channel sRGB.
 * Truncated or corrupt data is refused (failOn) instead of decoded as grey:
 * a few hundred bytes declaring 7000x7000 must not cost a 147 MB decode.
 */
export async function decodeImage(
  bytes: Uint8Array,
  options: DecodeOptions = DEFAULT_DECODE_OPTIONS,
  header?: ImageHeader,
): Promise<DecodedImage> {
  const { format } = header ?? (await probeImage(bytes, options));
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: options.limitInputPixels, failOn: options.failOn })
      .rotate() // apply EXIF orientation: boxes are reported in the image as the user sees it
      .flatten({ background: options.background })
      .toColourspace('srgb') // greyscale and CMYK -> 3 channels
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels`);
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height, format };
  } catch (err) {
    if (/pixel limit/i.test(String((err as Error).message))) {
      throw new AppError('PAYLOAD_TOO_LARGE', `The image exceeds the limit of ${options.limitInputPixels} pixels.`, {
        limitInputPixels: options.limitInputPixels,
      });
    }
    throw corrupt(format, err);
  }
}

// The decoder's own message (libvips internals) stays out of the client's error.
function corrupt(format: AcceptedFormat, _err: unknown): AppError {
  return new AppError('BAD_USER_INPUT', `The ${format.toUpperCase()} image could not be decoded: it is corrupt or truncated`, { format });
}
