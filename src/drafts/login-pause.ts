// An account waiting for a person to log in keeps its publish queue paused, so what is approved meanwhile waits
// in the queue rather than being taken and put back. A login saved meanwhile wins: its queue is resumed again.
import type { Domain } from '../domain.ts';

/** Pauses the account's publish queue; false when a login saved meanwhile made it active (queue resumed). */
export async function pauseForLogin(d: Pick<Domain, 'db' | 'queues'>, accountId: string): Promise<boolean> {
  await d.queues.pause('publish', accountId);
  const now = await d.db.account.findUnique({ where: { id: accountId }, select: { status: true } });
  if (now?.status !== 'active') return true;
  await d.queues.resume('publish', accountId);
  return false;
}
