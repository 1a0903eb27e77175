/** Decompression bombs made at run time, for the bad-input corpus and bench:load. */
import sharp from 'sharp';

/**
 * A ~1 KB truncated JPEG whose header declares width x height (7000 x 7000 =
 * 49 MP, 147 MB decoded): a real small JPEG with its SOF dimensions rewritten,
 * cut after `bytes`.
 */
export async function jpegDimensionBomb(width = 7000, height = 7000, bytes = 1024): Promise<Buffer> {
  const pixels = Buffer.from(Array.from({ length: 96 * 96 * 3 }, (_, i) => (i * 7919) % 251));
  const jpeg = Buffer.from(await sharp(pixels, { raw: { width: 96, height: 96, channels: 3 } }).jpeg({ quality: 90 }).toBuffer());
  for (let i = 2; i + 9 < jpeg.length; ) {
    if (jpeg[i] !== 0xff) throw new Error('unexpected JPEG layout');
    const marker = jpeg[i + 1];
    if (marker === 0xc0 || marker === 0xc2) {
      jpeg.writeUInt16BE(height, i + 5);
      jpeg.writeUInt16BE(width, i + 7);
      return jpeg.subarray(0, Math.min(bytes, jpeg.length - 2));
    }
    i += 2 + jpeg.readUInt16BE(i + 2);
  }
  throw new Error('no SOF marker');
}
