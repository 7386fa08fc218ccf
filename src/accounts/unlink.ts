// /account unlink: the channel lets go of the account, and the schedules made from it stop. The last channel
// to let go also deletes the stored login and session (accounts/links.ts).
import type { Db } from '../db/client.ts';
import type { Logger } from '../logging.ts';
import type { AccountSummary, Actor } from '../service-api.ts';
import { accountInChannel } from '../channel-scope.ts';
import { unlinkAccountHere } from './links.ts';
import { accountSummary } from './summary.ts';

/** The part of the schedule commands an unlink needs. */
export interface ChannelSchedules {
  listSchedules(accountIds: string[]): Promise<Array<{ id: string; channelId: string; enabled: boolean }>>;
  setEnabled(id: string, enabled: boolean, actor: Actor): Promise<unknown>;
}

export async function unlinkAccount(
  d: { db: Db; logger: Logger; schedules?: ChannelSchedules },
  accountRef: string,
  actor: Actor,
): Promise<AccountSummary & { forgotLogin: boolean }> {
  const account = await accountInChannel(d.db, accountRef, actor.channelId);
  const { remaining } = await unlinkAccountHere(d.db, account, actor);
  if (remaining === 0) d.logger.info({ accountId: account.id, by: actor.userId }, 'last channel unlinked; stored login and session deleted');
  // Schedules made from this channel stop with the link (and all of them once no channel is left), or they
  // would keep writing posts that nobody sees and nobody can stop.
  if (d.schedules) {
    const schedules = await d.schedules.listSchedules([account.id]);
    for (const s of schedules) {
      if (s.enabled && (remaining === 0 || s.channelId === actor.channelId)) await d.schedules.setEnabled(s.id, false, actor);
    }
  }
  return { ...accountSummary(account), ...(remaining === 0 ? { hasCredentials: false, hasSession: false } : {}), forgotLogin: remaining === 0 };
}
