// Retry and Discard on a dead letter: resolved once, however many clicks; its `dlq` job goes.
import type { Domain } from '../domain.ts';
import type { Actor } from '../service-api.ts';
import { UserInputError } from '../errors.ts';
import { recordEvent } from '../drafts/state-machine.ts';
import { notifyDraft } from '../drafts/notify.ts';
import { writeAgain } from '../drafts/regenerate.ts';
import { sendToPublishing } from '../drafts/publish-again.ts';
import { QUEUE_KINDS, queueName, type QueueKind } from '../queues/jobs.ts';
import { visibleDeadLetter } from './access.ts';
import { dlqJobId } from './record.ts';

async function resolveDeadLetter(d: Pick<Domain, 'db' | 'dlq'>, id: string, actor: Actor, resolution: 'retried' | 'discarded') {
  const dead = await visibleDeadLetter(d.db, id, actor);
  if (dead.resolvedAt) throw new UserInputError(`That dead letter was already ${dead.resolution ?? 'resolved'}.`, `이 실패 작업은 이미 ${dead.resolution === 'retried' ? '다시 실행했습니다' : dead.resolution === 'discarded' ? '버렸습니다' : '처리되었습니다'}.`);
  const claimed = await d.db.deadLetter.updateMany({ where: { id, resolvedAt: null }, data: { resolvedAt: new Date(), resolution, resolvedBy: actor.userId } });
  if (claimed.count !== 1) throw new UserInputError('That dead letter was already resolved.', '이 실패 작업은 이미 처리되었습니다.');
  await d.dlq.remove(dlqJobId(id));
  return dead;
}

export async function discardDeadLetter(d: Pick<Domain, 'db' | 'dlq'>, id: string, actor: Actor): Promise<void> {
  await resolveDeadLetter(d, id, actor, 'discarded');
}

export async function retryDeadLetter(d: Domain, id: string, actor: Actor): Promise<void> {
  const dead = await resolveDeadLetter(d, id, actor, 'retried');
  const kind = QUEUE_KINDS.find((k) => dead.queue === queueName(k, dead.accountId)) as QueueKind | undefined;
  if (!kind) throw new UserInputError(`The queue ${dead.queue} is not one this service retries.`, `${dead.queue} 대기열은 이 서비스가 다시 실행하는 대기열이 아닙니다.`);
  if (dead.draftId) {
    await recordEvent(d.db, dead.draftId, actor.userId, 'retried', { deadLetterId: id });
    if (kind === 'publish') {
      await sendToPublishing(d, dead.draftId, actor, { from: ['publish_failed'], action: 'retry_publish' });
    } else {
      const draft = await d.db.draft.findUniqueOrThrow({ where: { id: dead.draftId } });
      await writeAgain(d, draft, actor, { from: ['generation_failed'], action: 'retry_generation', verb: 'retried' });
    }
    await notifyDraft(d, dead.draftId, actor.userId, 'retried');
    return;
  }
  // No draft: the same payload goes back on its queue under a fresh id (it may have failed validation).
  await d.queues.add(kind, dead.accountId, dead.jobName, dead.payload, { jobId: `${dead.jobId}-retry-${Date.now()}` });
}
