// A replica's open account workers, at most MAX_OPEN_WORKERS of them (each holds a blocking Redis connection).
// Queues with work beyond the cap wait in line (worker-slots.ts); while anyone waits, a worker gives its slot
// back after each job (or when it finds no job), and its own queue, if it still has work, goes to the back of
// the line. The per-account order and the one-active-job rule are the queues' (global concurrency one), so
// closing a worker between jobs changes neither, on this replica or across replicas.
import type { Queue } from 'bullmq';
import { idleFor, openAccountWorker, type QueueWork, type SlotHooks, type WorkerHandle, type WorkerSettings } from './account-worker.ts';
import { queueName, type QueueKind } from './jobs.ts';
import type { Wakeups } from './wakeups.ts';
import { WorkerSlots } from './worker-slots.ts';

/** MAX_OPEN_WORKERS' default: see the README (configuration). */
export const DEFAULT_MAX_OPEN_WORKERS = 50;
/** A worker that sat this long without a job gives its slot to a queue in line (a 'drained' event is faster). */
const HAND_OVER_IDLE_MS = 1_000;
/** A worker idle at least this long gives its slot at once to a queue that just joined the line. */
const IDLE_NOW_MS = 250;

export interface PoolHost {
  settings: WorkerSettings;
  wakeups: Wakeups;
  /** The account's queue, set up (global concurrency one) once `ready` settles. */
  entry(kind: QueueKind, accountId: string): { queue: Queue; ready: Promise<unknown> };
}

export const splitName = (name: string): [QueueKind, string] => {
  const at = name.indexOf('_');
  return [name.slice(0, at) as QueueKind, name.slice(at + 1)];
};

export class WorkerPool {
  readonly #workers = new Map<string, WorkerHandle>();
  readonly #slots: WorkerSlots;
  readonly #host: PoolHost;
  readonly #hooks: SlotHooks = { afterJob: (h) => this.handOver(h), drained: (h) => h.busy === 0 && this.handOver(h) };
  #work: QueueWork | null = null;
  #accepting = true;

  constructor(host: PoolHost, cap = DEFAULT_MAX_OPEN_WORKERS) {
    this.#host = host;
    this.#slots = new WorkerSlots(cap);
  }

  get cap(): number {
    return this.#slots.cap;
  }

  /** Queues with work waiting for a worker slot on this replica. */
  get waiting(): number {
    return this.#slots.waiting;
  }

  start(work: QueueWork): void {
    this.#work = work;
  }

  has(name: string): boolean {
    return this.#workers.has(name);
  }

  handles(): WorkerHandle[] {
    return [...this.#workers.values()];
  }

  /** Opens the queue's worker if it is not open, or puts the queue in line for a slot. */
  async ensure(kind: QueueKind, accountId: string): Promise<void> {
    if (!this.#work || !this.#accepting) return;
    const name = queueName(kind, accountId);
    const existing = this.#workers.get(name);
    if (existing && !existing.closing) return void (existing.lastActivity = Date.now());
    if (existing) await existing.closing; // closing for idleness or a hand-over: wait, then open a fresh one
    if (!this.#accepting || this.#workers.has(name) || this.#slots.has(name)) return;
    this.#slots.enqueue(name);
    this.#admit();
    this.#freeIdleSlot();
  }

  /**
   * A queue waits while a worker sits idle: the worker idle longest gives its slot now, not at the next sweep
   * (one that has just opened, or just finished a job, keeps it a moment, so turns are not handed round empty).
   */
  #freeIdleSlot(): void {
    if (this.#slots.waiting === 0) return;
    const now = Date.now();
    let idlest: WorkerHandle | undefined;
    for (const h of this.#workers.values()) {
      if (!idleFor(h, now, IDLE_NOW_MS)) continue;
      if (!idlest || h.lastActivity < idlest.lastActivity) idlest = h;
    }
    if (idlest) this.handOver(idlest);
  }

  /** Called by the sweeper: a worker idle for a while gives its slot up when others wait. */
  sweep(now: number): void {
    if (this.#slots.waiting === 0) return;
    for (const h of this.#workers.values()) if (idleFor(h, now, HAND_OVER_IDLE_MS)) this.handOver(h);
  }

  /** Others wait: the worker closes (BullMQ lets its job finish first) and the first queue in line gets the slot. */
  handOver(handle: WorkerHandle): void {
    if (handle.closing || this.#slots.waiting === 0 || !this.#accepting) return;
    const { kind, accountId } = handle;
    void this.close(handle)
      .then(async () => {
        const { queue } = this.#host.entry(kind, accountId);
        const [c, paused] = await Promise.all([queue.getJobCounts('waiting', 'prioritized', 'active'), queue.isPaused()]);
        if ((c.waiting ?? 0) + (c.prioritized ?? 0) + (c.active ?? 0) > 0 && !paused) await this.ensure(kind, accountId);
        else await this.#host.wakeups.registerEarliestDelayed(kind, accountId, queue);
      })
      .catch((err) => this.#host.settings.logger.warn({ err, accountId }, 'handing a worker slot over failed'));
  }

  async close(handle: WorkerHandle, force = false): Promise<void> {
    const name = queueName(handle.kind, handle.accountId);
    handle.closing ??= handle.worker.close(force).finally(() => {
      if (this.#workers.get(name) === handle) this.#workers.delete(name);
      this.#admit();
    });
    await handle.closing;
  }

  /** Takes no new queue; the caller closes the handles. */
  stopAccepting(): void {
    this.#accepting = false;
    this.#slots.clear();
  }

  clear(): void {
    this.#workers.clear();
  }

  /** Opens workers for the queues first in line while slots are free. */
  #admit(): void {
    const work = this.#work;
    if (!work || !this.#accepting) return;
    for (let name = this.#slots.next(this.#workers.size); name; name = this.#slots.next(this.#workers.size)) {
      const opening = name;
      const [kind, accountId] = splitName(opening);
      this.#host
        .entry(kind, accountId)
        .ready.then(() => {
          // Re-checked after the await: a close may have begun meanwhile, and a worker made then would never close.
          if (!this.#accepting || this.#workers.has(opening)) return;
          this.#workers.set(opening, openAccountWorker(this.#host.settings, work, opening, kind, accountId, this.#hooks));
        })
        .catch((err) => this.#host.settings.logger.warn({ err, queue: opening }, 'opening a worker failed'))
        .finally(() => {
          this.#slots.opened(opening);
          if (!this.#workers.has(opening)) this.#admit();
        });
    }
  }
}
