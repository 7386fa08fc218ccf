// The port image generation goes through (the Gemini adapter is generation/gemini/image-generator.ts), the
// codes a failed image is recorded with, and the photos a person hands in. A failed image never fails its draft:
// the card says which is missing. (ports.ts and service-api.ts use these; images/ and drafts/images.ts act on them.)
import { ReasonError } from './errors.ts';

/** safety: the model's filters stopped it; no_image: it answered without a picture; error: the call failed; timeout. */
export type ImageFailure = 'safety' | 'no_image' | 'error' | 'timeout';

export class ImageGenerationError extends ReasonError<ImageFailure> {}

export interface ImageRequest {
  /** What the picture shows (the article's `what` for the slot). */
  what: string;
  /** The account's image style sentence, if it has one. */
  style: string | null;
  /** The blog's language (captions are not drawn; it only tells the model whose readers it is for). */
  language: string;
}

export interface GeneratedImage {
  bytes: Uint8Array;
  mimeType: string;
  model: string;
}

export interface ImageGenerator {
  /** Throws ImageGenerationError; must stop promptly when `signal` aborts. */
  generate(request: ImageRequest, signal: AbortSignal): Promise<GeneratedImage>;
}

/**
 * What the writer is told about pictures: the team's photos (slots 1..n in the order given, with the file name
 * or description that says what each shows), how many image blocks the post should have in all, and whether
 * slots beyond the photos will be generated (otherwise only the photos get blocks).
 */
export interface ImagePlan {
  /** `preview`: a small JPEG of the photo, sent along so the writer can see what it shows. */
  photos: Array<{ slot: number; name: string; preview?: { bytes: Uint8Array; mimeType: string } }>;
  min: number;
  max: number;
  generated: boolean;
}

/** A photo as a person handed it in (a Discord attachment's bytes and name), before it is checked. */
export interface UploadedPhoto {
  bytes: Uint8Array;
  fileName: string;
}

/** A picture of a draft as a job needs to know of it (its row without the bytes). */
export interface ImageRow {
  slot: number;
  source: string;
  status: string;
  fileName: string | null;
}
