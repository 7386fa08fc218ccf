// One cron tick of one schedule → at most one generate job, however many replicas see the tick.
//
// How replicas agree:
// - The job id is `sched-<scheduleId>-<tick epoch seconds>`: every replica derives the same id from the tick,
//   and BullMQ ignores an add whose id exists, so a tick makes one job (and the job makes one draft, keyed
//   by its id). This is what correctness rests on; node-cron options only save work.
// - The row is "claimed" for the tick with one conditional UPDATE (`lastFireAt < tick` → tick, fireCount+1).
//   PostgreSQL re-checks the condition after a concurrent claim commits, so exactly one replica claims each
//   tick, fireCount counts ticks, and lastFireAt only moves forward.
// - Topic rotation uses the fire number: the claimer's fireCount-1. A replica that lost the claim reads the
//   row; if lastFireAt is this tick, fireCount-1 is the same number, so it adds the very same payload under
//   the same id (a no-op — unless the claimer died between claim and add, when this add is the one that
//   counts). The catch-up pass repairs the same window after a crash (see `repairLastFire`).
import type { Db } from '../db/client.ts';
import type { Logger } from '../logging.ts';
import type { AccountQueues } from '../queues/account-queues.ts';
import { requestGeneration } from '../drafts/jobs.ts';
import { queueName, type GenerateJob } from '../queues/jobs.ts';
import type { Schedule } from '../generated/prisma/client.ts';
import { renderTopic, topicAt } from './topics.ts';

export type FireReason = 'tick' | 'catch_up';
export type FireOutcome =
  /** This replica claimed the tick and added the job. */
  | 'fired'
  /** Another replica claimed it; the same job was added again (normally a no-op). */
  | 'joined'
  /** The schedule is gone or paused, or a later tick was already claimed. */
  | 'stale'
  /** The account is disabled; the tick is not claimed. */
  | 'account_disabled'
  /** Claimed, but the add failed; the next catch-up pass repairs it. */
  | 'failed';

export interface FireDeps {
  db: Db;
  queues: AccountQueues;
  logger: Logger;
}

export const SCHEDULER_ACTOR = 'scheduler';

/** BullMQ job ids must not contain ':' nor be all digits; cuids and the prefix see to both. */
export const scheduleJobId = (scheduleId: string, tick: Date) => `sched-${scheduleId}-${Math.floor(tick.getTime() / 1000)}`;

/** The instant a schedule job id stands for, or null for other job ids. */
export function tickOfJobId(jobId: string): { scheduleId: string; tick: Date } | null {
  const m = /^sched-(.+)-(\d+)$/.exec(jobId);
  return m ? { scheduleId: m[1]!, tick: new Date(Number(m[2]) * 1000) } : null;
}

type Row = Schedule & { account: { status: string; language: string } };

async function loadRow(db: Db, id: string): Promise<Row | null> {
  return db.schedule.findUnique({ where: { id }, include: { account: { select: { status: true, language: true } } } });
}

/** The claim: true when this caller moved lastFireAt to `tick`. */
async function claim(db: Db, id: string, tick: Date): Promise<Schedule | null> {
  const rows = await db.schedule.updateManyAndReturn({
    where: { id, enabled: true, OR: [{ lastFireAt: null }, { lastFireAt: { lt: tick } }] },
    data: { lastFireAt: tick, fireCount: { increment: 1 } },
  });
  return rows[0] ?? null;
}

export function generatePayload(row: Schedule, language: string, tick: Date, fireIndex: number): GenerateJob {
  return {
    accountId: row.accountId,
    topic: renderTopic(topicAt(row.topics, fireIndex), tick, row.timezone, language),
    keywords: row.keywords,
    scheduleId: row.id,
    channelId: row.channelId,
    requestedBy: SCHEDULER_ACTOR,
  };
}

/** Fires `tick` of schedule `id` (see the top of this file). Never throws: the outcome says what happened. */
export async function fireTick(deps: FireDeps, id: string, tick: Date, reason: FireReason): Promise<FireOutcome> {
  const log = deps.logger.child({ scheduleId: id, tick: tick.toISOString(), reason });
  try {
    const before = await loadRow(deps.db, id);
    if (!before?.enabled) return 'stale';
    if (before.account.status === 'disabled') {
      // Not claimed: nothing is owed while disabled, and a tick seen again in the grace window is logged again.
      log.info({ accountId: before.accountId }, 'schedule tick skipped: the account is disabled');
      return 'account_disabled';
    }
    const claimed = await claim(deps.db, id, tick);
    const row = claimed ?? (await loadRow(deps.db, id));
    if (!row?.enabled || row.lastFireAt?.getTime() !== tick.getTime()) return 'stale';
    const payload = generatePayload(row, before.account.language, tick, row.fireCount - 1);
    try {
      await requestGeneration(deps.queues, payload, scheduleJobId(id, tick));
    } catch (err) {
      log.error({ err }, 'schedule tick claimed but its generate job could not be added; the next catch-up pass retries');
      return 'failed';
    }
    if (claimed) log.info({ accountId: row.accountId, fire: row.fireCount, topic: payload.topic }, 'schedule fired');
    return claimed ? 'fired' : 'joined';
  } catch (err) {
    log.error({ err }, 'schedule tick failed before it was claimed');
    return 'failed';
  }
}

/**
 * The tick in lastFireAt was claimed; if neither its job nor its draft exists (the claimer died or Redis
 * refused the add), add it now. Same id and payload as the original, so racing the claimer is harmless.
 */
export async function repairLastFire(deps: FireDeps, row: Row): Promise<boolean> {
  const tick = row.lastFireAt;
  if (!tick || !row.enabled || row.account.status === 'disabled') return false;
  const jobId = scheduleJobId(row.id, tick);
  if (await deps.queues.queue('generate', row.accountId).getJob(jobId)) return false;
  const draft = await deps.db.draft.findUnique({ where: { sourceJobId: `${queueName('generate', row.accountId)}:${jobId}` }, select: { id: true } });
  if (draft) return false;
  deps.logger.warn({ scheduleId: row.id, tick: tick.toISOString() }, 'claimed schedule tick has no job; adding it now');
  await requestGeneration(deps.queues, generatePayload(row, row.account.language, tick, row.fireCount - 1), jobId);
  return true;
}

export { loadRow as loadScheduleRow };
export type { Row as ScheduleRow };
