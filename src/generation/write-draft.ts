// The generate processor: the draft is in PostgreSQL before anything else happens, then the writer fills it
// in and it waits for approval (or goes straight to publishing on an auto-approve account).
import type { Job } from 'bullmq';
import type { Domain } from '../domain.ts';
import type { Prisma } from '../db/client.ts';
import type { ArticleWriter } from '../ports.ts';
import { PermanentError } from '../errors.ts';
import { recordEvent, transitionWithNotice } from '../drafts/state-machine.ts';
import { articleOf, noticeOf } from '../drafts/notices.ts';
import { readGenerateJob } from './job-reads.ts';
import { usablePhotos } from '../images/store.ts';
import { notifyDraft } from '../drafts/notify.ts';
import { addPublishJob, enqueuePublish } from '../drafts/jobs.ts';
import { unpacedSlot } from '../drafts/plan-slot.ts';
import { generateJobSchema, parsePayload, type GenerateJob } from '../queues/jobs.ts';
import { writeChecked } from './write-checked.ts';
import { placeImages } from '../images/place.ts';
import type { ImageGenerator } from '../image-shapes.ts';

export interface WriteDraftDeps extends Domain {
  writer: ArticleWriter;
  generateTimeoutMs: number;
  /** Absent: image slots beyond the team's photos are recorded as failed (the card offers to go on without). */
  imageGenerator?: ImageGenerator;
}

export async function writeDraft(d: WriteDraftDeps, job: Job): Promise<{ draftId: string; status: string }> {
  const payload = parsePayload(generateJobSchema, job.data, 'generate');
  // A cron fire's job makes its draft first (its account checked before anything is written).
  const draftId = payload.draftId ?? (await draftForScheduledJob(d, job, payload)).id;
  const { account, draft, images } = await readGenerateJob(d.db, payload.accountId, draftId);
  if (!account) throw new PermanentError(`Account ${payload.accountId} no longer exists.`, 'account_missing');
  // A retried or recovered job finds its draft again.
  if (!draft) throw new PermanentError(`Draft ${payload.draftId} no longer exists.`, 'draft_missing');
  // One child logger (each costs a pass of the redaction over its bindings).
  const dlog = d.logger.child({ accountId: payload.accountId, jobId: job.id, queue: job.queueName, draftId: draft.id });
  if (draft.status !== 'generating') {
    dlog.info({ status: draft.status }, 'draft already past generation; nothing to do');
    return { draftId: draft.id, status: draft.status };
  }
  dlog.info({ attempt: job.attemptsMade + 1 }, 'writing draft');
  if (job.attemptsMade === 0) await notifyDraft(d, draft.id, 'system', 'writing', noticeOf(draft, 'system', 'writing'));

  const hasPhotos = usablePhotos(images).length > 0;
  const { written, checked } = await writeChecked(d, account, { ...draft, hasPhotos }, payload, articleOf(draft) ?? undefined);
  // Pictures inside this job: the card shows them the first time it appears, and the account's one-job-at-a-time
  // queue covers them; each image call has its own budget, and a failed one is recorded, never thrown.
  const article = await placeImages({ ...d, imageTimeoutMs: d.generateTimeoutMs }, account, draft.id, written.article, images);
  // Auto-approve publishes only what passed every check; a flagged draft waits for a person.
  const flags = checked.report.flags;
  // A picture that could not be made waits for a person too: try again, or go on without it, is theirs to say.
  // (None can be, with no picture before and no image block now: nothing was generated.)
  const pictures = images.length > 0 || article.blocks.some((b) => b.type === 'image');
  const missing = pictures ? await d.db.draftImage.count({ where: { draftId: draft.id, status: 'failed' } }) : 0;
  const to = account.autoApprove && flags.length === 0 && missing === 0 ? 'approved' : 'pending_approval';
  const held = account.autoApprove && (flags.length > 0 || missing > 0);
  // An approved draft of an account without pacing rules has its slot now, written with the status (and shown
  // on its card); with rules, enqueuePublish plans it under the account's lock.
  const planned = to === 'approved' ? unpacedSlot(account, draft.publishAt) : null;
  const { notice } = await transitionWithNotice(d.db, {
    draftId: draft.id,
    to,
    from: ['generating'],
    actor: 'system',
    action: 'submitted',
    detail: { model: written.model, usage: { ...written.usage }, autoApproved: to === 'approved', flags, ...(held ? { heldByChecks: true } : {}), ...(missing ? { imagesMissing: missing } : {}) },
    data: {
      title: article.title,
      body: article.blocks as unknown as Prisma.InputJsonValue,
      tags: article.tags,
      model: written.model,
      promptTokens: written.usage.promptTokens,
      outputTokens: written.usage.outputTokens,
      totalTokens: written.usage.totalTokens,
      lastError: null,
      lastErrorClass: null,
      ...checked.data,
      checks: { ...checked.report, held } as unknown as Prisma.InputJsonValue,
      ...(planned ? { plannedAt: planned } : {}),
    },
  });
  dlog.info({ status: to }, 'draft saved');
  if (planned) await addPublishJob(d.queues, account.id, draft.id, planned);
  else if (to === 'approved') await enqueuePublish(d, draft.id);
  // A slot planned after the transition is not on the card it returned: the card is read then.
  await notifyDraft(d, draft.id, 'system', 'submitted', to === 'approved' && !planned ? undefined : notice);
  return { draftId: draft.id, status: to };
}

/** A cron fire's job makes its draft, once: sourceJobId is unique, so a recovered job finds its own draft. */
async function draftForScheduledJob(d: Pick<Domain, 'db'>, job: Job, payload: GenerateJob) {
  const account = await d.db.account.findUnique({ where: { id: payload.accountId }, select: { id: true } });
  if (!account) throw new PermanentError(`Account ${payload.accountId} no longer exists.`, 'account_missing');
  const sourceJobId = `${job.queueName}:${job.id}`;
  const existing = await d.db.draft.findUnique({ where: { sourceJobId } });
  if (existing) return existing;
  try {
    return await d.db.$transaction(async (tx) => {
      const draft = await tx.draft.create({
        data: {
          accountId: payload.accountId,
          sourceJobId,
          scheduleId: payload.scheduleId,
          topic: payload.topic,
          keywords: payload.keywords,
          requestedBy: payload.requestedBy,
          originChannelId: payload.channelId,
        },
      });
      await recordEvent(tx, draft.id, payload.requestedBy, 'requested', { jobId: job.id ?? null, scheduleId: payload.scheduleId ?? null });
      return draft;
    });
  } catch (err) {
    const again = await d.db.draft.findUnique({ where: { sourceJobId } });
    if (again) return again;
    throw err;
  }
}
