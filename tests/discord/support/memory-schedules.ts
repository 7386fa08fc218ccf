// Recurring schedules in memory, in front of the real service: the test harness builds the domain without the
// scheduler, and these tests are about how /schedule renders, not about firing.
import { CronExpressionParser } from 'cron-parser';
import { ForbiddenError, NotFoundError, UserInputError } from '../../../src/errors.ts';
import type { Actor, BlogAutopilotService, ScheduleSummary } from '../../../src/service-api.ts';

export function withMemorySchedules(service: BlogAutopilotService, defaultTimezone = 'Asia/Seoul'): BlogAutopilotService {
  const rows = new Map<string, Omit<ScheduleSummary, 'nextFires'>>();
  let n = 0;
  const nextFires = (cron: string, tz: string): Date[] => {
    const it = CronExpressionParser.parse(cron, { tz, currentDate: new Date() });
    return [it.next(), it.next(), it.next()].map((d) => d.toDate());
  };
  const view = (r: Omit<ScheduleSummary, 'nextFires'>): ScheduleSummary => ({ ...r, nextFires: r.enabled ? nextFires(r.cron, r.timezone) : [] });
  const linked = async (accountId: string, actor: Actor) => {
    const accounts = await service.listAccounts(actor.channelId);
    if (!accounts.some((a) => a.id === accountId)) throw new ForbiddenError('That schedule belongs to an account that is not linked to this channel.');
  };
  const find = async (id: string, actor: Actor) => {
    const r = rows.get(id);
    if (!r) throw new NotFoundError(`There is no schedule "${id}"; see /schedule list.`);
    await linked(r.accountId, actor);
    return r;
  };
  const overrides: Partial<BlogAutopilotService> = {
    async createSchedule(input, actor) {
      const account = (await service.listAccounts(actor.channelId)).find((a) => a.id === input.accountRef || a.blogId === input.accountRef);
      if (!account) throw new NotFoundError(`There is no account "${input.accountRef}" in this channel.`);
      const timezone = input.timezone ?? defaultTimezone;
      try {
        nextFires(input.cron, timezone);
      } catch {
        throw new UserInputError(`"${input.cron}" is not a cron expression; use 5 fields such as 0 9 * * *.`);
      }
      const row = { id: `sch${++n}`, accountId: account.id, blogId: account.blogId, channelId: actor.channelId, cron: input.cron, timezone, topics: input.topics, enabled: true, lastFireAt: null };
      rows.set(row.id, row);
      return view(row);
    },
    async listSchedules(channelId) {
      const ids = new Set((await service.listAccounts(channelId)).map((a) => a.id));
      return [...rows.values()].filter((r) => ids.has(r.accountId)).map(view);
    },
    async removeSchedule(id, actor) {
      const r = await find(id, actor);
      rows.delete(id);
      return view(r);
    },
    async pauseSchedule(id, actor) {
      const r = await find(id, actor);
      r.enabled = false;
      return view(r);
    },
    async resumeSchedule(id, actor) {
      const r = await find(id, actor);
      r.enabled = true;
      return view(r);
    },
  };
  return new Proxy(service, {
    get(target, prop, receiver) {
      if (prop in overrides) return overrides[prop as keyof BlogAutopilotService];
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
