// The account is usable again (login saved, session imported): publishing resumes and its approved drafts
// are queued again.
import type { Domain } from '../domain.ts';
import { enqueuePublish } from '../drafts/jobs.ts';

export async function resumeAccount(d: Pick<Domain, 'db' | 'queues'>, accountId: string): Promise<number> {
  await d.db.account.update({ where: { id: accountId }, data: { status: 'active' } });
  await d.queues.resume('publish', accountId);
  const waiting = await d.db.draft.findMany({ where: { accountId, status: 'approved' }, select: { id: true } });
  for (const draft of waiting) await enqueuePublish(d, draft.id);
  return waiting.length;
}
