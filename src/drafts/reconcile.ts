// PostgreSQL is the source of truth: drafts whose job is missing from Redis get it back.
import type { Domain } from '../domain.ts';
import { enqueuePublish, hasLiveJob, requestDraftGeneration } from './jobs.ts';
import { generateJobId, publishJobId } from '../queues/jobs.ts';

/**
 * A draft is saved before its job is added; a crash in between (or a job that ended while the draft moved
 * on) would leave it waiting forever. Drafts that are generating or approved without a live job get one.
 * Run at start and then periodically; drafts changed in the last `settleMs` are left alone, so work that is
 * on its way (a job being added, a failure being recorded) is not touched. Job ids are deterministic, so an
 * add racing another replica's is a no-op.
 */
export async function reconcile(d: Pick<Domain, 'db' | 'queues' | 'logger'>, settleMs = 0): Promise<{ generate: number; publish: number }> {
  const counts = { generate: 0, publish: 0 };
  const settled = { updatedAt: { lte: new Date(Date.now() - settleMs) } };
  const generating = await d.db.draft.findMany({
    where: { status: 'generating', sourceJobId: null, ...settled, account: { status: { not: 'disabled' } } },
  });
  for (const draft of generating) {
    if (await hasLiveJob(d.queues, 'generate', draft.accountId, generateJobId(draft.id, draft.regenerations))) continue;
    await requestDraftGeneration(d.queues, draft, { requestedBy: 'system', channelId: draft.originChannelId ?? undefined });
    counts.generate++;
  }
  const approved = await d.db.draft.findMany({ where: { status: 'approved', ...settled, account: { status: 'active' } }, select: { id: true, accountId: true } });
  for (const draft of approved) {
    if (await hasLiveJob(d.queues, 'publish', draft.accountId, publishJobId(draft.id))) continue;
    await enqueuePublish(d, draft.id);
    counts.publish++;
  }
  if (counts.generate || counts.publish) d.logger.warn(counts, 'drafts without a job were given one');
  return counts;
}
