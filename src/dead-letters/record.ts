// A job failed for good: draft marked failed, one DeadLetter row, one `dlq` job, one alert.
import type { Job } from 'bullmq';
import type { Domain } from '../domain.ts';
import type { Prisma } from '../db/client.ts';
import { NeedsLoginError, messageOf } from '../errors.ts';
import { transition } from '../drafts/state-machine.ts';
import { linkedChannels } from '../drafts/notices.ts';
import { notifyDraft } from '../drafts/notify.ts';
import { unconfirmedAfterClick } from '../publishing/unconfirmed-after-click.ts';
import { failureClass } from '../queues/retry-policy.ts';
import { deadLetterJob, dlqJobId, queueName, type QueueKind } from '../queues/jobs.ts';

export async function recordDeadLetter(d: Domain, kind: QueueKind, accountId: string, job: Job, err: Error): Promise<void> {
  const cause = (err as { cause?: unknown }).cause ?? err;
  // Handled states of their own, with their own alert: not dead letters.
  if (cause instanceof NeedsLoginError) return;
  const errorClass = failureClass(err);
  const named = typeof job.data?.draftId === 'string' ? (job.data.draftId as string) : await draftOfJob(d, job);
  // A malformed payload can name any draft: only a draft of this queue's account is this job's to fail.
  const draftId = named && (await d.db.draft.count({ where: { id: named, accountId } })) === 1 ? named : null;
  const account = await d.db.account.findUnique({ where: { id: accountId }, select: { id: true, blogId: true } });
  const log = d.logger.child({ accountId, draftId, jobId: job.id, queue: job.queueName });
  if (kind === 'publish' && draftId && (await unconfirmedAfterClick(d.db, draftId, err.message))) {
    log.warn({ err: err.message }, 'publish job gave up after the final click; the channel decides whether it was published');
    await notifyDraft(d, draftId, 'system', 'publish_unconfirmed');
    return;
  }
  if (draftId) {
    await transition(d.db, {
      draftId,
      to: kind === 'generate' ? 'generation_failed' : 'publish_failed',
      from: kind === 'generate' ? ['generating'] : ['approved', 'publishing'],
      actor: 'system',
      action: 'failed',
      detail: { errorClass, attempts: job.attemptsMade, jobId: job.id ?? null },
      data: { lastError: err.message, lastErrorClass: errorClass },
    }).catch((e) => log.info({ err: messageOf(e) }, 'draft not moved to failed'));
    await notifyDraft(d, draftId, 'system', 'failed');
  }
  const queue = queueName(kind, accountId);
  const jobId = String(job.id);
  const dead = await d.db.deadLetter.upsert({
    where: { queue_jobId: { queue, jobId } },
    create: {
      queue,
      jobId,
      jobName: job.name,
      accountId: account?.id ?? null,
      draftId: draftId ?? null,
      payload: (job.data ?? {}) as Prisma.InputJsonValue,
      errorClass,
      errorMessage: err.message,
      attempts: job.attemptsMade,
    },
    update: { errorClass, errorMessage: err.message, attempts: job.attemptsMade, resolvedAt: null, resolution: null, resolvedBy: null },
  });
  await d.dlq.add('dead_letter', deadLetterJob(dead), { jobId: dlqJobId(dead.id) });
  const screenshot = draftId ? (await d.db.draft.findUnique({ where: { id: draftId }, select: { screenshotPath: true } }))?.screenshotPath : null;
  await d.notifier
    .notify({
      kind: 'dead_letter',
      deadLetterId: dead.id,
      queue,
      accountId: account?.id ?? null,
      blogId: account?.blogId ?? null,
      draftId: draftId ?? null,
      channelIds: account ? await linkedChannels(d.db, account.id) : [],
      errorClass,
      errorMessage: err.message,
      attempts: job.attemptsMade,
      screenshotPath: screenshot ?? null,
    })
    .catch((e) => log.warn({ err: e }, 'could not send the dead-letter alert'));
  log.warn({ deadLetterId: dead.id, errorClass }, 'job moved to the dead-letter queue');
}

async function draftOfJob(d: Pick<Domain, 'db'>, job: Job): Promise<string | null> {
  const draft = await d.db.draft.findUnique({ where: { sourceJobId: `${job.queueName}:${job.id}` }, select: { id: true } });
  return draft?.id ?? null;
}
