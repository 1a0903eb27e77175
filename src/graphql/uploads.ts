/** Turns uploads and base64 strings into bounded byte buffers. */
import { AppError, badInput } from '../errors.js';
import type { FileUpload } from './scalars/upload.scalar.js';

const tooLarge = (maxBytes: number) =>
  new AppError('PAYLOAD_TOO_LARGE', `The image is larger than the limit of ${maxBytes} bytes`, { maxBytes });

/** Reads an upload into memory, stopping as soon as it passes `maxBytes`. */
export async function readUpload(upload: FileUpload | Promise<FileUpload>, maxBytes: number, field = 'image'): Promise<Buffer> {
  let file: FileUpload;
  try {
    file = await upload;
  } catch (error) {
    throw badInput(`The upload "${field}" could not be read: ${(error as Error).message}`, field);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    const stream = file.createReadStream();
    for await (const chunk of stream) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) throw tooLarge(maxBytes);
      chunks.push(chunk as Buffer);
    }
    // Past the middleware's maxFileSize, busboy ends the stream early and marks it truncated.
    if ((stream as { truncated?: boolean }).truncated) throw tooLarge(maxBytes);
  } catch (error) {
    if (error instanceof AppError) throw error;
    if ((error as { status?: number }).status === 413) throw tooLarge(maxBytes);
    throw badInput(`The upload "${field}" was interrupted: ${(error as Error).message}`, field);
  }
  return Buffer.concat(chunks);
}

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** Decodes a base64 (or data: URL) image, checking the alphabet and the size before decoding. */
export function decodeBase64Image(input: string, maxBytes: number, field = 'imageBase64'): Buffer {
  const payload = input.replace(/^data:[\w/+.-]+;base64,/, '').replace(/\s+/g, '');
  if (payload.length === 0) throw badInput(`"${field}" is empty`, field);
  if (!BASE64.test(payload)) throw badInput(`"${field}" is not valid base64`, field);
  if (Math.floor((payload.length * 3) / 4) > maxBytes + 2) throw tooLarge(maxBytes);
  const bytes = Buffer.from(payload, payload.includes('-') || payload.includes('_') ? 'base64url' : 'base64');
  if (bytes.length > maxBytes) throw tooLarge(maxBytes);
  return bytes;
}
