// NAVER wants a human: the draft waits (approved), the account stops publishing, the channel hears it once.
import type { Domain } from '../domain.ts';
import type { Logger } from '../logging.ts';
import type { NeedsLoginError } from '../errors.ts';
import { transitionIn } from '../drafts/state-machine.ts';
import { linkedChannels } from '../drafts/notices.ts';
import { notifyDraft } from '../drafts/notify.ts';

export async function accountNeedsLogin(
  d: Pick<Domain, 'db' | 'queues' | 'notifier' | 'logger'>,
  at: { draftId: string; accountId: string; blogId: string },
  err: NeedsLoginError,
  log: Logger,
): Promise<void> {
  const { draftId, accountId, blogId } = at;
  const wasActive = await d.db.$transaction(async (tx) => {
    await transitionIn(tx, { draftId, to: 'approved', from: ['publishing'], actor: 'system', action: 'publish_blocked', detail: { reason: err.reason }, data: { submittedAt: null } });
    const { count } = await tx.account.updateMany({ where: { id: accountId, status: 'active' }, data: { status: 'needs_login' } });
    return count === 1;
  });
  await d.queues.pause('publish', accountId);
  // A login saved in the meantime resumed the account already: do not leave its queue paused.
  const now = await d.db.account.findUnique({ where: { id: accountId }, select: { status: true } });
  if (now?.status === 'active') await d.queues.resume('publish', accountId);
  // A login relay's message already told the channel what happened and what to do.
  const announced = (err as { announced?: boolean }).announced === true;
  if (wasActive && !announced) {
    await d.notifier
      .notify({ kind: 'needs_login', accountId, blogId, channelIds: await linkedChannels(d.db, accountId), reason: err.reason, message: err.message })
      .catch((e) => log.warn({ err: e }, 'could not send the needs-login alert'));
    log.warn({ reason: err.reason }, 'account needs a human login; its publishing is paused');
  }
  await notifyDraft(d, draftId, 'system', 'publish_blocked');
}
