// Retry on a dead letter: the letter is claimed and its draft moved back (to approved, or to generating) in one
// transaction, then the job is queued again. A retry that does not happen leaves the letter open:
// - refused (the draft was rejected or moved on meanwhile): the transaction rolls back, nothing changed;
// - the queue refuses or does not answer (Redis down or full): the letter is reopened and the draft put back in
//   its failed status, in one transaction, and the person is told to press Retry again.
// Should even that fail (the database went away too), the draft is left approved or generating, and the
// reconcile pass (pipeline/reconcile.ts) gives it its job once the database is back: the retry still happens.
import type { Db } from '../db/client.ts';
import type { DeadLetter, Draft } from '../generated/prisma/client.ts';
import type { Logger } from '../logging.ts';
import type { Pipeline } from '../pipeline/pipeline.ts';
import type { Actor } from '../service-api.ts';
import { IllegalTransitionError, RetryableError, UserInputError, messageOf } from '../errors.ts';
import { recordEvent, transitionIn } from '../drafts/state-machine.ts';
import { QUEUE_KINDS, queueName, type QueueKind } from '../queues/jobs.ts';

export interface RetryDeps {
  db: Db;
  pipeline: Pick<Pipeline, 'enqueuePublish' | 'requestDraftGeneration' | 'dropDeadLetterJob' | 'notifyDraft' | 'queues'>;
  logger: Logger;
  /** How long the queue may take to take the job back before the retry counts as not done. */
  requeueTimeoutMs?: number;
}

/** The job could not be queued again; the dead letter is open again and Retry can be pressed again. */
export class RetryNotQueuedError extends RetryableError {
  constructor(cause: unknown) {
    super(`The retry could not be queued (${messageOf(cause)}); the dead letter is still open, press Retry again in a minute.`, 'retry_not_queued', undefined, { cause });
  }
}

type OpenLetter = DeadLetter & { accountId: string };

export async function retryDeadLetter(d: RetryDeps, dead: OpenLetter, actor: Actor): Promise<void> {
  const kind = QUEUE_KINDS.find((k) => dead.queue === queueName(k, dead.accountId)) as QueueKind | undefined;
  if (!kind) throw new UserInputError(`The queue ${dead.queue} is not one this service retries.`, `${dead.queue} 대기열은 이 서비스가 다시 실행하는 대기열이 아닙니다.`);
  const draft = await claim(d.db, dead, kind, actor);
  try {
    await within(d.requeueTimeoutMs ?? 10_000, () => requeue(d, dead, kind, draft, actor));
  } catch (err) {
    await putBack(d.db, dead, kind, actor).catch((e: unknown) =>
      d.logger.error({ err: e, deadLetterId: dead.id, draftId: dead.draftId }, 'retry not queued and the dead letter could not be reopened; the reconcile pass queues the draft'),
    );
    d.logger.warn({ err: messageOf(err), deadLetterId: dead.id, draftId: dead.draftId }, 'retry not queued; the dead letter is open again');
    throw new RetryNotQueuedError(err);
  }
  await d.pipeline.dropDeadLetterJob(dead.id).catch((err: unknown) => d.logger.warn({ err, deadLetterId: dead.id }, 'could not remove the dlq job of a retried dead letter'));
  if (dead.draftId) await d.pipeline.notifyDraft(dead.draftId, actor.userId, 'retried');
}

/** Letter resolved and draft moved back, or neither. */
async function claim(db: Db, dead: OpenLetter, kind: QueueKind, actor: Actor): Promise<Draft | null> {
  try {
    return await db.$transaction(async (tx) => {
      const claimed = await tx.deadLetter.updateMany({ where: { id: dead.id, resolvedAt: null }, data: { resolvedAt: new Date(), resolution: 'retried', resolvedBy: actor.userId } });
      if (claimed.count !== 1) throw new UserInputError('That dead letter was already resolved.', '이 실패 작업은 이미 처리되었습니다.');
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

async function requeue(d: RetryDeps, dead: OpenLetter, kind: QueueKind, draft: Draft | null, actor: Actor): Promise<void> {
  if (draft && kind === 'publish') await d.pipeline.enqueuePublish(draft.id);
  else if (draft) await d.pipeline.requestDraftGeneration(draft, { requestedBy: actor.userId, channelId: actor.channelId });
  // No draft: the same payload goes back on its queue under a fresh id (it may have failed validation).
  else await d.pipeline.queues.add(kind, dead.accountId, dead.jobName, dead.payload, { jobId: `${dead.jobId}-retry-${Date.now()}` });
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

/** A queue that does not answer (Redis down: ioredis waits for it) counts as a failure after `ms`. */
async function within<T>(ms: number, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the queue did not answer within ${Math.round(ms / 1000)} s`)), ms);
  });
  try {
    return await Promise.race([work(), late]);
  } finally {
    clearTimeout(timer);
  }
}
