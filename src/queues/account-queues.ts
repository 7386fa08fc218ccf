// Per-account queues: `generate_<accountId>` and `publish_<accountId>`, created lazily and cached. Every
// queue is capped at one active job across all replicas (`setGlobalConcurrency(1)` plus worker concurrency 1):
// that, not an in-memory lock, keeps one account's jobs in order while other accounts run in parallel.
// Workers cost a blocking Redis connection each, so an account's worker is closed after an idle period and
// reopened when work arrives: an add on any replica publishes a wake message, delayed work registers its due
// time in a sorted set that a sweeper watches, and start-up opens workers for every queue with work.
// At most MAX_OPEN_WORKERS are open per replica, taking turns when more queues have work (worker-pool.ts).
import { Queue, type Job, type JobsOptions } from 'bullmq';
import { settleWithin } from '../timeout.ts';
import { queuePrefix } from '../redis.ts';
import { idleFor, type QueueWork, type WorkerHandle, type WorkerSettings } from './account-worker.ts';
import { jobOptions } from './retry-policy.ts';
import { QUEUE_KINDS, queueName, type QueueKind } from './jobs.ts';
import { Wakeups } from './wakeups.ts';
import { splitName, WorkerPool } from './worker-pool.ts';
import { scanJobCounts } from './work-counts.ts';

export type { JobProcessor, QueueWork } from './account-worker.ts';

/** `connection` (WorkerSettings) is the one shared ioredis connection (maxRetriesPerRequest: null) for every Queue and Worker. */
export interface AccountQueuesOptions extends WorkerSettings {
  /** False on a replica that only adds jobs (ROLE=bot). */
  runWorkers: boolean;
  /** Close an account's worker after this long without work. */
  idleMs: number;
  /** How often due delayed work and idle workers are checked. */
  sweepMs?: number;
  attempts: number;
  /** MAX_OPEN_WORKERS: open account workers on this replica at most (default 50). */
  maxOpenWorkers?: number;
  /** Queue lifecycle, for the admin board and metrics. */
  onQueueOpened?: (queue: Queue) => void;
  onQueueClosed?: (queue: Queue) => void;
}

const key = queueName;

export class AccountQueues {
  readonly #queues = new Map<string, { queue: Queue; ready: Promise<unknown>; lastUsed: number }>();
  readonly #pool: WorkerPool;
  #sweeper: NodeJS.Timeout | null = null;
  #closed = false;
  #accepting = true;

  readonly opts: AccountQueuesOptions;
  readonly wakeups: Wakeups;

  constructor(opts: AccountQueuesOptions) {
    this.opts = opts;
    this.wakeups = new Wakeups(opts.connection, opts.prefix);
    this.#pool = new WorkerPool({ settings: opts, wakeups: this.wakeups, entry: (kind, accountId) => this.#entry(kind, accountId) }, opts.maxOpenWorkers);
  }

  /** The account's queue, created on first use with its global concurrency of one. */
  queue(kind: QueueKind, accountId: string): Queue {
    return this.#entry(kind, accountId).queue;
  }

  #entry(kind: QueueKind, accountId: string) {
    const name = key(kind, accountId);
    let entry = this.#queues.get(name);
    if (!entry) {
      const queue = new Queue(name, {
        connection: this.opts.connection,
        prefix: queuePrefix(this.opts.connection, this.opts.prefix, accountId),
        defaultJobOptions: jobOptions(this.opts.attempts, this.opts.backoffMs),
      });
      queue.on('error', (err) => this.opts.logger.warn({ err, queue: name }, 'queue error'));
      const created = { queue, ready: Promise.resolve() as Promise<unknown>, lastUsed: Date.now() };
      // A failed set-up must not be cached: the next use tries again with a fresh queue.
      created.ready = queue.setGlobalConcurrency(1).catch((err: unknown) => {
        if (this.#queues.get(name) === created) this.#queues.delete(name);
        void queue.close().catch(() => undefined);
        throw err;
      });
      entry = created;
      this.#queues.set(name, entry);
      this.opts.onQueueOpened?.(queue);
    }
    entry.lastUsed = Date.now();
    return entry;
  }

  /** Adds a job (a no-op when `jobId` already exists) and makes sure some replica has a worker for it. */
  async add(kind: QueueKind, accountId: string, name: string, data: unknown, opts: JobsOptions & { jobId: string }): Promise<Job> {
    const entry = this.#entry(kind, accountId);
    await entry.ready;
    const job = await entry.queue.add(name, data, opts);
    const delay = opts.delay ?? 0;
    // Registered even for work due now: a wake message can be missed (a replica's subscriber reconnecting),
    // the sorted set cannot, and every replica's sweeper reads it.
    if (delay === 0) await this.ensureWorker(kind, accountId);
    await this.wakeups.announce(kind, accountId, Date.now() + delay, delay === 0);
    return job;
  }

  /** Tells every replica (this one included) that an account's queue has work. */
  async wake(kind: QueueKind, accountId: string): Promise<void> {
    if (this.opts.runWorkers) await this.ensureWorker(kind, accountId);
    await this.wakeups.publish(kind, accountId);
  }

  /**
   * Starts the replica's share of the work: wake messages, the sweeper, and workers for queues with work.
   * `work` is required where workers run.
   */
  async start(accountIds: readonly string[], work: QueueWork | null): Promise<void> {
    if (this.opts.runWorkers && !work) throw new Error('A replica that runs workers needs their processors.');
    if (work) this.#pool.start(work);
    const sweepMs = this.opts.sweepMs ?? 1_000;
    this.#sweeper = setInterval(() => void this.#sweep().catch((err) => this.opts.logger.warn({ err }, 'sweep failed')), sweepMs);
    this.#sweeper.unref();
    if (!this.opts.runWorkers) return;
    await this.wakeups.subscribe(`${this.opts.prefix}:wake-subscriber`, this.opts.logger, (kind, accountId) => void this.ensureWorker(kind, accountId));
    // Queues are read a batch of accounts at a time (work-counts.ts): one Lua script, not a Queue object or a
    // pipeline for each of thousands of idle accounts.
    await scanJobCounts(this.opts.connection, this.opts.prefix, accountIds, async (batch, withJobs) => {
      const busy = new Set<string>();
      for (const q of withJobs) {
        busy.add(key(q.kind, q.accountId));
        if (q.wait + q.paused + q.active + q.prioritized > 0) await this.ensureWorker(q.kind, q.accountId);
        else await this.wakeups.registerEarliestDelayed(q.kind, q.accountId, this.queue(q.kind, q.accountId));
      }
      for (const accountId of batch) {
        for (const kind of QUEUE_KINDS) if (!busy.has(key(kind, accountId))) await this.#dropQueue(kind, accountId);
      }
    });
  }

  async #sweep(): Promise<void> {
    if (this.#closed) return;
    const now = Date.now();
    // Queues used only to add jobs or read counts (e.g. on a ROLE=bot replica) are let go when idle too.
    for (const [name, entry] of [...this.#queues]) {
      if (!this.#pool.has(name) && now - entry.lastUsed >= this.opts.idleMs) {
        const [kind, accountId] = splitName(name);
        await this.#dropQueue(kind, accountId);
      }
    }
    if (!this.opts.runWorkers) return;
    for (const { kind, accountId } of await this.wakeups.takeDue()) await this.ensureWorker(kind, accountId);
    // Idle workers close side by side: a close waits for the worker's blocking read, and one after another
    // they held the slots (and the sweep) long after their accounts went quiet.
    const idle = this.#pool.handles().filter((h) => idleFor(h, now, this.opts.idleMs));
    await Promise.all(idle.map((h) => this.#closeIfIdle(h)));
    this.#pool.sweep(now);
  }

  async #closeIfIdle(handle: WorkerHandle): Promise<void> {
    const checkedAt = Date.now();
    const queue = this.queue(handle.kind, handle.accountId);
    const [counts, paused] = await Promise.all([queue.getJobCounts('waiting', 'prioritized', 'active'), queue.isPaused()]);
    const pending = (counts.waiting ?? 0) + (counts.prioritized ?? 0) + (counts.active ?? 0);
    if (handle.busy > 0 || (pending > 0 && !paused)) {
      handle.lastActivity = Date.now();
      return;
    }
    await this.wakeups.registerEarliestDelayed(handle.kind, handle.accountId, queue);
    // Work that arrived while we looked (a wake refreshes lastActivity) keeps the worker open.
    if (handle.busy > 0 || handle.lastActivity >= checkedAt || handle.closing) return;
    this.opts.logger.debug({ queue: queue.name }, 'closing idle worker');
    await this.#pool.close(handle);
    await this.#dropQueue(handle.kind, handle.accountId);
  }

  async #dropQueue(kind: QueueKind, accountId: string): Promise<void> {
    const name = key(kind, accountId);
    const entry = this.#queues.get(name);
    if (!entry || this.#pool.has(name)) return;
    this.#queues.delete(name);
    this.opts.onQueueClosed?.(entry.queue);
    await entry.queue.close();
  }

  /** Opens the account's worker for `kind` on this replica if it is not open, or puts it in line for a slot. */
  async ensureWorker(kind: QueueKind, accountId: string): Promise<void> {
    if (!this.opts.runWorkers || this.#closed || !this.#accepting) return;
    await this.#pool.ensure(kind, accountId);
  }

  async pause(kind: QueueKind, accountId: string): Promise<void> {
    await this.queue(kind, accountId).pause();
  }

  async resume(kind: QueueKind, accountId: string): Promise<void> {
    await this.queue(kind, accountId).resume();
    await this.wake(kind, accountId);
  }

  async counts(kind: QueueKind, accountId: string) {
    const c = await this.queue(kind, accountId).getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed');
    return { waiting: (c.waiting ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0 };
  }

  /** Queues with work waiting for a worker slot on this replica (MAX_OPEN_WORKERS reached). */
  waitingForWorker(): number {
    return this.#pool.waiting;
  }

  /** Open workers on this replica, for metrics and tests. */
  openWorkers(): Array<{ kind: QueueKind; accountId: string }> {
    return this.#pool.handles().filter((h) => !h.closing).map(({ kind, accountId }) => ({ kind, accountId }));
  }

  openQueues(): Queue[] {
    return [...this.#queues.values()].map((e) => e.queue);
  }

  activeJobs(): number {
    return this.#pool.handles().reduce((n, h) => n + h.busy, 0);
  }

  /**
   * Graceful stop: take no new jobs, let active ones finish within `timeoutMs`, then close. A job still
   * running at the deadline keeps its lock until it expires and BullMQ's stalled check hands it to a replica.
   */
  async close(timeoutMs = 30_000): Promise<{ unfinished: number }> {
    this.#accepting = false;
    if (this.#sweeper) clearInterval(this.#sweeper);
    await this.wakeups.close();
    this.#pool.stopAccepting();
    const handles = this.#pool.handles();
    const graceful = Promise.all(handles.map((h) => this.#pool.close(h)));
    const outcome = await settleWithin(graceful.then(() => 'done' as const), timeoutMs, () => 'timeout' as const);
    let unfinished = 0;
    if (outcome === 'timeout') {
      unfinished = this.activeJobs();
      this.opts.logger.warn({ unfinished }, 'shutdown deadline reached; unfinished jobs are left to stalled-job recovery');
      await Promise.all(handles.map((h) => h.worker.close(true).catch(() => undefined)));
    }
    this.#closed = true;
    this.#pool.clear();
    await Promise.all([...this.#queues.values()].map((e) => e.queue.close().catch(() => undefined)));
    this.#queues.clear();
    return { unfinished };
  }
}
