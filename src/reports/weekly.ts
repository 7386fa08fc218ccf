// The weekly /report message, per channel and off by default: a day and an hour in the channel's time zone.
// The bot role looks once a minute for channels whose hour has come; the one that records the slot sends it,
// so a slot is sent once however often it looks. A slot missed while the service was down is skipped.
import { DateTime } from 'luxon';
import type { Db } from '../db/client.ts';
import type { Logger } from '../logging.ts';
import type { Notifier } from '../ports.ts';
import { messageOf } from '../errors.ts';
import { UserInputError } from '../refusals.ts';
import { channelReport } from './channel-report.ts';

export interface WeeklyReportSetting {
  /** ISO weekday: 1 Monday … 7 Sunday. */
  weekday: number;
  hour: number;
  timezone: string;
}

/** Sets (or, with `weekday: 'off'`, removes) the channel's weekly message. Returns what is in force now. */
export async function setWeeklyReport(
  db: Db,
  input: { channelId: string; guildId?: string | null; by: string; weekday?: number | 'off'; hour?: number; timezone: string },
): Promise<WeeklyReportSetting | null> {
  if (input.weekday === undefined) throw new UserInputError('weekly_report_day_missing');
  if (input.weekday === 'off') {
    await db.weeklyReport.deleteMany({ where: { channelId: input.channelId } });
    return null;
  }
  const hour = input.hour ?? 9;
  if (!Number.isInteger(input.weekday) || input.weekday < 1 || input.weekday > 7 || !Number.isInteger(hour) || hour < 0 || hour > 23) {
    throw new UserInputError('weekly_report_invalid');
  }
  const setting = { weekday: input.weekday, hour, timezone: input.timezone };
  await db.weeklyReport.upsert({
    where: { channelId: input.channelId },
    create: { channelId: input.channelId, guildId: input.guildId ?? null, createdBy: input.by, ...setting },
    update: { ...setting, createdBy: input.by },
  });
  return setting;
}

export class WeeklyReports {
  readonly #db: Db;
  readonly #notifier: Notifier;
  readonly #logger: Logger;
  readonly #everyMs: number;
  #timer: NodeJS.Timeout | null = null;

  constructor(o: { db: Db; notifier: Notifier; logger: Logger; everyMs?: number }) {
    this.#db = o.db;
    this.#notifier = o.notifier;
    this.#logger = o.logger;
    this.#everyMs = o.everyMs ?? 60_000;
  }

  start(): void {
    this.#timer ??= setInterval(() => {
      this.tick().catch((err) => this.#logger.warn({ err: messageOf(err) }, 'weekly reports: the check failed'));
    }, this.#everyMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  /** Sends the reports whose slot is `now`; returns how many were sent. */
  async tick(now = new Date()): Promise<number> {
    let sent = 0;
    for (const row of await this.#db.weeklyReport.findMany()) {
      const local = DateTime.fromJSDate(now).setZone(row.timezone);
      if (!local.isValid || local.weekday !== row.weekday || local.hour !== row.hour) continue;
      const slot = local.toFormat('yyyy-MM-dd');
      const claimed = await this.#db.weeklyReport.updateMany({
        where: { channelId: row.channelId, weekday: row.weekday, hour: row.hour, OR: [{ lastSentFor: null }, { lastSentFor: { not: slot } }] },
        data: { lastSentFor: slot },
      });
      if (claimed.count !== 1) continue;
      const report = await channelReport(this.#db, { channelId: row.channelId, weeks: 1, timezone: row.timezone, now });
      if (report.accounts.length === 0) continue;
      await this.#notifier.notify({ kind: 'weekly_report', channelId: row.channelId, report });
      this.#logger.info({ channelId: row.channelId, slot }, 'weekly report sent');
      sent++;
    }
    return sent;
  }
}
