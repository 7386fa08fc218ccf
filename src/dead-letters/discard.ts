// Discard on a dead letter: resolved once, however many clicks; its `dlq` job goes.
import type { Domain } from '../domain.ts';
import type { Actor } from '../service-api.ts';
import { UserInputError } from '../refusals.ts';
import { dlqJobId } from '../queues/jobs.ts';
import { openDeadLetter } from './access.ts';

export async function discardDeadLetter(d: Pick<Domain, 'db' | 'dlq'>, id: string, actor: Actor): Promise<void> {
  await openDeadLetter(d.db, id, actor);
  const claimed = await d.db.deadLetter.updateMany({ where: { id, resolvedAt: null }, data: { resolvedAt: new Date(), resolution: 'discarded', resolvedBy: actor.userId } });
  if (claimed.count !== 1) throw new UserInputError('dead_letter_resolved', { resolution: null });
  await d.dlq.remove(dlqJobId(id));
}
