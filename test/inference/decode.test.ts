import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { DEFAULT_DECODE_OPTIONS, decodeImage, sniffFormat } from '../../src/inference/decode.js';
import { resample } from '../../src/inference/preprocess.js';

const FIXTURE = 'test/fixtures/photos/clio/car276.jpg';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return `${(e as AppError).code}: ${(e as AppError).message}`;
  }
  return 'resolved';
}

/** Mean absolute difference of two equally sized RGB buffers. */
const mad = (a: Uint8Array, b: Uint8Array): number => {
  expect(a.length).toBe(b.length);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i] - b[i]);
  return s / a.length;
};

describe('sniffFormat', () => {
  it('recognises the accepted formats by their signature', async () => {
    const jpeg = await readFile(FIXTURE);
    expect(sniffFormat(jpeg)).toBe('jpeg');
    expect(sniffFormat(await sharp(jpeg).png().toBuffer())).toBe('png');
    expect(sniffFormat(await sharp(jpeg).webp().toBuffer())).toBe('webp');
    expect(sniffFormat(await sharp(jpeg).gif().toBuffer())).toEqual({ rejected: 'GIF' });
    expect(sniffFormat(Buffer.from('hello'))).toBeNull();
  });
});

describe('decodeImage', () => {
  let jpeg: Buffer;
  let original: { data: Uint8Array; width: number; height: number };
  beforeAll(async () => {
    jpeg = await readFile(FIXTURE);
    original = await decodeImage(jpeg);
  });

  it('decodes a JPEG to 3-channel RGB at its size', () => {
    expect(original).toMatchObject({ width: 224, height: 224, format: 'jpeg' });
    expect(original.data.length).toBe(224 * 224 * 3);
  });

  it('applies the EXIF orientation (size and pixels as the viewer sees them)', async () => {
    // A non-square scene, stored rotated 90° counter-clockwise with Orientation 6 ("rotate 90° CW to display").
    const scene = await sharp(jpeg).extract({ left: 0, top: 32, width: 224, height: 160 }).png().toBuffer();
    const sceneRaw = await decodeImage(scene);
    const stored = await sharp(scene).rotate(-90).withMetadata({ orientation: 6 }).jpeg({ quality: 95 }).toBuffer();
    const meta = await sharp(stored).metadata();
    expect(meta).toMatchObject({ width: 160, height: 224, orientation: 6 });

    const decoded = await decodeImage(stored);
    expect([decoded.width, decoded.height]).toEqual([224, 160]);
    expect(mad(decoded.data, sceneRaw.data)).toBeLessThan(4);
  });

  it('decodes PNG and WebP (lossless) to the same pixels as the JPEG they were made from', async () => {
    const rgb = sharp(original.data, { raw: { width: 224, height: 224, channels: 3 } });
    const png = await decodeImage(await rgb.clone().png().toBuffer());
    const webp = await decodeImage(await rgb.clone().webp({ lossless: true }).toBuffer());
    expect(png.format).toBe('png');
    expect(webp.format).toBe('webp');
    expect(mad(png.data, original.data)).toBe(0);
    expect(mad(webp.data, original.data)).toBe(0);
  });

  it('expands greyscale to three equal channels', async () => {
    const grey = await sharp(jpeg).toColourspace('b-w').png().toBuffer();
    expect((await sharp(grey).metadata()).channels).toBe(1);
    const d = await decodeImage(grey);
    expect(d.data.length).toBe(224 * 224 * 3);
    expect(d.data[300]).toBe(d.data[301]);
    expect(d.data[301]).toBe(d.data[302]);
  });

  it('flattens transparency onto the configured background', async () => {
    const rgba = await sharp({ create: { width: 4, height: 4, channels: 4, background: { r: 255, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
    expect([...(await decodeImage(rgba)).data.subarray(0, 3)]).toEqual([255, 255, 255]);
    const grey = await decodeImage(rgba, { ...DEFAULT_DECODE_OPTIONS, background: { r: 128, g: 128, b: 128 } });
    expect([...grey.data.subarray(0, 3)]).toEqual([128, 128, 128]);
  });

  it('reduces 16-bit PNG to 8 bits', async () => {
    const png16 = await sharp({ create: { width: 2, height: 2, channels: 3, background: { r: 255, g: 128, b: 0 } } })
      .toColourspace('rgb16')
      .png()
      .toBuffer();
    const d = await decodeImage(png16);
    expect(d.data.length).toBe(12);
    expect(d.data[0]).toBe(255);
  });

  it('rejects empty, truncated and corrupt bytes as bad input', async () => {
    expect(await codeOf(decodeImage(Buffer.alloc(0)))).toMatch(/^BAD_USER_INPUT: The image is empty/);
    expect(await codeOf(decodeImage(jpeg.subarray(0, Math.floor(jpeg.length * 0.6))))).toMatch(/^BAD_USER_INPUT: .*corrupt or truncated/);
    const garbled = Buffer.concat([jpeg.subarray(0, 4), Buffer.alloc(400, 0x41)]);
    expect(await codeOf(decodeImage(garbled))).toMatch(/^BAD_USER_INPUT/);
  });

  it('rejects other formats by content, whatever the file is called', async () => {
    expect(await codeOf(decodeImage(Buffer.from('make: Renault\nmodel: Clio\n')))).toMatch(/^UNSUPPORTED_MEDIA_TYPE: .*JPEG, PNG or WebP/);
    expect(await codeOf(decodeImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')))).toMatch(/^UNSUPPORTED_MEDIA_TYPE/);
    expect(await codeOf(decodeImage(await sharp(jpeg).gif().toBuffer()))).toMatch(/^UNSUPPORTED_MEDIA_TYPE: GIF images are not supported/);
    expect(await codeOf(decodeImage(await sharp(jpeg).tiff().toBuffer()))).toMatch(/^UNSUPPORTED_MEDIA_TYPE: TIFF/);
  });

  it('enforces the pixel limit before decoding, saying what the limit is', async () => {
    const msg = await codeOf(decodeImage(jpeg, { ...DEFAULT_DECODE_OPTIONS, limitInputPixels: 10_000 }));
    expect(msg).toMatch(/^PAYLOAD_TOO_LARGE: The image is 224x224 \(50176 pixels\), above the limit of 10000 pixels/);
  });
});

describe('resample', () => {
  it('returns the pixels untouched when nothing changes, and crops/resizes raw pixels otherwise', async () => {
    const img = await decodeImage(await readFile(FIXTURE));
    expect(await resample(img, { x: 0, y: 0, width: 224, height: 224 }, 224, 224)).toBe(img.data);
    const crop = await resample(img, { x: 10, y: 20, width: 30, height: 40 }, 30, 40);
    expect(crop.length).toBe(30 * 40 * 3);
    expect([...crop.subarray(0, 3)]).toEqual([...img.data.subarray((20 * 224 + 10) * 3, (20 * 224 + 10) * 3 + 3)]);
    expect((await resample(img, { x: 0, y: 0, width: 224, height: 224 }, 416, 234)).length).toBe(416 * 234 * 3);
  });
});
