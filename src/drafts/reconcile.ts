// Redis holds only queue state, and may lose it (no AOF, a flush, a new instance). PostgreSQL knows what every
// draft is waiting for; this pass gives each draft that waits on a job its job back, so nothing stays stuck in
// a status no button can move. Run at start and then periodically (see app.ts).
//
//   generating                 → its generate job (a scheduled draft's job is found by its sourceJobId)
//   approved (account active)  → its publish job, paced again; other accounts wait for their login
//   publishing, never clicked  → back to approved (nothing was posted) and published like any approved draft
//   publishing, clicked        → its publish job, which checks the blog first thing: published, or
//                                publish_unconfirmed with Mark published / Publish again
//   open dead letter           → its `dlq` job (the queue board's view of it)
//   account waiting for login  → its publish queue paused again (a pause is Redis state too)
// Every other status waits on a person, who has its buttons.
import type { Db } from '../db/client.ts';
import type { Domain } from '../domain.ts';
import type { Draft } from '../generated/prisma/client.ts';
import { IllegalTransitionError } from '../errors.ts';
import { deadLetterJob, dlqJobId, generateJobId, publishJobId, queueName } from '../queues/jobs.ts';
import { transitionIn } from './state-machine.ts';
import { enqueuePublish, hasLiveJob, isJobLive, requestDraftGeneration } from './jobs.ts';
import { notifyDraft } from './notify.ts';
import { pauseForLogin } from './login-pause.ts';

export interface ReconcileCounts {
  /** Generate jobs given back. */
  generate: number;
  /** Publish jobs given back (approved drafts, and publishing drafts whose final click never happened). */
  publish: number;
  /** Publishing drafts clicked before their job was lost, sent to the check of the blog. */
  check: number;
  /** Open dead letters whose `dlq` job was given back. */
  deadLetters: number;
  /** Publish queues of accounts waiting for a login, paused again. */
  paused: number;
}

/**
 * Drafts changed in the last `settleMs` are left alone, so work on its way (a job being added, a failure
 * being recorded) is not touched. Job ids are deterministic, so an add racing another replica's is a no-op.
 */
export async function reconcile(d: Domain, settleMs = 0): Promise<ReconcileCounts> {
  const counts: ReconcileCounts = { generate: 0, publish: 0, check: 0, deadLetters: 0, paused: 0 };
  const settled = { updatedAt: { lte: new Date(Date.now() - settleMs) } };

  const generating = await d.db.draft.findMany({ where: { status: 'generating', ...settled, account: { status: { not: 'disabled' } } } });
  for (const g of generating) {
    if (await hasLiveJob(d.queues, 'generate', g.accountId, generateJobId(g.id, g.regenerations))) continue;
    // A scheduled draft is made by its schedule's job (`sched-…`), which may still be on its way.
    const source = g.regenerations === 0 ? sourceJobOf(g) : null;
    if (source && (await isJobLive(d.queues, 'generate', g.accountId, source))) continue;
    await requestDraftGeneration(d.queues, g, { requestedBy: g.requestedBy ?? 'system', channelId: g.originChannelId ?? undefined });
    counts.generate++;
  }

  counts.paused = await pauseWaitingForLogin(d);

  const approved = await d.db.draft.findMany({ where: { status: 'approved', ...settled, account: { status: 'active' } }, select: { id: true, accountId: true } });
  for (const a of approved) {
    if (await hasLiveJob(d.queues, 'publish', a.accountId, publishJobId(a.id))) continue;
    await enqueuePublish(d, a.id);
    counts.publish++;
  }

  const publishing = await d.db.draft.findMany({
    where: { status: 'publishing', ...settled },
    select: { id: true, accountId: true, submittedAt: true, account: { select: { status: true } } },
  });
  for (const p of publishing) {
    if (await hasLiveJob(d.queues, 'publish', p.accountId, publishJobId(p.id))) continue;
    if (p.submittedAt) {
      // The final click may have happened: only the blog can tell, and the publish job looks there first.
      await d.queues.add('publish', p.accountId, 'publish', { accountId: p.accountId, draftId: p.id }, { jobId: publishJobId(p.id) });
      counts.check++;
      continue;
    }
    if (!(await backToApproved(d.db, p.id))) continue;
    if (p.account.status === 'active') await enqueuePublish(d, p.id);
    await notifyDraft(d, p.id, 'system', p.account.status === 'needs_login' ? 'publish_blocked' : 'publish_requeued');
    counts.publish++;
  }

  const open = await d.db.deadLetter.findMany({ where: { resolvedAt: null, createdAt: settled.updatedAt } });
  for (const dead of open) {
    if (await d.dlq.getJob(dlqJobId(dead.id))) continue;
    await d.dlq.add('dead_letter', deadLetterJob(dead), { jobId: dlqJobId(dead.id) });
    counts.deadLetters++;
  }

  if (counts.generate || counts.publish || counts.check || counts.deadLetters || counts.paused) d.logger.warn(counts, 'work without a job was given one');
  return counts;
}

/** Accounts waiting for their login whose publish queue lost its pause (Redis lost its data) are paused again. */
async function pauseWaitingForLogin(d: Domain): Promise<number> {
  let paused = 0;
  for (const { id } of await d.db.account.findMany({ where: { status: 'needs_login' }, select: { id: true } })) {
    if (!(await d.queues.queue('publish', id).isPaused()) && (await pauseForLogin(d, id))) paused++;
  }
  return paused;
}

/** publishing → approved, only while the final click has not been claimed (row-locked against the claim). */
async function backToApproved(db: Db, draftId: string): Promise<boolean> {
  try {
    return await db.$transaction(async (tx) => {
      const [row] = await tx.$queryRaw<{ submittedAt: Date | null }[]>`SELECT "submittedAt" FROM "Draft" WHERE id = ${draftId} FOR UPDATE`;
      if (!row || row.submittedAt) return false;
      await transitionIn(tx, { draftId, to: 'approved', from: ['publishing'], actor: 'system', action: 'publish_requeued', detail: { reason: 'its publish job was lost before the final click' } });
      return true;
    });
  } catch (err) {
    if (err instanceof IllegalTransitionError) return false;
    throw err;
  }
}

function sourceJobOf(draft: Pick<Draft, 'accountId' | 'sourceJobId'>): string | null {
  const prefix = `${queueName('generate', draft.accountId)}:`;
  return draft.sourceJobId?.startsWith(prefix) ? draft.sourceJobId.slice(prefix.length) : null;
}
