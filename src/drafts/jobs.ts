// Adding a draft's jobs: its generate job (the draft is already in PostgreSQL) and its one publish job,
// delayed to the slot that pacing allows. Job ids are derived from the draft, so a repeated add is a no-op.
import type { Draft } from '../generated/prisma/client.ts';
import type { Domain } from '../domain.ts';
import { planPublishSlot } from './plan-slot.ts';
import type { PacingRules } from './pacing.ts';
import type { AccountQueues } from '../queues/account-queues.ts';
import { generateJobId, publishJobId, type GenerateJob, type QueueKind } from '../queues/jobs.ts';

/** Adds a generate job. The draft (if any) must already be in PostgreSQL. */
export async function requestGeneration(queues: AccountQueues, payload: GenerateJob, jobId: string, delayMs = 0): Promise<void> {
  await queues.add('generate', payload.accountId, 'generate', payload, { jobId, delay: delayMs });
}

/** Writes a saved draft (again): its generate job for the current regeneration count. */
export async function requestDraftGeneration(
  queues: AccountQueues,
  draft: Pick<Draft, 'id' | 'accountId' | 'topic' | 'keywords' | 'regenerations'>,
  by: { requestedBy: string; channelId?: string; feedback?: string },
): Promise<void> {
  await requestGeneration(
    queues,
    { accountId: draft.accountId, draftId: draft.id, topic: draft.topic, keywords: draft.keywords, ...by },
    generateJobId(draft.id, draft.regenerations),
  );
}

/** Adds the draft's one publish job (jobId from the draft id), delayed to publishAt and pacing. */
export async function enqueuePublish(d: Pick<Domain, 'db' | 'queues'>, draftId: string, known?: PacingRules): Promise<Date> {
  const { accountId, planned } = await planPublishSlot(d.db, draftId, known);
  // A finished job with this id (an earlier, failed run) would turn the add into a no-op.
  await hasLiveJob(d.queues, 'publish', accountId, publishJobId(draftId));
  await addPublishJob(d.queues, accountId, draftId, planned);
  return planned;
}

/**
 * Adds the publish job of a draft whose slot is planned (and saved). With no lookup: for a draft that never had
 * one (approved straight out of generation: a draft being written was never approved before).
 */
export async function addPublishJob(queues: AccountQueues, accountId: string, draftId: string, planned: Date): Promise<void> {
  await queues.add('publish', accountId, 'publish', { accountId, draftId }, { jobId: publishJobId(draftId), delay: Math.max(0, planned.getTime() - Date.now()) });
}

/** Waiting, delayed or active; a finished job with this id is removed so that the id can be used again. */
export async function hasLiveJob(queues: AccountQueues, kind: QueueKind, accountId: string, jobId: string): Promise<boolean> {
  const { job, live } = await lookUp(queues, kind, accountId, jobId);
  if (live || !job) return live;
  await job.remove();
  return false;
}

/** Waiting, delayed or active; a job in any other state is left as it is (it may belong to someone else). */
export async function isJobLive(queues: AccountQueues, kind: QueueKind, accountId: string, jobId: string): Promise<boolean> {
  return (await lookUp(queues, kind, accountId, jobId)).live;
}

async function lookUp(queues: AccountQueues, kind: QueueKind, accountId: string, jobId: string) {
  const job = await queues.queue(kind, accountId).getJob(jobId);
  const state = job ? await job.getState() : 'unknown';
  return { job, live: state !== 'failed' && state !== 'completed' && state !== 'unknown' };
}
