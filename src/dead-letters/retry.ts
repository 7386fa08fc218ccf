// Retry on a dead letter: the letter is claimed and its draft moved back (to approved, or to generating) in one
// transaction, then the job is queued again. A retry that does not happen leaves the letter open:
// - refused (the draft was rejected or moved on meanwhile): the transaction rolls back, nothing changed;
// - the queue refuses or does not answer (Redis down or full): the letter is reopened and the draft put back in
//   its failed status, in one transaction, and the person is told to press Retry again.
// Should even that fail (the database went away too), the draft is left approved or generating, and the
// reconcile pass (pipeline/reconcile.ts) gives it its job once the database is back: the retry still happens.
import type { Db } from '../db/client.ts';
import type { Domain } from '../domain.ts';
import type { DeadLetter, Draft } from '../generated/prisma/client.ts';
import type { Actor } from '../service-api.ts';
import { IllegalTransitionError, RetryableError, messageOf } from '../errors.ts';
import { UserInputError } from '../refusals.ts';
import { recordEvent, transitionIn } from '../drafts/state-machine.ts';
import { enqueuePublish, requestDraftGeneration } from '../drafts/jobs.ts';
import { notifyDraft } from '../drafts/notify.ts';
import { dlqJobId, QUEUE_KINDS, queueName, type QueueKind } from '../queues/jobs.ts';
import { rejectAfter } from '../timeout.ts';

/** How long the queue may take to take the job back before the retry counts as not done. */
const REQUEUE_TIMEOUT_MS = 10_000;

/** The job could not be queued again; the dead letter is open again and Retry can be pressed again. */
export class RetryNotQueuedError extends RetryableError {
  constructor(cause: unknown) {
    super(`The retry could not be queued (${messageOf(cause)}); the dead letter is still open, press Retry again in a minute.`, 'retry_not_queued', undefined, { cause });
  }
}

type OpenLetter = DeadLetter & { accountId: string };

export async function retryDeadLetter(d: Domain, dead: OpenLetter, actor: Actor, requeueTimeoutMs = REQUEUE_TIMEOUT_MS): Promise<void> {
  const kind = QUEUE_KINDS.find((k) => dead.queue === queueName(k, dead.accountId)) as QueueKind | undefined;
  if (!kind) throw new UserInputError('queue_not_retried', { queue: dead.queue });
  const draft = await claim(d.db, dead, kind, actor);
  try {
    await rejectAfter(requeue(d, dead, kind, draft, actor), requeueTimeoutMs, `the queue did not answer within ${Math.round(requeueTimeoutMs / 1000)} s`);
  } catch (err) {
    await putBack(d.db, dead, kind, actor).catch((e: unknown) =>
      d.logger.error({ err: e, deadLetterId: dead.id, draftId: dead.draftId }, 'retry not queued and the dead letter could not be reopened; the reconcile pass queues the draft'),
    );
    d.logger.warn({ err: messageOf(err), deadLetterId: dead.id, draftId: dead.draftId }, 'retry not queued; the dead letter is open again');
    throw new RetryNotQueuedError(err);
  }
  await d.dlq.remove(dlqJobId(dead.id)).catch((err: unknown) => d.logger.warn({ err, deadLetterId: dead.id }, 'could not remove the dlq job of a retried dead letter'));
  if (dead.draftId) await notifyDraft(d, dead.draftId, actor.userId, 'retried');
}

/** Letter resolved and draft moved back, or neither. */
async function claim(db: Db, dead: OpenLetter, kind: QueueKind, actor: Actor): Promise<Draft | null> {
  try {
    return await db.$transaction(async (tx) => {
      const claimed = await tx.deadLetter.updateMany({ where: { id: dead.id, resolvedAt: null }, data: { resolvedAt: new Date(), resolution: 'retried', resolvedBy: actor.userId } });
      if (claimed.count !== 1) throw new UserInputError('dead_letter_resolved', { resolution: null });
      if (!dead.draftId) return null;
      const draft = await tx.draft.findUniqueOrThrow({ where: { id: dead.draftId } });
      const detail = { deadLetterId: dead.id };
      const cleared = { lastError: null, lastErrorClass: null };
      if (kind === 'publish') {
        await transitionIn(tx, { draftId: draft.id, to: 'approved', from: ['publish_failed'], actor: actor.userId, action: 'retry_publish', detail, data: { ...cleared, submittedAt: null } });
      } else {
        const regenerations = draft.regenerations + 1;
        await transitionIn(tx, { draftId: draft.id, to: 'generating', from: ['generation_failed'], actor: actor.userId, action: 'retry_generation', detail, data: { ...cleared, regenerations } });
        draft.regenerations = regenerations;
      }
      await recordEvent(tx, draft.id, actor.userId, 'retried', detail);
      return draft;
    });
  } catch (err) {
    if (err instanceof IllegalTransitionError) {
      throw new IllegalTransitionError(err.from, err.to, '', `This draft cannot be retried now: it is ${err.from.replace(/_/g, ' ')}.`);
    }
    throw err;
  }
}

async function requeue(d: Domain, dead: OpenLetter, kind: QueueKind, draft: Draft | null, actor: Actor): Promise<void> {
  if (draft && kind === 'publish') await enqueuePublish(d, draft.id);
  else if (draft) await requestDraftGeneration(d.queues, draft, { requestedBy: actor.userId, channelId: actor.channelId });
  // No draft: the same payload goes back on its queue under a fresh id (it may have failed validation).
  else await d.queues.add(kind, dead.accountId, dead.jobName, dead.payload, { jobId: `${dead.jobId}-retry-${Date.now()}` });
}

/** The letter open again and the draft back in the failed status the letter describes. */
async function putBack(db: Db, dead: OpenLetter, kind: QueueKind, actor: Actor): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.deadLetter.updateMany({ where: { id: dead.id, resolution: 'retried', resolvedBy: actor.userId }, data: { resolvedAt: null, resolution: null, resolvedBy: null } });
    if (!dead.draftId) return;
    await transitionIn(tx, {
      draftId: dead.draftId,
      to: kind === 'publish' ? 'publish_failed' : 'generation_failed',
      from: [kind === 'publish' ? 'approved' : 'generating'],
      actor: 'system',
      action: 'retry_not_queued',
      detail: { deadLetterId: dead.id },
      data: { lastError: dead.errorMessage, lastErrorClass: dead.errorClass },
    });
  });
}
