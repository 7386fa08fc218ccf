// Each draft's pictures in PostgreSQL (DraftImage): the team's photos as they arrive, generated images as the
// generate job makes them, and what the card, the publisher and the retention sweep read back.
import type { Db } from '../db/client.ts';
import type { Article } from '../article.ts';
import type { UploadedPhoto } from '../image-shapes.ts';
import type { PostImage } from '../ports.ts';
import { UserInputError } from '../refusals.ts';
import { extensionOf, IMAGE_LIMITS, ImageRefusedError, processImage, type ProcessedImage } from './process.ts';

/** A file a person attached: its bytes and the name it had. */

export type CheckedPhoto = ProcessedImage & { fileName: string };

type Tx = Pick<Db, 'draftImage'>;

/** Refuses the whole batch with one sentence (the first bad file) before anything is stored. */
export async function checkPhotos(photos: readonly UploadedPhoto[], already = 0): Promise<CheckedPhoto[]> {
  const max = IMAGE_LIMITS.photosPerPost;
  if (already + photos.length > max) throw new UserInputError('too_many_photos', { max, given: already + photos.length });
  const out: CheckedPhoto[] = [];
  for (const [i, photo] of photos.entries()) {
    try {
      out.push({ ...(await processImage(photo.bytes)), fileName: cleanName(photo.fileName) });
    } catch (err) {
      if (!(err instanceof ImageRefusedError)) throw err;
      throw new UserInputError('photo_refused', { n: already + i + 1, fileName: cleanName(photo.fileName), problem: err.reason });
    }
  }
  return out;
}

/** A file name as a label: no path, no control characters, at most 100 characters. */
function cleanName(name: string): string {
  return (name.split(/[\\/]/).pop() ?? '').replace(/[\p{Cc}]/gu, '').slice(0, 100) || 'photo';
}

export async function storePhotos(tx: Tx, draftId: string, photos: readonly CheckedPhoto[], firstSlot: number): Promise<number[]> {
  const slots = photos.map((_, i) => firstSlot + i);
  await tx.draftImage.createMany({
    data: photos.map((p, i) => ({ draftId, slot: slots[i]!, source: 'photo', status: 'ok', fileName: p.fileName, ...columns(p) })),
  });
  return slots;
}

export function columns(p: ProcessedImage) {
  return { bytes: new Uint8Array(p.bytes), contentType: p.contentType, size: p.bytes.length, sha256: p.sha256, width: p.width, height: p.height, reason: null };
}

/** The team's photos of a draft, by slot (what the writer is told about). */
/** The team's photos among picture rows already read, as photosOf reads them: uploaded and usable. */
export function usablePhotos<R extends { source: string; status: string }>(rows: readonly R[]): R[] {
  return rows.filter((i) => i.source === 'photo' && i.status === 'ok');
}

export async function photosOf(db: Tx, draftId: string): Promise<Array<{ slot: number; fileName: string | null }>> {
  return db.draftImage.findMany({ where: { draftId, source: 'photo', status: 'ok' }, select: { slot: true, fileName: true }, orderBy: { slot: 'asc' } });
}

/** The highest slot a draft uses, pictures and article blocks together. */
export async function lastSlot(db: Tx, draftId: string, article: Article | null): Promise<number> {
  const top = await db.draftImage.aggregate({ where: { draftId }, _max: { slot: true } });
  const inArticle = (article?.blocks ?? []).reduce((m, b) => (b.type === 'image' ? Math.max(m, b.slot) : m), 0);
  return Math.max(top._max.slot ?? 0, inArticle);
}

/**
 * What goes to the publisher: the article without the image blocks that have no picture (a failed generation
 * the team chose to go on without, or a slot never filled), and the pictures of the rest in the body's order.
 */
export async function postImagesFor(db: Tx, draftId: string, article: Article): Promise<{ article: Article; images: PostImage[] }> {
  if (!article.blocks.some((b) => b.type === 'image')) return { article, images: [] };
  const rows = await db.draftImage.findMany({ where: { draftId, status: 'ok' } });
  const bySlot = new Map(rows.filter((r) => r.bytes && r.contentType).map((r) => [r.slot, r]));
  const blocks = article.blocks.filter((b) => b.type !== 'image' || bySlot.has(b.slot));
  const images = blocks.flatMap((b) => {
    if (b.type !== 'image') return [];
    const r = bySlot.get(b.slot)!;
    const contentType = r.contentType as PostImage['contentType'];
    return [{ slot: b.slot, bytes: new Uint8Array(r.bytes!), contentType, fileName: `slot-${b.slot}.${extensionOf(contentType)}`, generated: r.source === 'generated' }];
  });
  return { article: { ...article, blocks }, images };
}

/** A picture as the approval card shows it. */
export interface CardImage {
  slot: number;
  generated: boolean;
  /** pending: being generated again. */
  status: 'ok' | 'failed' | 'pending';
  /** Why a generated image is missing: safety | no_image | error | timeout. */
  reason: string | null;
  bytes: Uint8Array | null;
  contentType: string | null;
  fileName: string | null;
}

/** The draft's pictures in the order of its article's image blocks (those the article no longer has are left out). */
export async function cardImages(db: Tx, draftId: string, article: Article | null): Promise<CardImage[]> {
  const order = (article?.blocks ?? []).flatMap((b) => (b.type === 'image' ? [b.slot] : []));
  if (order.length === 0) return [];
  const rows = await db.draftImage.findMany({ where: { draftId, slot: { in: order } } });
  const bySlot = new Map(rows.map((r) => [r.slot, r]));
  return order.flatMap((slot) => {
    const r = bySlot.get(slot);
    if (!r) return [];
    return [{ slot, generated: r.source === 'generated', status: r.status === 'ok' || r.status === 'pending' ? r.status : 'failed', reason: r.reason, bytes: r.bytes ? new Uint8Array(r.bytes) : null, contentType: r.contentType, fileName: r.fileName } as CardImage];
  });
}
