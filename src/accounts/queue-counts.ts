// /queue: waiting, active, delayed and failed jobs of the channel's accounts, and their open dead letters.
import type { Domain } from '../domain.ts';
import type { QueueCounts } from '../service-api.ts';
import { accountInChannel } from '../channel-scope.ts';

export async function queueCounts(d: Pick<Domain, 'db' | 'queues'>, channelId: string, accountRef?: string): Promise<{ accounts: QueueCounts[]; deadLetters: number }> {
  const accounts = accountRef
    ? [await accountInChannel(d.db, accountRef, channelId)]
    : await d.db.account.findMany({ where: { channels: { some: { channelId } } }, orderBy: { blogId: 'asc' } });
  const counts = await Promise.all(
    accounts.map(async (a) => ({ accountId: a.id, blogId: a.blogId, generate: await d.queues.counts('generate', a.id), publish: await d.queues.counts('publish', a.id) })),
  );
  const deadLetters = await d.db.deadLetter.count({ where: { resolvedAt: null, accountId: { in: accounts.map((a) => a.id) } } });
  return { accounts: counts, deadLetters };
}
