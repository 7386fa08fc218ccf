// /report: how the channel's accounts did over the last weeks, from PostgreSQL. Per account: posts published
// per day (days in the report's time zone), drafts waiting now, failures and dead letters in the period, and
// how many of the period's posts the search check found. Numbers only; the picture is drawn by the Discord side.
import { DateTime } from 'luxon';
import type { Db } from '../db/client.ts';
import { accountInChannel } from '../channel-scope.ts';
import { UserInputError } from '../refusals.ts';
import type { ChannelReport } from '../check-shapes.ts';

export type { AccountReport, ChannelReport } from '../check-shapes.ts';

export const REPORT_MAX_WEEKS = 12;

export async function channelReport(
  db: Db,
  q: { channelId: string; accountRef?: string; weeks: number; timezone: string; now?: Date },
): Promise<ChannelReport> {
  if (!Number.isInteger(q.weeks) || q.weeks < 1 || q.weeks > REPORT_MAX_WEEKS) throw new UserInputError('report_weeks', { max: REPORT_MAX_WEEKS, given: q.weeks });
  const accounts = q.accountRef
    ? [await accountInChannel(db, q.accountRef, q.channelId)]
    : await db.account.findMany({ where: { channels: { some: { channelId: q.channelId } } }, orderBy: { blogId: 'asc' } });
  const end = DateTime.fromJSDate(q.now ?? new Date()).setZone(q.timezone);
  const first = end.startOf('day').minus({ days: q.weeks * 7 - 1 });
  const days = Array.from({ length: q.weeks * 7 }, (_, i) => first.plus({ days: i }).toFormat('yyyy-MM-dd'));
  const from = first.toJSDate();
  const to = end.toJSDate();
  const ids = accounts.map((a) => a.id);
  const inPeriod = { gte: from, lte: to };

  const [published, waiting, failed, dead] = await Promise.all([
    db.draft.findMany({ where: { accountId: { in: ids }, status: 'published', publishedAt: inPeriod }, select: { accountId: true, publishedAt: true, searchCheck: true } }),
    db.draft.groupBy({ by: ['accountId'], where: { accountId: { in: ids }, status: { in: ['pending_approval', 'approved'] } }, _count: { _all: true } }),
    db.draftEvent.findMany({
      where: { createdAt: inPeriod, toStatus: { in: ['generation_failed', 'publish_failed'] }, draft: { accountId: { in: ids } } },
      select: { draft: { select: { accountId: true } } },
    }),
    db.deadLetter.groupBy({ by: ['accountId'], where: { accountId: { in: ids }, createdAt: inPeriod }, _count: { _all: true } }),
  ]);

  return {
    from,
    to,
    timezone: q.timezone,
    days,
    accounts: accounts.map((a) => {
      const mine = published.filter((p) => p.accountId === a.id);
      const perDay = days.map(() => 0);
      for (const p of mine) {
        const i = days.indexOf(DateTime.fromJSDate(p.publishedAt!).setZone(q.timezone).toFormat('yyyy-MM-dd'));
        if (i >= 0) perDay[i]!++;
      }
      return {
        accountId: a.id,
        blogId: a.blogId,
        label: a.label,
        publishedPerDay: perDay,
        published: mine.length,
        waiting: waiting.find((w) => w.accountId === a.id)?._count._all ?? 0,
        failures: failed.filter((f) => f.draft.accountId === a.id).length,
        deadLetters: dead.find((x) => x.accountId === a.id)?._count._all ?? 0,
        searchDecided: mine.filter((p) => p.searchCheck === 'found' || p.searchCheck === 'missing').length,
        searchFound: mine.filter((p) => p.searchCheck === 'found').length,
      };
    }),
  };
}
