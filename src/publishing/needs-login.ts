// NAVER wants a human: the draft waits (approved), the account stops publishing, the channel hears it once.
import type { Domain } from '../domain.ts';
import type { Logger } from '../logging.ts';
import type { NeedsLoginError } from '../errors.ts';
import { transitionIn } from '../drafts/state-machine.ts';
import { linkedChannels } from '../drafts/notices.ts';
import { notifyDraft } from '../drafts/notify.ts';
import { pauseForLogin } from '../drafts/login-pause.ts';

export async function accountNeedsLogin(
  d: Pick<Domain, 'db' | 'queues' | 'notifier' | 'logger'>,
  at: { draftId: string; accountId: string; blogId: string },
  err: NeedsLoginError,
  log: Logger,
): Promise<void> {
  const { draftId, accountId, blogId } = at;
  // This draft, and any other of the account's drafts caught between two attempts (an earlier attempt timed
  // out and its retry waits behind this job, before any final click), now wait for the login, approved: the
  // paused queue keeps their jobs, and their cards must not say "publishing" while nothing can move.
  const { wasActive, blocked } = await d.db.$transaction(async (tx) => {
    const between = await tx.draft.findMany({ where: { accountId, status: 'publishing', submittedAt: null, id: { not: draftId } }, select: { id: true } });
    const blocked = [draftId, ...between.map((b) => b.id)];
    for (const id of blocked) {
      await transitionIn(tx, { draftId: id, to: 'approved', from: ['publishing'], actor: 'system', action: 'publish_blocked', detail: { reason: err.reason }, data: { submittedAt: null } });
    }
    const { count } = await tx.account.updateMany({ where: { id: accountId, status: 'active' }, data: { status: 'needs_login' } });
    return { wasActive: count === 1, blocked };
  });
  await pauseForLogin(d, accountId);
  // A login relay's message already told the channel what happened and what to do.
  const announced = (err as { announced?: boolean }).announced === true;
  if (wasActive && !announced) {
    await d.notifier
      .notify({ kind: 'needs_login', accountId, blogId, channelIds: await linkedChannels(d.db, accountId), reason: err.reason, message: err.message })
      .catch((e) => log.warn({ err: e }, 'could not send the needs-login alert'));
    log.warn({ reason: err.reason }, 'account needs a human login; its publishing is paused');
  }
  for (const id of blocked) await notifyDraft(d, id, 'system', 'publish_blocked');
}
