// /account unlink: the channel lets go of the account, and the schedules made from it stop.
import type { Db } from '../db/client.ts';
import type { AccountSummary, Actor } from '../service-api.ts';
import type { ScheduleCommands } from '../scheduling/commands.ts';
import { accountInChannel } from './access.ts';
import { accountSummary } from './summary.ts';

export async function unlinkAccount(d: { db: Db; schedules?: ScheduleCommands }, accountRef: string, actor: Actor): Promise<AccountSummary> {
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
