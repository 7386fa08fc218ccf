// The schedule half of the service: validates and stores recurring rules. The service has already checked
// that the account is linked to the actor's channel (and, for an existing schedule, who owns it via `find`).
// Every change is announced through `onChange` so each replica's Scheduler reloads that rule at once.
import type { Db } from '../db/client.ts';
import type { Logger } from '../logging.ts';
import type { Actor, ScheduleSummary } from '../service-api.ts';
import type { Schedule } from '../generated/prisma/client.ts';
import { NotFoundError, NotHereError, UserInputError } from '../refusals.ts';
import { rejectAfter } from '../timeout.ts';
import { normaliseCron, normaliseTimeZone, parseRule, CronRule } from './cron.ts';
import { normaliseTopics } from './topics.ts';

export const NEXT_FIRES_SHOWN = 3;
const ANNOUNCE_TIMEOUT_MS = 2_000;

/** Recurring rules as rows: the caller (scheduling/in-channel.ts) has checked the channel may touch them. */
export interface ScheduleCommands {
  createSchedule(
    input: { accountId: string; channelId: string; cron: string; topics: string[]; timezone?: string | null; keywords?: string[] },
    actor: Actor,
  ): Promise<ScheduleSummary>;
  listSchedules(accountIds: string[]): Promise<ScheduleSummary[]>;
  setEnabled(id: string, enabled: boolean, actor: Actor): Promise<ScheduleSummary>;
  remove(id: string, actor: Actor): Promise<ScheduleSummary>;
  find(id: string): Promise<{ accountId: string } | null>;
}

export interface ScheduleCommandsOptions {
  db: Db;
  /** For rules created without a time zone (DEFAULT_TIMEZONE). */
  defaultTimezone: string;
  logger?: Logger;
  /** A schedule was created, paused, resumed or removed; see `publishScheduleChange`. */
  onChange?: (scheduleId: string) => void | Promise<void>;
  /**
   * Rules that fire more often than this are refused (SCHEDULE_MIN_INTERVAL_MS): every fire is a Gemini call
   * and a draft to review. 0 allows any rule (tests use seconds-level rules).
   */
  minIntervalMs?: number;
}

/** Looks at a day's worth of fires: the smallest gap between two consecutive ones must reach `minMs`. */
function refuseTooFrequent(rule: CronRule, minMs: number): void {
  if (minMs <= 0) return;
  const fires = rule.nextFires(50, new Date());
  for (let i = 1; i < fires.length; i++) {
    if (fires[i]!.getTime() - fires[i - 1]!.getTime() < minMs) {
      const minutes = Math.max(1, Math.round(minMs / 60_000));
      throw new UserInputError('cron_too_frequent', { minutes });
    }
  }
}

type WithBlog = Schedule & { account: { blogId: string } };

/** What the user is shown; a paused rule has no next fires. */
export function scheduleSummary(row: WithBlog, now: Date = new Date()): ScheduleSummary {
  return {
    id: row.id,
    accountId: row.accountId,
    blogId: row.account.blogId,
    channelId: row.channelId,
    cron: row.cron,
    timezone: row.timezone,
    topics: row.topics,
    enabled: row.enabled,
    lastFireAt: row.lastFireAt,
    nextFires: row.enabled ? nextFiresOf(row, now) : [],
  };
}

function nextFiresOf(row: Schedule, now: Date): Date[] {
  try {
    return new CronRule(row.cron, row.timezone).nextFires(NEXT_FIRES_SHOWN, now);
  } catch {
    return []; // a row written by hand with a rule node-cron refuses: listed, never fired
  }
}

export function createScheduleCommands(o: ScheduleCommandsOptions): ScheduleCommands {
  const { db } = o;
  const include = { account: { select: { blogId: true } } } as const;

  async function changed(id: string): Promise<void> {
    // The row is saved either way; a lost announcement is caught by every Scheduler's periodic resync. The
    // shared Redis connection queues commands while it is down, so the reply does not wait for it forever.
    try {
      await rejectAfter(Promise.resolve(o.onChange?.(id)), ANNOUNCE_TIMEOUT_MS, `no answer within ${ANNOUNCE_TIMEOUT_MS} ms`);
    } catch (err) {
      o.logger?.warn({ err, scheduleId: id }, 'could not announce the schedule change; replicas pick it up at their next resync');
    }
  }

  async function existing(id: string): Promise<WithBlog> {
    const row = await db.schedule.findUnique({ where: { id }, include });
    if (!row) throw new NotHereError('schedule', id);
    return row;
  }

  return {
    async createSchedule(input, actor: Actor) {
      const cron = normaliseCron(input.cron);
      const timezone = normaliseTimeZone(input.timezone, o.defaultTimezone);
      const rule = parseRule(cron, timezone);
      refuseTooFrequent(rule, o.minIntervalMs ?? 0);
      const topics = normaliseTopics(input.topics);
      const account = await db.account.findUnique({ where: { id: input.accountId }, select: { blogId: true, status: true } });
      if (!account) throw new NotFoundError('account_gone');
      if (account.status === 'disabled') throw new UserInputError('account_disabled', { blogId: account.blogId });
      const row = await db.schedule.create({
        data: { accountId: input.accountId, channelId: input.channelId, cron, timezone, topics, keywords: input.keywords ?? [], createdBy: actor.userId },
        include,
      });
      o.logger?.info({ scheduleId: row.id, accountId: row.accountId, cron, timezone, by: actor.userId }, 'schedule created');
      await changed(row.id);
      return scheduleSummary(row);
    },

    async listSchedules(accountIds) {
      if (accountIds.length === 0) return [];
      const rows = await db.schedule.findMany({ where: { accountId: { in: accountIds } }, include, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
      const now = new Date();
      return rows.map((r) => scheduleSummary(r, now));
    },

    async setEnabled(id, enabled, actor) {
      const row = await existing(id);
      if (row.enabled === enabled) return scheduleSummary(row);
      // updatedAt moves with it: the Scheduler owes no ticks from before a resume (see Scheduler.catchUp).
      const updated = await db.schedule.update({ where: { id }, data: { enabled }, include });
      o.logger?.info({ scheduleId: id, enabled, by: actor.userId }, enabled ? 'schedule resumed' : 'schedule paused');
      await changed(id);
      return scheduleSummary(updated);
    },

    async remove(id, actor) {
      const row = await existing(id);
      await db.schedule.deleteMany({ where: { id } });
      o.logger?.info({ scheduleId: id, by: actor.userId }, 'schedule removed');
      await changed(id);
      return { ...scheduleSummary(row), enabled: false, nextFires: [] };
    },

    async find(id) {
      return db.schedule.findUnique({ where: { id }, select: { accountId: true } });
    },
  };
}
