// Runs every enabled Schedule as a node-cron task in this process. Any number of replicas may run a
// Scheduler at once: each tick is claimed in PostgreSQL and keyed in BullMQ by the tick itself (fire.ts),
// so replicas add one job per tick between them.
//
// Keeping in step without restarts: a change is published on `<prefix>:schedules` (publishScheduleChange);
// every Scheduler reloads that one rule. A full resync every `resyncMs` is the safety net for lost messages.
//
// After downtime: a rule owes at most ONE tick — the latest one since it was last touched (updatedAt: set on
// create, on every claimed fire, and on pause/resume, so a resumed rule does not replay its paused time),
// and only if that tick is within `graceMs`. Older ticks are logged as skipped, never replayed in a burst.
// The same rule covers a stalled event loop (ticks node-cron reports as missed) and a tick node-cron dropped
// under `noOverlap` (fired by the next resync if it is still the latest).
import { createTask, type ScheduledTask } from 'node-cron';
import type { RedisClient } from '../redis.ts';
import type { Db } from '../db/client.ts';
import type { Logger } from '../logging.ts';
import type { AccountQueues } from '../queues/account-queues.ts';
import { CronRule, nodeCronLogger } from './cron.ts';
import { subscribeToScheduleChanges } from './changes.ts';
import { fireTick, loadScheduleRow, repairLastFire, type FireOutcome, type FireReason, type ScheduleRow } from './fire.ts';

export interface SchedulerOptions {
  db: Db;
  queues: AccountQueues;
  /** The shared connection (core.redis); the subscriber is its duplicate. */
  redis: RedisClient;
  /** QUEUE_PREFIX. */
  prefix: string;
  logger: Logger;
  /** SCHEDULE_GRACE_MS: a missed tick younger than this fires once; older ones are skipped. */
  graceMs?: number;
  /** Only used for rows without a time zone (the column has a default, so normally never). */
  defaultTimezone?: string;
  /** How often every rule is reloaded from PostgreSQL, in case a change message was lost. */
  resyncMs?: number;
  /** Every fire attempt, for metrics and tests. */
  onFire?: (event: { scheduleId: string; tick: Date; reason: FireReason; outcome: FireOutcome }) => void;
}

interface Entry {
  signature: string;
  rule: CronRule;
  task: ScheduledTask;
}

const DEFAULT_GRACE_MS = 60 * 60_000;
const DEFAULT_RESYNC_MS = 60_000;

export class Scheduler {
  readonly #o: SchedulerOptions;
  readonly #graceMs: number;
  readonly #entries = new Map<string, Entry>();
  readonly #inflight = new Set<Promise<unknown>>();
  /** Skips already logged, so a resync does not repeat them every minute. */
  readonly #skipLogged = new Set<string>();
  /** Rules with a catch-up pending after node-cron reported missed ticks. */
  readonly #stalled = new Set<string>();
  #subscriber: RedisClient | null = null;
  #timer: NodeJS.Timeout | null = null;
  #serial: Promise<void> = Promise.resolve();
  #running = false;
  readonly #log: Logger;

  constructor(o: SchedulerOptions) {
    this.#o = o;
    this.#graceMs = o.graceMs ?? DEFAULT_GRACE_MS;
    this.#log = o.logger.child({ component: 'scheduler' });
  }

  /** Ids of the rules with a live task here. */
  scheduled(): string[] {
    return [...this.#entries.keys()];
  }

  async start(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      this.#subscriber = await subscribeToScheduleChanges(this.#o.redis, this.#o.prefix, this.#log, {
        changed: (id) => void this.reload(id),
        reconnected: () => void this.resync(),
      });
    } catch (err) {
      await this.stop();
      throw err;
    }
    await this.resync();
    this.#timer = setInterval(() => void this.resync(), this.#o.resyncMs ?? DEFAULT_RESYNC_MS);
    this.#timer.unref();
    this.#log.info({ schedules: this.#entries.size }, 'scheduler started');
  }

  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    for (const id of [...this.#entries.keys()]) this.#drop(id);
    const sub = this.#subscriber;
    this.#subscriber = null;
    await sub?.quit().catch(() => sub.disconnect());
    await this.#serial;
    await Promise.allSettled([...this.#inflight]);
  }

  /** Reloads every enabled rule, drops the rest, and fires what is owed. */
  resync(): Promise<void> {
    return this.#exclusive(async () => {
      const rows = await this.#o.db.schedule.findMany({
        where: { enabled: true },
        include: { account: { select: { status: true, language: true } } },
      });
      const ids = new Set(rows.map((r) => r.id));
      for (const id of [...this.#entries.keys()]) if (!ids.has(id)) this.#drop(id);
      for (const row of rows) await this.#sync(row);
    }, 'resync');
  }

  /** Brings one rule in line with its row (created, paused, resumed, removed). */
  reload(id: string): Promise<void> {
    return this.#exclusive(async () => {
      const row = await loadScheduleRow(this.#o.db, id);
      if (row?.enabled) await this.#sync(row);
      else this.#drop(id);
    }, 'reload');
  }

  /** Fires one tick now (what a task does on its tick); exposed for tests and manual runs. */
  async fire(id: string, tick: Date, reason: FireReason = 'tick'): Promise<FireOutcome> {
    const outcome = await fireTick({ db: this.#o.db, queues: this.#o.queues, logger: this.#log }, id, tick, reason);
    if (outcome === 'stale') this.#dropIfGone(id);
    this.#o.onFire?.({ scheduleId: id, tick, reason, outcome });
    return outcome;
  }

  // ── internals ───────────────────────────────────────────────────────────────────────────────────
  /** Loads, reloads and resyncs run one at a time, so a stale read never undoes a newer one. */
  #exclusive(work: () => Promise<void>, what: string): Promise<void> {
    const run = this.#serial.then(async () => {
      if (!this.#running) return;
      try {
        await work();
      } catch (err) {
        this.#log.warn({ err }, `schedule ${what} failed`);
      }
    });
    this.#serial = run;
    return run;
  }

  async #sync(row: ScheduleRow): Promise<void> {
    const entry = this.#ensureTask(row);
    if (entry) await this.#catchUp(row, entry.rule);
  }

  #ensureTask(row: ScheduleRow): Entry | null {
    if (!this.#running) return null; // a resync that was under way when stop() began
    const timezone = row.timezone || this.#o.defaultTimezone || 'Asia/Seoul';
    const signature = `${row.cron}|${timezone}`;
    const current = this.#entries.get(row.id);
    if (current?.signature === signature) return current;
    if (current) this.#drop(row.id);
    let rule: CronRule;
    try {
      rule = new CronRule(row.cron, timezone);
    } catch (err) {
      this.#log.error({ err, scheduleId: row.id, cron: row.cron, timezone }, 'schedule has a rule node-cron refuses; it will not fire');
      return null;
    }
    const id = row.id;
    // noOverlap: a tick waiting on a slow database is not joined by the next; a tick dropped that way is
    // still owed, and the next resync's catch-up fires it if it is the latest.
    const task = createTask(row.cron, (ctx) => this.#track(this.fire(id, ctx.date, 'tick')), {
      name: `schedule-${id}`,
      timezone,
      noOverlap: true,
      unref: true,
      logger: nodeCronLogger(this.#log.child({ scheduleId: id })),
    });
    task.on('execution:missed', (ctx) => this.#missed(id, ctx.date));
    void task.start();
    const entry = { signature, rule, task };
    this.#entries.set(id, entry);
    return entry;
  }

  /**
   * node-cron skips ticks it wakes up more than a second late for (a blocked event loop). Like after a
   * restart, the rule then owes only its latest tick, so a long stall does not end in a burst: one catch-up
   * pass per stall, after the ticks node-cron reports in one go.
   */
  #missed(id: string, tick: Date): void {
    if (this.#stalled.has(id)) return;
    this.#stalled.add(id);
    this.#log.warn({ scheduleId: id, tick: tick.toISOString() }, 'woke up too late for a schedule tick (event loop blocked?); firing only the latest missed tick');
    void this.reload(id).finally(() => this.#stalled.delete(id));
  }

  async #catchUp(row: ScheduleRow, rule: CronRule): Promise<void> {
    const now = new Date();
    const graceStart = new Date(now.getTime() - this.#graceMs);
    const since = row.updatedAt;
    const owed = rule.latestTick(now, since > graceStart ? since : graceStart);
    if (since < graceStart) this.#logSkipped(row, rule, since, graceStart);
    const deps = { db: this.#o.db, queues: this.#o.queues, logger: this.#log };
    if (row.lastFireAt && row.lastFireAt >= graceStart) {
      await repairLastFire(deps, row).catch((err) => this.#log.warn({ err, scheduleId: row.id }, 'could not check the last fire'));
    }
    if (owed && (!row.lastFireAt || owed > row.lastFireAt)) {
      this.#log.info({ scheduleId: row.id, tick: owed.toISOString() }, 'firing a missed schedule tick (within grace)');
      await this.#track(this.fire(row.id, owed, 'catch_up'));
    }
  }

  #logSkipped(row: ScheduleRow, rule: CronRule, since: Date, graceStart: Date): void {
    const key = `${row.id}@${since.getTime()}`;
    if (this.#skipLogged.has(key)) return;
    let first: Date;
    try {
      first = rule.next(since);
    } catch {
      return;
    }
    if (first >= graceStart) return;
    this.#skipLogged.add(key);
    this.#log.warn(
      { scheduleId: row.id, accountId: row.accountId, firstMissed: first.toISOString(), graceMs: this.#graceMs },
      'missed schedule ticks older than the grace period are skipped, not replayed',
    );
  }

  #drop(id: string): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    this.#entries.delete(id);
    void entry.task.destroy();
  }

  #dropIfGone(id: string): void {
    if (!this.#entries.has(id)) return;
    void this.#track(loadScheduleRow(this.#o.db, id).then((row) => (row?.enabled ? undefined : this.reload(id))));
  }

  #track<T>(work: Promise<T>): Promise<T> {
    this.#inflight.add(work);
    void work.finally(() => this.#inflight.delete(work)).catch(() => undefined);
    return work;
  }
}
