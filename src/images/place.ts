// The generate job's picture step, after the article is written and before the draft waits for approval: the
// team's photos go where the writer put their slots (or, if it left one out, between paragraphs), the other
// image slots are generated one by one when the account allows it, and a slot that cannot be generated is
// recorded as failed with its reason. Nothing here fails the draft.
import type { Account } from '../generated/prisma/client.ts';
import type { Domain } from '../domain.ts';
import type { Article, Block } from '../article.ts';
import { TimeoutError } from '../errors.ts';
import { withTimeout } from '../timeout.ts';
import { ImageGenerationError, type ImageFailure, type ImageGenerator, type ImageRow } from '../image-shapes.ts';
import { ImageRefusedError, processImage } from './process.ts';
import { columns, photosOf, usablePhotos } from './store.ts';

export interface ImageDeps extends Pick<Domain, 'db' | 'logger'> {
  imageGenerator?: ImageGenerator;
  /** The budget of one image call. */
  imageTimeoutMs: number;
}

export const IMAGE_MODES = ['none', 'photos', 'generated', 'photos+generated'] as const;
export type ImagesMode = (typeof IMAGE_MODES)[number];

export function allowsGenerated(mode: string): boolean {
  return mode === 'generated' || mode === 'photos+generated';
}

type ImageBlock = Extract<Block, { type: 'image' }>;
type ImageAccount = Pick<Account, 'imagesMode' | 'imagesMax' | 'imageStyle' | 'language'>;

/** `known`: the draft's pictures as the job read them (spares the reads, and the delete when there is nothing to delete). */
export async function placeImages(d: ImageDeps, account: ImageAccount, draftId: string, article: Article, known?: readonly ImageRow[]): Promise<Article> {
  const photos = known ? usablePhotos(known) : await photosOf(d.db, draftId);
  const photoSlots = new Set(photos.map((p) => p.slot));
  let blocks = dedupeSlots(article.blocks);
  for (const p of photos) {
    if (!blocks.some((b) => b.type === 'image' && b.slot === p.slot)) blocks = insertSpread(blocks, { type: 'image', slot: p.slot, what: p.fileName ?? 'photo', alt: '', caption: '' });
  }
  const room = Math.max(0, account.imagesMax - photos.length);
  const generate = allowsGenerated(account.imagesMode);
  let kept = 0;
  blocks = blocks.filter((b) => b.type !== 'image' || photoSlots.has(b.slot) || (generate && kept++ < room));
  const wanted = blocks.filter((b): b is ImageBlock => b.type === 'image' && !photoSlots.has(b.slot));
  // Pictures of slots the article no longer has (a draft written again) are not kept.
  const stale = !known || known.some((i) => i.source === 'generated' && !wanted.some((b) => b.slot === i.slot));
  if (stale) await d.db.draftImage.deleteMany({ where: { draftId, source: 'generated', slot: { notIn: wanted.map((b) => b.slot) } } });
  for (const b of wanted) await generateSlot(d, account, draftId, b);
  return { ...article, blocks };
}

/** Generates one slot's picture and stores it, or records why there is none. */
export async function generateSlot(d: ImageDeps, account: ImageAccount, draftId: string, block: ImageBlock): Promise<boolean> {
  let data: Record<string, unknown>;
  try {
    const generator = d.imageGenerator;
    if (!generator) throw new ImageGenerationError('error', 'this process has no image generator');
    const made = await withTimeout('Generating an image', d.imageTimeoutMs, (signal) =>
      generator.generate({ what: block.what, style: account.imageStyle, language: account.language }, signal),
    );
    data = { status: 'ok', ...columns(await processImage(made.bytes)) };
  } catch (err) {
    const reason: ImageFailure =
      err instanceof ImageGenerationError ? err.reason : err instanceof TimeoutError ? 'timeout' : err instanceof ImageRefusedError ? 'no_image' : 'error';
    d.logger.warn({ draftId, slot: block.slot, reason, err: err instanceof Error ? err.message : String(err) }, 'image generation failed; the draft goes on without it until someone decides');
    data = { status: 'failed', reason, bytes: null, contentType: null, size: 0, sha256: null, width: null, height: null };
  }
  await d.db.draftImage.upsert({
    where: { draftId_slot: { draftId, slot: block.slot } },
    create: { draftId, slot: block.slot, source: 'generated', ...data },
    update: { source: 'generated', ...data },
  });
  return data.status === 'ok';
}

function dedupeSlots(blocks: readonly Block[]): Block[] {
  const seen = new Set<number>();
  return blocks.filter((b) => b.type !== 'image' || (!seen.has(b.slot) && Boolean(seen.add(b.slot))));
}

/** Puts a picture after a paragraph in the part of the body that has the fewest pictures so far. */
function insertSpread(blocks: Block[], image: ImageBlock): Block[] {
  const paragraphs = blocks.flatMap((b, i) => (b.type === 'paragraph' && blocks[i + 1]?.type !== 'image' ? [i] : []));
  const at = paragraphs.length ? paragraphs[Math.floor(paragraphs.length / 2)]! + 1 : blocks.length;
  return [...blocks.slice(0, at), image, ...blocks.slice(at)];
}
