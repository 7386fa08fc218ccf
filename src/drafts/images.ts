// The card's picture verbs (issue 13): make one generated image again (a job in the account's generate queue,
// so it waits its turn behind the account's other writing), go on without a picture, add the team's photos.
import { z } from 'zod';
import type { Job } from 'bullmq';
import type { Domain } from '../domain.ts';
import type { Prisma } from '../db/client.ts';
import type { Actor } from '../service-api.ts';
import type { LoadedDraft } from '../channel-scope.ts';
import { IMAGE_SLOTS_MAX, type Article, type Block } from '../article.ts';
import { UserInputError } from '../refusals.ts';
import { articleOf } from './notices.ts';
import { notifyDraft } from './notify.ts';
import { recordEvent } from './state-machine.ts';
import { parsePayload } from '../queues/jobs.ts';
import { generateSlot, type ImageDeps } from '../images/place.ts';
import { checkPhotos, lastSlot, storePhotos } from '../images/store.ts';
import type { UploadedPhoto } from '../image-shapes.ts';

export const IMAGE_JOB = 'image';
const imageJobSchema = z.object({
  accountId: z.string().min(1).max(64),
  draftId: z.string().min(1).max(64),
  slot: z.number().int().min(1).max(IMAGE_SLOTS_MAX),
  requestedBy: z.string().max(32).default('system'),
});

type Verbs = Pick<Domain, 'db' | 'queues' | 'notifier' | 'logger'>;
type ImageBlock = Extract<Block, { type: 'image' }>;

function pendingArticle(draft: LoadedDraft): Article {
  const article = articleOf(draft);
  if (draft.status !== 'pending_approval' || !article) throw new UserInputError('images_not_pending', { status: draft.status });
  return article;
}

function blockOf(article: Article, slot: number): ImageBlock {
  const block = article.blocks.find((b): b is ImageBlock => b.type === 'image' && b.slot === slot);
  if (!block) throw new UserInputError('image_slot_unknown', { slot });
  return block;
}

/** Regenerate image: only a generated slot (the team's photos are theirs); the card shows it as being made. */
export async function requestImageRegeneration(d: Verbs, draft: LoadedDraft, slot: number, actor: Actor): Promise<void> {
  blockOf(pendingArticle(draft), slot);
  const row = await d.db.draftImage.findUnique({ where: { draftId_slot: { draftId: draft.id, slot } } });
  if (row?.source === 'photo') throw new UserInputError('image_slot_unknown', { slot });
  await d.db.draftImage.upsert({
    where: { draftId_slot: { draftId: draft.id, slot } },
    create: { draftId: draft.id, slot, source: 'generated', status: 'pending' },
    update: { status: 'pending', reason: null },
  });
  const payload = { accountId: draft.accountId, draftId: draft.id, slot, requestedBy: actor.userId };
  await d.queues.add('generate', draft.accountId, IMAGE_JOB, payload, { jobId: `image-${draft.id}-${slot}-${Date.now().toString(36)}`, attempts: 1 });
  await notifyDraft(d, draft.id, actor.userId, 'image_requested');
}

/** The IMAGE_JOB processor. A draft that moved on meanwhile is left alone. */
export async function regenerateImageJob(d: ImageDeps & Verbs, job: Job): Promise<{ ok: boolean }> {
  const p = parsePayload(imageJobSchema, job.data, 'image');
  const draft = await d.db.draft.findUnique({ where: { id: p.draftId }, include: { account: true } });
  const block = draft?.status === 'pending_approval' ? articleOf(draft)?.blocks.find((b): b is ImageBlock => b.type === 'image' && b.slot === p.slot) : undefined;
  if (!draft || !block) {
    await d.db.draftImage.updateMany({ where: { draftId: p.draftId, slot: p.slot, status: 'pending' }, data: { status: 'failed', reason: 'error' } });
    return { ok: false };
  }
  const ok = await generateSlot(d, draft.account, draft.id, block);
  await recordEvent(d.db, draft.id, p.requestedBy, 'image_regenerated', { slot: p.slot, ok });
  await notifyDraft(d, draft.id, p.requestedBy, 'image_regenerated');
  return { ok };
}

/** Go on without it: the slot's block leaves the article and its failed picture is forgotten. */
export async function dropImage(d: Verbs, draft: LoadedDraft, slot: number, actor: Actor): Promise<void> {
  const article = pendingArticle(draft);
  blockOf(article, slot);
  const blocks = article.blocks.filter((b) => b.type !== 'image' || b.slot !== slot);
  await saveBlocks(d, draft.id, blocks, async (tx) => {
    await tx.draftImage.deleteMany({ where: { draftId: draft.id, slot } });
    await recordEvent(tx, draft.id, actor.userId, 'image_dropped', { slot });
  });
  await notifyDraft(d, draft.id, actor.userId, 'image_dropped');
}

/** Add photos: checked and stored together, each given the next slot and a place between paragraphs. */
export async function addPhotos(d: Verbs, draft: LoadedDraft, photos: readonly UploadedPhoto[], actor: Actor): Promise<number[]> {
  const article = pendingArticle(draft);
  const already = await d.db.draftImage.count({ where: { draftId: draft.id, source: 'photo' } });
  const checked = await checkPhotos(photos, already);
  const first = (await lastSlot(d.db, draft.id, article)) + 1;
  if (first + checked.length - 1 > IMAGE_SLOTS_MAX) throw new UserInputError('too_many_photos', { max: IMAGE_SLOTS_MAX, given: first + checked.length - 1 });
  let blocks = [...article.blocks];
  checked.forEach((p, i) => (blocks = spread(blocks, { type: 'image', slot: first + i, what: p.fileName, alt: p.fileName, caption: '' }, i, checked.length)));
  let slots: number[] = [];
  await saveBlocks(d, draft.id, blocks, async (tx) => {
    slots = await storePhotos(tx, draft.id, checked, first);
    await recordEvent(tx, draft.id, actor.userId, 'photos_added', { slots });
  });
  await notifyDraft(d, draft.id, actor.userId, 'photos_added');
  return slots;
}

/** The i-th of n new pictures goes after the paragraph at the matching share of the body. */
function spread(blocks: Block[], image: ImageBlock, i: number, n: number): Block[] {
  const paragraphs = blocks.flatMap((b, at) => (b.type === 'paragraph' ? [at] : []));
  const at = paragraphs.length ? paragraphs[Math.min(paragraphs.length - 1, Math.floor(((i + 1) * paragraphs.length) / (n + 1)))]! + 1 : blocks.length;
  return [...blocks.slice(0, at), image, ...blocks.slice(at)];
}

type Tx = Parameters<Parameters<Verbs['db']['$transaction']>[0]>[0];

async function saveBlocks(d: Verbs, draftId: string, blocks: Block[], more: (tx: Tx) => Promise<void>): Promise<void> {
  const ok = await d.db.$transaction(async (tx) => {
    const res = await tx.draft.updateMany({ where: { id: draftId, status: 'pending_approval' }, data: { body: blocks as unknown as Prisma.InputJsonValue } });
    if (res.count !== 1) return false;
    await more(tx);
    return true;
  });
  if (!ok) throw new UserInputError('edit_conflict');
}
