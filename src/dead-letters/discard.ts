// Discard on a dead letter: resolved once, however many clicks; its `dlq` job goes.
import type { Domain } from '../domain.ts';
import type { Actor } from '../service-api.ts';
import { UserInputError } from '../errors.ts';
import { dlqJobId } from '../queues/jobs.ts';
import { openDeadLetter } from './access.ts';

export async function discardDeadLetter(d: Pick<Domain, 'db' | 'dlq'>, id: string, actor: Actor): Promise<void> {
  await openDeadLetter(d.db, id, actor);
  const claimed = await d.db.deadLetter.updateMany({ where: { id, resolvedAt: null }, data: { resolvedAt: new Date(), resolution: 'discarded', resolvedBy: actor.userId } });
  if (claimed.count !== 1) throw new UserInputError('That dead letter was already resolved.', '이 실패 작업은 이미 처리되었습니다.');
  await d.dlq.remove(dlqJobId(id));
}
