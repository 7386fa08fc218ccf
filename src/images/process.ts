// The team's photos and generated images on their way into storage: the type is read from the bytes (never
// the file name), then sharp turns the picture upright by its EXIF orientation, shrinks it to the long side
// allowed and re-encodes it, which leaves every metadata block (EXIF, GPS location, XMP) behind.
import { createHash } from 'node:crypto';
import type { PostImage } from '../ports.ts';
import { ReasonError } from '../errors.ts';

export const IMAGE_LIMITS = {
  /** Bytes one uploaded file may have, before processing. */
  bytesPerFile: 20 * 1024 * 1024,
  /** The team's photos one post may hold. */
  photosPerPost: 10,
  /** The long side of a stored picture, in pixels. */
  longSide: 1_600,
  jpegQuality: 82,
  webpQuality: 80,
} as const;

export type ImageKind = 'jpeg' | 'png' | 'webp' | 'gif' | 'heic';
/** Why a file was refused: not a picture we take, too big, or a picture that cannot be read. */
export type ImageProblem = 'type' | 'too_large' | 'corrupt' | 'heic';

export class ImageRefusedError extends ReasonError<ImageProblem> {}

export interface ProcessedImage {
  bytes: Buffer;
  contentType: PostImage['contentType'];
  width: number;
  height: number;
  sha256: string;
}

/** The picture format the first bytes announce (magic numbers), or null. */
export function sniffImage(bytes: Uint8Array): ImageKind | null {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 32));
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (b.length >= 6 && /^GIF8[79]a$/.test(b.subarray(0, 6).toString('latin1'))) return 'gif';
  if (b.length >= 12 && b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP') return 'webp';
  // ISO BMFF: ....ftyp<brand>; HEIC/HEIF brands (AVIF is left out: NAVER's editor does not take it).
  if (b.length >= 12 && b.subarray(4, 8).toString('latin1') === 'ftyp' && /^(heic|heix|heim|heis|hevc|hevx|mif1|msf1)$/.test(b.subarray(8, 12).toString('latin1'))) return 'heic';
  return null;
}

/** Checks, resizes and re-encodes one picture; throws ImageRefusedError with a problem code. */
export async function processImage(input: Uint8Array): Promise<ProcessedImage> {
  if (input.byteLength > IMAGE_LIMITS.bytesPerFile) throw new ImageRefusedError('too_large', `the file has ${input.byteLength} bytes, more than ${IMAGE_LIMITS.bytesPerFile}`);
  const kind = sniffImage(input);
  if (!kind) throw new ImageRefusedError('type', 'the file is not a JPEG, PNG, WebP, GIF or HEIC picture');
  const sharp = await loadSharp();
  try {
    const animated = kind === 'gif' || kind === 'webp';
    // failOn 'truncated': a cut-off or damaged file is refused rather than stored half grey.
    const source = sharp(input, { failOn: 'truncated', animated, limitInputPixels: 100_000_000 });
    const meta = await source.metadata();
    const frames = meta.pages ?? 1;
    let pipeline = source.rotate().resize({ width: IMAGE_LIMITS.longSide, height: IMAGE_LIMITS.longSide, fit: 'inside', withoutEnlargement: true });
    let contentType: ProcessedImage['contentType'];
    if (kind === 'gif' && frames > 1) {
      pipeline = pipeline.gif();
      contentType = 'image/gif';
    } else if (kind === 'webp') {
      pipeline = pipeline.webp({ quality: IMAGE_LIMITS.webpQuality });
      contentType = 'image/webp';
    } else if ((kind === 'png' || kind === 'gif') && meta.hasAlpha) {
      pipeline = pipeline.png({ compressionLevel: 9, palette: kind === 'gif' });
      contentType = 'image/png';
    } else {
      pipeline = pipeline.flatten({ background: '#ffffff' }).jpeg({ quality: IMAGE_LIMITS.jpegQuality, mozjpeg: true });
      contentType = 'image/jpeg';
    }
    const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
    const height = frames > 1 && info.pageHeight ? info.pageHeight : info.height;
    return { bytes: data, contentType, width: info.width, height, sha256: createHash('sha256').update(data).digest('hex') };
  } catch (err) {
    if (err instanceof ImageRefusedError) throw err;
    // sharp's prebuilt libvips reads HEIF containers but has no HEVC decoder (a patent matter): most iPhone HEIC
    // photos end here, with a sentence that asks for a JPEG instead.
    if (kind === 'heic') throw new ImageRefusedError('heic', 'this HEIC picture cannot be decoded here');
    throw new ImageRefusedError('corrupt', `the picture cannot be read (${err instanceof Error ? err.message : String(err)})`);
  }
}

/** A small JPEG of a stored picture for the writer to look at (512 px; a few hundred tokens each). */
export async function writerPreview(bytes: Uint8Array): Promise<{ bytes: Uint8Array; mimeType: string }> {
  const sharp = await loadSharp();
  const data = await sharp(bytes).resize({ width: 512, height: 512, fit: 'inside', withoutEnlargement: true }).flatten({ background: '#ffffff' }).jpeg({ quality: 70 }).toBuffer();
  return { bytes: data, mimeType: 'image/jpeg' };
}

/** The file extension of a stored content type. */
export function extensionOf(contentType: string): string {
  return { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'image/gif': 'gif' }[contentType] ?? 'bin';
}

/** sharp (libvips) is loaded on the first picture: a replica that handles none does not carry it. */
export const loadSharp = () => import('sharp').then((m) => m.default);
