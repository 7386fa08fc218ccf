// NAVER wants a human: the draft waits (approved), the account stops publishing, the channel hears it once.
// A preview that met NAVER's login questions and found no one to finish them does the same for the account
// (its drafts keep their status): the next publish would meet the same questions.
import type { Domain } from '../domain.ts';
import type { Logger } from '../logging.ts';
import type { NeedsLoginReason } from '../errors.ts';
import { transitionIn } from '../drafts/state-machine.ts';
import { linkedChannels } from '../drafts/notices.ts';
import { notifyDraft } from '../drafts/notify.ts';
import { pauseForLogin } from '../drafts/login-pause.ts';

export async function accountNeedsLogin(
  d: Pick<Domain, 'db' | 'queues' | 'notifier' | 'logger'>,
  at: { draftId: string; accountId: string; blogId: string },
  err: LoginWanted,
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
  if (wasActive) await tellNeedsLogin(d, { accountId, blogId }, err, log);
  for (const id of blocked) await notifyDraft(d, id, 'system', 'publish_blocked');
}

/** What the needs-login path reads of a NeedsLoginError (or of a dry run's `loginNeeded`). */
export interface LoginWanted {
  reason: NeedsLoginReason;
  message: string;
  /** A login relay's message already told the channel what happened and what to do. */
  announced: boolean;
}

/** The account stops for a login (a preview met NAVER's questions): paused, and the channel hears it once. */
export async function accountWaitsForLogin(d: Pick<Domain, 'db' | 'queues' | 'notifier'>, at: { accountId: string; blogId: string }, wanted: LoginWanted, log: Logger): Promise<void> {
  const { count } = await d.db.account.updateMany({ where: { id: at.accountId, status: 'active' }, data: { status: 'needs_login' } });
  await pauseForLogin(d, at.accountId);
  if (count === 1) await tellNeedsLogin(d, at, wanted, log);
}

async function tellNeedsLogin(d: Pick<Domain, 'db' | 'notifier'>, at: { accountId: string; blogId: string }, wanted: LoginWanted, log: Logger): Promise<void> {
  if (wanted.announced) return;
  await d.notifier
    .notify({ kind: 'needs_login', ...at, channelIds: await linkedChannels(d.db, at.accountId), reason: wanted.reason, message: wanted.message })
    .catch((e) => log.warn({ err: e }, 'could not send the needs-login alert'));
  log.warn({ reason: wanted.reason }, 'account needs a human login; its publishing is paused');
}
