// The recurring schedules a channel may see and change: those of its accounts.
import type { Db } from '../db/client.ts';
import type { Actor, ScheduleSummary } from '../service-api.ts';
import { ApproverRequiredError, NotHereError } from '../refusals.ts';
import { mayApprove } from '../channel-scope.ts';
import { accountIdsInChannel, accountInChannel } from '../channel-scope.ts';
import { checkKeywords } from '../limits.ts';
import type { ScheduleCommands } from './commands.ts';

interface Deps {
  db: Db;
  schedules: ScheduleCommands;
}

export async function createSchedule(
  d: Deps,
  input: { accountRef: string; cron: string; topics: string[]; timezone?: string | null; keywords?: string[] },
  actor: Actor,
): Promise<ScheduleSummary> {
  const account = await accountInChannel(d.db, input.accountRef, actor.channelId);
  // An auto-approving account publishes what is scheduled with no human in between: only approvers may.
  if (account.autoApprove && !mayApprove(actor, account.approverRoleIds)) throw new ApproverRequiredError(account.blogId);
  const keywords = checkKeywords(input.keywords ?? []);
  return d.schedules.createSchedule({ accountId: account.id, channelId: actor.channelId, cron: input.cron, topics: input.topics, timezone: input.timezone, keywords }, actor);
}

export async function listSchedules(d: Deps, channelId: string): Promise<ScheduleSummary[]> {
  return d.schedules.listSchedules(await accountIdsInChannel(d.db, channelId));
}

export async function changeSchedule(d: Deps, id: string, actor: Actor, change: 'remove' | 'pause' | 'resume'): Promise<ScheduleSummary> {
  const s = await d.schedules.find(id);
  if (!s) throw new NotHereError('schedule', id);
  await accountInChannel(d.db, s.accountId, actor.channelId).catch(() => {
    throw new NotHereError('schedule', id);
  });
  if (change === 'remove') return d.schedules.remove(id, actor);
  return d.schedules.setEnabled(id, change === 'resume', actor);
}
