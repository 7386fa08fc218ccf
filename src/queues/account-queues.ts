// Per-account queues: `generate_<accountId>` and `publish_<accountId>`, created lazily and cached. Every
// queue is capped at one active job across all replicas (`setGlobalConcurrency(1)` plus worker concurrency 1):
// that, not an in-memory lock, keeps one account's jobs in order while other accounts run in parallel.
//
// Workers cost a blocking Redis connection each, so an account's worker is closed after an idle period and
// reopened when work arrives: an add on any replica publishes a wake message, delayed work registers its due
// time in a sorted set that a sweeper watches, and start-up opens workers for every queue with work.
import { Queue, Worker, UnrecoverableError, type Job, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../logging.ts';
import { AppError, errorClassOf, messageOf } from '../errors.ts';
import { TolerantWorker } from './tolerant-worker.ts';
import { QUEUE_KINDS, queueName, type QueueKind } from './jobs.ts';

export type JobProcessor = (job: Job, ctx: { accountId: string; token?: string }) => Promise<unknown>;

export interface AccountQueuesOptions {
  /** The one shared ioredis connection (maxRetriesPerRequest: null) for every Queue and Worker. */
  connection: Redis;
  prefix: string;
  logger: Logger;
  /** False on a replica that only adds jobs (ROLE=bot). */
  runWorkers: boolean;
  processors: Record<QueueKind, JobProcessor>;
  /** Close an account's worker after this long without work. */
  idleMs: number;
  /** How often due delayed work and idle workers are checked. */
  sweepMs?: number;
  attempts: number;
  backoffMs: number;
  worker?: { lockDuration?: number; stalledInterval?: number; drainDelay?: number };
  /** A job has failed for good (attempts exhausted or a permanent error). */
  onFinalFailure?: (kind: QueueKind, accountId: string, job: Job, err: Error) => Promise<void>;
  /** Queue lifecycle, for the admin board and metrics. */
  onQueueOpened?: (queue: Queue) => void;
  onQueueClosed?: (queue: Queue) => void;
  onJobFinished?: (kind: QueueKind, outcome: 'completed' | 'failed' | 'retried', durationMs: number) => void;
}

interface WorkerHandle {
  worker: Worker;
  kind: QueueKind;
  accountId: string;
  lastActivity: number;
  busy: number;
  closing?: Promise<void>;
}

const key = (kind: QueueKind, accountId: string) => queueName(kind, accountId);
const splitName = (name: string): [QueueKind, string] => {
  const at = name.indexOf('_');
  return [name.slice(0, at) as QueueKind, name.slice(at + 1)];
};

export class AccountQueues {
  readonly #queues = new Map<string, { queue: Queue; ready: Promise<unknown>; lastUsed: number }>();
  readonly #workers = new Map<string, WorkerHandle>();
  #subscriber: Redis | null = null;
  #sweeper: NodeJS.Timeout | null = null;
  #closed = false;
  #accepting = true;

  constructor(private readonly opts: AccountQueuesOptions) {}

  get wakeChannel(): string {
    return `${this.opts.prefix}:wake`;
  }
  get wakeupsKey(): string {
    return `${this.opts.prefix}:wakeups`;
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
        prefix: this.opts.prefix,
        defaultJobOptions: this.jobOptions(),
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

  jobOptions(): JobsOptions {
    return {
      attempts: this.opts.attempts,
      backoff: { type: 'smart', delay: this.opts.backoffMs },
      removeOnComplete: { age: 14 * 24 * 3600, count: 5_000 },
      removeOnFail: { age: 60 * 24 * 3600 },
    };
  }

  /** Adds a job (a no-op when `jobId` already exists) and makes sure some replica has a worker for it. */
  async add(kind: QueueKind, accountId: string, name: string, data: unknown, opts: JobsOptions & { jobId: string }): Promise<Job> {
    const entry = this.#entry(kind, accountId);
    await entry.ready;
    const job = await entry.queue.add(name, data, opts);
    const delay = opts.delay ?? 0;
    // Registered even for work due now: a wake message can be missed (a replica's subscriber reconnecting),
    // the sorted set cannot, and every replica's sweeper reads it.
    await this.#registerWakeup(kind, accountId, Date.now() + delay);
    if (delay === 0) await this.wake(kind, accountId);
    return job;
  }

  /** Tells every replica (this one included) that an account's queue has work. */
  async wake(kind: QueueKind, accountId: string): Promise<void> {
    if (this.opts.runWorkers) await this.ensureWorker(kind, accountId);
    await this.opts.connection.publish(this.wakeChannel, `${kind}|${accountId}`);
  }

  async #registerWakeup(kind: QueueKind, accountId: string, at: number): Promise<void> {
    // LT: keep the earliest due time when several delayed jobs wait on one queue.
    await this.opts.connection.zadd(this.wakeupsKey, 'LT', at, `${kind}|${accountId}`);
  }

  /** Starts the replica's share of the work: wake messages, the sweeper, and workers for queues with work. */
  async start(accountIds: readonly string[]): Promise<void> {
    const sweepMs = this.opts.sweepMs ?? 1_000;
    this.#sweeper = setInterval(() => void this.#sweep().catch((err) => this.opts.logger.warn({ err }, 'sweep failed')), sweepMs);
    this.#sweeper.unref();
    if (!this.opts.runWorkers) return;
    const sub = this.opts.connection.duplicate({ connectionName: `${this.opts.prefix}:wake-subscriber` });
    this.#subscriber = sub;
    sub.on('error', (err) => this.opts.logger.warn({ err }, 'wake subscriber error'));
    sub.on('message', (_channel, message: string) => {
      const [kind, accountId] = message.split('|') as [QueueKind, string];
      if (QUEUE_KINDS.includes(kind) && accountId) void this.ensureWorker(kind, accountId);
    });
    await sub.subscribe(this.wakeChannel);
    for (const accountId of accountIds) {
      for (const kind of QUEUE_KINDS) await this.#openIfWork(kind, accountId);
    }
  }

  async #openIfWork(kind: QueueKind, accountId: string): Promise<void> {
    const queue = this.queue(kind, accountId);
    const counts = await queue.getJobCounts('waiting', 'active', 'prioritized', 'delayed');
    if ((counts.waiting ?? 0) + (counts.active ?? 0) + (counts.prioritized ?? 0) > 0) {
      await this.ensureWorker(kind, accountId);
    } else if ((counts.delayed ?? 0) > 0) {
      await this.#registerEarliestDelayed(kind, accountId, queue);
    } else if (!this.#workers.has(key(kind, accountId))) {
      await this.#dropQueue(kind, accountId);
    }
  }

  async #registerEarliestDelayed(kind: QueueKind, accountId: string, queue: Queue): Promise<boolean> {
    const [next] = await queue.getDelayed(0, 0);
    if (!next) return false;
    await this.#registerWakeup(kind, accountId, next.timestamp + (next.delay ?? 0));
    return true;
  }

  async #sweep(): Promise<void> {
    if (this.#closed) return;
    const now = Date.now();
    // Queues used only to add jobs or read counts (e.g. on a ROLE=bot replica) are let go when idle too.
    for (const [name, entry] of [...this.#queues]) {
      if (!this.#workers.has(name) && now - entry.lastUsed >= this.opts.idleMs) {
        const [kind, accountId] = splitName(name);
        await this.#dropQueue(kind, accountId);
      }
    }
    if (!this.opts.runWorkers) return;
    const due = await this.opts.connection.zrangebyscore(this.wakeupsKey, '-inf', Date.now());
    for (const member of due) {
      const [kind, accountId] = member.split('|') as [QueueKind, string];
      // Later delayed jobs of this queue are not lost with the member: the worker re-registers the earliest
      // remaining one when it closes for idleness.
      await this.opts.connection.zrem(this.wakeupsKey, member);
      if (QUEUE_KINDS.includes(kind) && accountId) await this.ensureWorker(kind, accountId);
    }
    for (const handle of [...this.#workers.values()]) {
      if (!handle.closing && handle.busy === 0 && now - handle.lastActivity >= this.opts.idleMs) await this.#closeIfIdle(handle);
    }
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
    await this.#registerEarliestDelayed(handle.kind, handle.accountId, queue);
    // Work that arrived while we looked (a wake refreshes lastActivity) keeps the worker open.
    if (handle.busy > 0 || handle.lastActivity >= checkedAt || handle.closing) return;
    this.opts.logger.debug({ queue: queue.name }, 'closing idle worker');
    await this.#closeWorker(handle);
    await this.#dropQueue(handle.kind, handle.accountId);
  }

  async #dropQueue(kind: QueueKind, accountId: string): Promise<void> {
    const name = key(kind, accountId);
    const entry = this.#queues.get(name);
    if (!entry || this.#workers.has(name)) return;
    this.#queues.delete(name);
    this.opts.onQueueClosed?.(entry.queue);
    await entry.queue.close();
  }

  async #closeWorker(handle: WorkerHandle, force = false): Promise<void> {
    const name = key(handle.kind, handle.accountId);
    handle.closing ??= handle.worker.close(force).finally(() => {
      if (this.#workers.get(name) === handle) this.#workers.delete(name);
    });
    await handle.closing;
  }

  /** Opens the account's worker for `kind` on this replica, if it is not open already. */
  async ensureWorker(kind: QueueKind, accountId: string): Promise<void> {
    if (!this.opts.runWorkers || this.#closed || !this.#accepting) return;
    const name = key(kind, accountId);
    const existing = this.#workers.get(name);
    if (existing) {
      if (!existing.closing) {
        existing.lastActivity = Date.now();
        return;
      }
      await existing.closing; // being closed for idleness: wait, then open a fresh one
      if (this.#workers.has(name)) return;
    }
    await this.#entry(kind, accountId).ready;
    // Re-checked after the awaits: a close (or another ensureWorker) may have run meanwhile, and a worker made
    // now would never be closed.
    if (this.#closed || !this.#accepting || this.#workers.has(name)) return;
    const processor = this.opts.processors[kind];
    const handle: WorkerHandle = { kind, accountId, lastActivity: Date.now(), busy: 0, worker: undefined as unknown as Worker };
    handle.worker = new TolerantWorker(
      name,
      async (job, token) => {
        handle.busy++;
        handle.lastActivity = Date.now();
        try {
          return await processor(job, { accountId, token });
        } catch (err) {
          throw toQueueError(err);
        } finally {
          handle.busy--;
          handle.lastActivity = Date.now();
        }
      },
      {
        connection: this.opts.connection,
        prefix: this.opts.prefix,
        concurrency: 1,
        maxStalledCount: 1,
        lockDuration: this.opts.worker?.lockDuration ?? 30_000,
        stalledInterval: this.opts.worker?.stalledInterval ?? 30_000,
        drainDelay: this.opts.worker?.drainDelay ?? 5,
        settings: { backoffStrategy: smartBackoff(this.opts.backoffMs) },
      },
    );
    this.#workers.set(name, handle);
    handle.worker.on('error', (err) => this.opts.logger.warn({ err, queue: name }, 'worker error'));
    handle.worker.on('completed', (job) => {
      this.opts.onJobFinished?.(kind, 'completed', Date.now() - (job.processedOn ?? Date.now()));
    });
    handle.worker.on('failed', (job, err) => {
      if (!job) return;
      const final = isFinalFailure(job, err);
      this.opts.onJobFinished?.(kind, final ? 'failed' : 'retried', Date.now() - (job.processedOn ?? Date.now()));
      this.opts.logger.warn(
        { accountId, draftId: job.data?.draftId, jobId: job.id, queue: name, attemptsMade: job.attemptsMade, errorClass: failureClass(err), final },
        `job failed: ${messageOf(err)}`,
      );
      if (final && this.opts.onFinalFailure) {
        this.opts.onFinalFailure(kind, accountId, job, err).catch((e) => this.opts.logger.error({ err: e, accountId, draftId: job.data?.draftId, jobId: job.id }, 'dead-letter handling failed'));
      }
    });
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

  /** Open workers on this replica, for metrics and tests. */
  openWorkers(): Array<{ kind: QueueKind; accountId: string }> {
    return [...this.#workers.values()].filter((h) => !h.closing).map(({ kind, accountId }) => ({ kind, accountId }));
  }

  openQueues(): Queue[] {
    return [...this.#queues.values()].map((e) => e.queue);
  }

  activeJobs(): number {
    return [...this.#workers.values()].reduce((n, h) => n + h.busy, 0);
  }

  /**
   * Graceful stop: take no new jobs, let active ones finish within `timeoutMs`, then close. A job still
   * running at the deadline keeps its lock until it expires and BullMQ's stalled check hands it to a replica.
   */
  async close(timeoutMs = 30_000): Promise<{ unfinished: number }> {
    this.#accepting = false;
    if (this.#sweeper) clearInterval(this.#sweeper);
    await this.#subscriber?.quit().catch(() => undefined);
    const handles = [...this.#workers.values()];
    const graceful = Promise.all(handles.map((h) => this.#closeWorker(h)));
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    const outcome = await Promise.race([graceful.then(() => 'done' as const), deadline]);
    clearTimeout(timer);
    const unfinished = outcome === 'timeout' ? this.activeJobs() : 0;
    if (outcome === 'timeout') {
      this.opts.logger.warn({ unfinished }, 'shutdown deadline reached; unfinished jobs are left to stalled-job recovery');
      await Promise.all(handles.map((h) => h.worker.close(true).catch(() => undefined)));
    }
    this.#closed = true;
    this.#workers.clear();
    await Promise.all([...this.#queues.values()].map((e) => e.queue.close().catch(() => undefined)));
    this.#queues.clear();
    return { unfinished };
  }
}

/** A final failure: attempts exhausted, or an error that must not be retried. */
export function isFinalFailure(job: Job, err: Error): boolean {
  return err instanceof UnrecoverableError || err.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
}

/** Permanent AppErrors become UnrecoverableError (no retry), keeping their class for the dead letter. */
function toQueueError(err: unknown): Error {
  if (err instanceof AppError && !err.retryable) {
    const unrecoverable = new UnrecoverableError(err.message);
    Object.assign(unrecoverable, { errorClass: err.errorClass, cause: err });
    return unrecoverable;
  }
  return err instanceof Error ? err : new Error(String(err));
}

/** Exponential backoff with jitter, or the wait the remote side asked for (e.g. Gemini's retryDelay). */
function smartBackoff(baseMs: number) {
  return (attemptsMade: number, _type?: string, err?: Error): number => {
    const asked = (err as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
    if (typeof asked === 'number' && asked > 0) return asked;
    const exp = baseMs * 2 ** Math.max(0, attemptsMade - 1);
    return Math.round(exp * (0.8 + Math.random() * 0.4));
  };
}

/** The errorClass of a job failure as the queue saw it. */
export function failureClass(err: Error): string {
  const tagged = (err as { errorClass?: unknown }).errorClass;
  return typeof tagged === 'string' ? tagged : errorClassOf(err);
}
