// /account check: the editor check with one of the channel's accounts, queued in that account's publish queue
// (one browser job at a time per account). The worker answers the channel step by step (publishing/editor-check.ts).
import type { Domain } from '../domain.ts';
import type { Actor } from '../service-api.ts';
import { UserInputError } from '../refusals.ts';
import { accountInChannel } from '../channel-scope.ts';
import { EDITOR_CHECK_JOB } from '../queues/jobs.ts';

export async function requestEditorCheck(d: Pick<Domain, 'db' | 'queues' | 'logger'>, blogHost: string, accountRef: string | null, actor: Actor): Promise<{ blogId: string }> {
  const account = accountRef
    ? await accountInChannel(d.db, accountRef, actor.channelId)
    : // Without a choice: the channel's oldest account that can reach NAVER (a session or a stored login).
      await d.db.account.findFirst({
        where: { channels: { some: { channelId: actor.channelId } }, OR: [{ sessionEnc: { not: null } }, { credentialsEnc: { not: null } }] },
        orderBy: { createdAt: 'asc' },
      });
  if (!account) throw new UserInputError('check_no_account');
  if (account.status !== 'active') throw new UserInputError('browser_needs_login', { blogId: account.blogId });
  const jobId = `editor-check-${account.id}-${Date.now().toString(36)}`;
  const payload = { accountId: account.id, kind: 'manual' as const, host: blogHost, channelId: actor.channelId, requestedBy: actor.userId };
  await d.queues.add('publish', account.id, EDITOR_CHECK_JOB, payload, { jobId, attempts: 1 });
  d.logger.info({ accountId: account.id, jobId, by: actor.userId }, 'editor check requested');
  return { blogId: account.blogId };
}
