// /account unlink: the channel lets go of the account, and the schedules made from it stop.
import type { Db } from '../db/client.ts';
import type { AccountSummary, Actor } from '../service-api.ts';
import { accountInChannel } from '../channel-scope.ts';
import { accountSummary } from './summary.ts';

/** The part of the schedule commands an unlink needs. */
export interface ChannelSchedules {
  listSchedules(accountIds: string[]): Promise<Array<{ id: string; channelId: string; enabled: boolean }>>;
  setEnabled(id: string, enabled: boolean, actor: Actor): Promise<unknown>;
}

export async function unlinkAccount(d: { db: Db; schedules?: ChannelSchedules }, accountRef: string, actor: Actor): Promise<AccountSummary> {
  const account = await accountInChannel(d.db, accountRef, actor.channelId);
  await d.db.channelLink.delete({ where: { channelId_accountId: { channelId: actor.channelId, accountId: account.id } } });
  // Schedules made from this channel stop with the link (and all of them once no channel is left), or they
  // would keep writing posts that nobody sees and nobody can stop.
  if (d.schedules) {
    const remaining = await d.db.channelLink.count({ where: { accountId: account.id } });
    const schedules = await d.schedules.listSchedules([account.id]);
    for (const s of schedules) {
      if (s.enabled && (remaining === 0 || s.channelId === actor.channelId)) await d.schedules.setEnabled(s.id, false, actor);
    }
  }
  return accountSummary(account);
}
