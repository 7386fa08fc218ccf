// The article a writer produces and a publisher publishes: a title, structured body blocks and tags.
import { z } from 'zod';
import { LIMITS } from './limits.ts';

export const NAVER_TITLE_MAX = LIMITS.titleChars;
export const BODY_MAX_CHARS = LIMITS.bodyChars;
export const TAGS_MAX = LIMITS.tags;
export const TAG_MAX_CHARS = LIMITS.tagChars;
/** Picture slots an article may hold (the team's photos and generated images together). */
export const IMAGE_SLOTS_MAX = 20;

export const blockSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('heading'), text: z.string().trim().min(1).max(200) }),
  z.object({ type: z.literal('paragraph'), text: z.string().trim().min(1).max(5_000) }),
  z.object({
    type: z.literal('list'),
    ordered: z.boolean(),
    items: z.array(z.string().trim().min(1).max(1_000)).min(1).max(30),
  }),
  z.object({ type: z.literal('quote'), text: z.string().trim().min(1).max(2_000) }),
  /**
   * Where a picture goes (issue 13). `slot` names the picture (1, 2, ...; unique in an article): the team's photo
   * or a generated image attached to the draft under that slot. `what` describes it (the prompt when generated),
   * `alt` is its alternative text and `caption` the line shown under it in the post.
   */
  z.object({
    type: z.literal('image'),
    slot: z.number().int().min(1).max(IMAGE_SLOTS_MAX),
    what: z.string().trim().min(1).max(500),
    alt: z.string().trim().max(200),
    caption: z.string().trim().max(200),
  }),
]);
export type Block = z.infer<typeof blockSchema>;

/**
 * One NAVER tag: letters, digits and _ only. NAVER's tag box drops punctuation and splits on spaces and
 * commas, and the editor adds the `#` itself, so a tag that breaks these rules would not come out as written.
 */
export const tagSchema = z
  .string()
  .trim()
  .min(1)
  .max(TAG_MAX_CHARS)
  .regex(/^[\p{L}\p{N}\p{M}_]+$/u, 'a tag may hold only letters, digits and _ (no #, spaces or punctuation)');

export const articleSchema = z.object({
  title: z.string().trim().min(1).max(NAVER_TITLE_MAX),
  blocks: z.array(blockSchema).min(1).max(200),
  tags: z.array(tagSchema).max(TAGS_MAX),
}).refine((a) => bodyLength(a.blocks) <= BODY_MAX_CHARS, {
  path: ['blocks'],
  message: `the body may hold at most ${BODY_MAX_CHARS} characters of text`,
});
export type Article = z.infer<typeof articleSchema>;

/** A picture ready to upload: already resized and stripped of location data, as stored with the draft. */
export interface PostImage {
  /** The image block (`type: 'image'`) of the article it belongs to. */
  slot: number;
  bytes: Uint8Array;
  contentType: 'image/jpeg' | 'image/png' | 'image/webp' | 'image/gif';
  /** A file name for the upload, e.g. `slot-1.jpg`. */
  fileName: string;
  /** Made by Gemini (marked with NAVER's AI label) rather than the team's own photo. */
  generated: boolean;
}

/** Characters of body text, the measure the body limit is expressed in. */
export function bodyLength(blocks: readonly Block[]): number {
  return blocks.reduce((n, b) => n + (b.type === 'image' ? 0 : blockTexts(b).join('').length), 0);
}

/** The lines of text a block shows: a list's items, an image's caption (none when it has no caption). */
export function blockTexts(b: Block): string[] {
  if (b.type === 'list') return b.items;
  if (b.type === 'image') return b.caption ? [b.caption] : [];
  return [b.text];
}

/**
 * Turns what a person or a model typed as a tag into one NAVER accepts: `#서울 맛집` becomes `서울맛집`.
 * Returns '' when nothing usable is left; the result may still exceed TAG_MAX_CHARS.
 */
export function normalizeTag(raw: string): string {
  return raw.normalize('NFC').replace(/[^\p{L}\p{N}\p{M}_]+/gu, '');
}

/** Plain-text rendering of the body, for previews and search. */
export function bodyToText(blocks: readonly Block[]): string {
  return blocks
    .map((b) => {
      if (b.type === 'list') return b.items.map((item, i) => (b.ordered ? `${i + 1}. ${item}` : `• ${item}`)).join('\n');
      if (b.type === 'quote') return `> ${b.text}`;
      if (b.type === 'heading') return `■ ${b.text}`;
      if (b.type === 'image') return `[image ${b.slot}${b.caption ? `: ${b.caption}` : ''}]`;
      return b.text;
    })
    .join('\n\n');
}

const IMAGE_LINE = /^\[image (\d{1,3})(?::\s*(.*))?\]$/;

/**
 * Parses the text an Edit modal returns back into blocks (the inverse of bodyToText). An `[image N: caption]`
 * line is the picture of slot N of `previous` (its what and alt kept, the caption as typed); a slot the
 * previous article did not have is dropped (a picture cannot be typed into existence).
 */
export function textToBlocks(text: string, previous: readonly Block[] = []): Block[] {
  const blocks: Block[] = [];
  for (const chunk of text.replace(/\r\n/g, '\n').split(/\n{2,}/)) {
    const lines = chunk.split('\n').map((l) => l.trim()).filter(Boolean);
    if (lines.length === 0) continue;
    const first = lines[0]!;
    const image = lines.length === 1 ? IMAGE_LINE.exec(first) : null;
    if (image) {
      const was = previous.find((b): b is Extract<Block, { type: 'image' }> => b.type === 'image' && b.slot === Number(image[1]));
      if (was) blocks.push({ ...was, caption: (image[2] ?? '').trim().slice(0, 200) });
    } else if (lines.every((l) => /^([•\-*]|\d+\.)\s+/.test(l))) {
      blocks.push({ type: 'list', ordered: /^\d+\./.test(first), items: lines.map((l) => l.replace(/^([•\-*]|\d+\.)\s+/, '')) });
    } else if (lines.length === 1 && /^(■|#{1,3})\s*/.test(first)) {
      blocks.push({ type: 'heading', text: first.replace(/^(■|#{1,3})\s*/, '') });
    } else if (lines.every((l) => l.startsWith('>'))) {
      blocks.push({ type: 'quote', text: lines.map((l) => l.replace(/^>\s?/, '')).join('\n') });
    } else {
      blocks.push({ type: 'paragraph', text: lines.join('\n') });
    }
  }
  return blocks;
}
