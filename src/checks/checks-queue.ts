// One shared `checks` queue for every account (not a queue per account): the live check right after
// publishing and the search checks at SEARCH_CHECK_DELAYS after it, as delayed jobs. A check reads and
// records; it never changes a draft's status, and its failures never reach the dead-letter list.
import { Queue, type Job, type Worker } from 'bullmq';
import { queuePrefix, type RedisClient } from '../redis.ts';
import { z } from 'zod';
import type { Logger } from '../logging.ts';
import type { CheckScheduler } from '../check-shapes.ts';
import { messageOf } from '../errors.ts';
import { failureClass, smartBackoff, toQueueError } from '../queues/retry-policy.ts';
import { TolerantWorker } from '../queues/tolerant-worker.ts';

export const CHECKS_QUEUE = 'checks';
/**
 * After the last round found a post missing (누락), two more looks, at 3 and 7 times the last delay after
 * publishing (3 and 7 days with the default 24h): a post NAVER lists late is then noticed and its message says
 * when. They never alert again.
 */
export const LATE_LOOKS = [3, 7] as const;

const id = z.string().min(1).max(64);
export const checkJobSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('live'), draftId: id }),
  z.object({ kind: z.literal('search'), draftId: id, round: z.number().int().min(1).max(10 + LATE_LOOKS.length) }),
]);
export type CheckJob = z.infer<typeof checkJobSchema>;

export const liveCheckJobId = (draftId: string) => `live-${draftId}`;
export const searchCheckJobId = (draftId: string, round: number) => `search-${draftId}-${round}`;

export type CheckProcessor = (job: Job, token?: string) => Promise<unknown>;

export interface PostChecksOptions {
  connection: RedisClient;
  prefix: string;
  logger: Logger;
  attempts: number;
  backoffMs: number;
  /** SEARCH_CHECK_DELAYS in ms; empty or `searchOn` false: no search checks. */
  delaysMs: readonly number[];
  searchOn: boolean;
  /** Checks run at once in one process (live checks share the browser pool with publishing). */
  concurrency?: number;
  worker?: { lockDuration?: number; stalledInterval?: number; drainDelay?: number };
}

export class PostChecks implements CheckScheduler {
  readonly queue: Queue;
  readonly searchOn: boolean;
  readonly delaysMs: readonly number[];
  readonly #o: PostChecksOptions;
  #worker: Worker | null = null;

  constructor(o: PostChecksOptions) {
    this.#o = o;
    this.searchOn = o.searchOn && o.delaysMs.length > 0;
    this.delaysMs = o.delaysMs;
    this.queue = new Queue(CHECKS_QUEUE, { connection: o.connection, prefix: queuePrefix(o.connection, o.prefix, CHECKS_QUEUE) });
    this.queue.on('error', (err) => o.logger.warn({ err: err.message }, 'checks queue error'));
  }

  /** One live check now; search checks at each delay after `publishedAt`. Adding them twice adds nothing. */
  async afterPublished(draftId: string, publishedAt: Date): Promise<void> {
    const opts = {
      attempts: this.#o.attempts,
      backoff: { type: 'smart', delay: this.#o.backoffMs },
      removeOnComplete: { age: 14 * 24 * 3600, count: 5_000 },
      removeOnFail: { age: 14 * 24 * 3600 },
    };
    await this.queue.add('live', { kind: 'live', draftId } satisfies CheckJob, { ...opts, jobId: liveCheckJobId(draftId) });
    if (!this.searchOn) return;
    const now = Date.now();
    for (const [i, delay] of this.delaysMs.entries()) {
      const round = i + 1;
      await this.queue.add('search', { kind: 'search', draftId, round } satisfies CheckJob, {
        ...opts,
        jobId: searchCheckJobId(draftId, round),
        delay: Math.max(0, publishedAt.getTime() + delay - now),
      });
    }
  }

  /** The late looks after 누락 (see LATE_LOOKS). Adding them twice adds nothing. */
  async afterMissing(draftId: string, publishedAt: Date): Promise<void> {
    const last = this.delaysMs.at(-1);
    if (!this.searchOn || last === undefined) return;
    for (const [i, factor] of LATE_LOOKS.entries()) {
      const round = this.delaysMs.length + 1 + i;
      await this.queue.add('search', { kind: 'search', draftId, round } satisfies CheckJob, {
        attempts: this.#o.attempts,
        backoff: { type: 'smart', delay: this.#o.backoffMs },
        removeOnComplete: { age: 14 * 24 * 3600, count: 5_000 },
        removeOnFail: { age: 14 * 24 * 3600 },
        jobId: searchCheckJobId(draftId, round),
        delay: Math.max(0, publishedAt.getTime() + last * factor - Date.now()),
      });
    }
  }

  /** Starts this process's worker (worker replicas only). */
  start(processor: CheckProcessor): void {
    if (this.#worker) return;
    const { logger } = this.#o;
    const worker = new TolerantWorker(
      CHECKS_QUEUE,
      async (job, token) => {
        try {
          return await processor(job, token);
        } catch (err) {
          throw toQueueError(err);
        }
      },
      {
        connection: this.#o.connection,
        prefix: queuePrefix(this.#o.connection, this.#o.prefix, CHECKS_QUEUE),
        concurrency: this.#o.concurrency ?? 2,
        maxStalledCount: 1,
        lockDuration: this.#o.worker?.lockDuration ?? 90_000,
        stalledInterval: this.#o.worker?.stalledInterval ?? 30_000,
        drainDelay: this.#o.worker?.drainDelay ?? 5,
        settings: { backoffStrategy: smartBackoff(this.#o.backoffMs) },
      },
    );
    worker.on('error', (err) => logger.warn({ err, queue: CHECKS_QUEUE }, 'worker error'));
    worker.on('failed', (job, err) => {
      if (!job) return;
      const data = job.data as Partial<CheckJob> | undefined;
      logger.warn({ draftId: data?.draftId, jobId: job.id, queue: CHECKS_QUEUE, attemptsMade: job.attemptsMade, errorClass: failureClass(err) }, `check failed: ${messageOf(err)}`);
    });
    this.#worker = worker;
  }

  async close(timeoutMs: number): Promise<void> {
    const worker = this.#worker;
    this.#worker = null;
    if (worker) {
      const closed = worker.close();
      const late = await Promise.race([closed.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), timeoutMs).unref())]);
      if (late) await worker.close(true).catch(() => undefined);
    }
    await this.queue.close().catch(() => undefined);
  }
}
