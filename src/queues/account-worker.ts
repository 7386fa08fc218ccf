// One account's worker for one queue: concurrency 1, the shared backoff, and every outcome reported.
import type { Job, Worker } from 'bullmq';
import { TolerantWorker } from './tolerant-worker.ts';
import { queuePrefix, type RedisClient } from '../redis.ts';
import type { Logger } from '../logging.ts';
import { messageOf } from '../errors.ts';
import { failureClass, isFinalFailure, smartBackoff, toQueueError } from './retry-policy.ts';
import type { QueueKind } from './jobs.ts';

export type JobProcessor = (job: Job, ctx: { accountId: string; token?: string }) => Promise<unknown>;

/** What the workers run, handed over at `start()`: the queues are built before the processors that use them. */
export interface QueueWork {
  processors: Record<QueueKind, JobProcessor>;
  /** A job has failed for good (attempts exhausted or a permanent error). */
  onFinalFailure?: (kind: QueueKind, accountId: string, job: Job, err: Error) => Promise<void>;
}

export interface WorkerSettings {
  connection: RedisClient;
  prefix: string;
  logger: Logger;
  backoffMs: number;
  worker?: { lockDuration?: number; stalledInterval?: number; drainDelay?: number };
  onJobFinished?: (kind: QueueKind, outcome: 'completed' | 'failed' | 'retried', durationMs: number) => void;
}

export interface WorkerHandle {
  worker: Worker;
  kind: QueueKind;
  accountId: string;
  lastActivity: number;
  busy: number;
  closing?: Promise<void>;
}

/** Open, not closing, no job in hand, and none for at least `ms`. */
export function idleFor(h: WorkerHandle, now: number, ms: number): boolean {
  return !h.closing && h.busy === 0 && now - h.lastActivity >= ms;
}

/** When the worker may give its slot to a queue that waits (MAX_OPEN_WORKERS): after a job, and when it finds no job. */
export interface SlotHooks {
  afterJob(handle: WorkerHandle): void;
  drained(handle: WorkerHandle): void;
}

export function openAccountWorker(s: WorkerSettings, work: QueueWork, name: string, kind: QueueKind, accountId: string, hooks?: SlotHooks): WorkerHandle {
  const processor = work.processors[kind];
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
        // Before BullMQ records the outcome: a worker closing now does not fetch the account's next job.
        hooks?.afterJob(handle);
      }
    },
    {
      connection: s.connection,
      prefix: queuePrefix(s.connection, s.prefix, accountId),
      concurrency: 1,
      maxStalledCount: 1,
      lockDuration: s.worker?.lockDuration ?? 30_000,
      stalledInterval: s.worker?.stalledInterval ?? 30_000,
      drainDelay: s.worker?.drainDelay ?? 5,
      settings: { backoffStrategy: smartBackoff(s.backoffMs) },
    },
  );
  handle.worker.on('error', (err) => s.logger.warn({ err, queue: name }, 'worker error'));
  handle.worker.on('drained', () => hooks?.drained(handle));
  handle.worker.on('completed', (job) => {
    s.onJobFinished?.(kind, 'completed', Date.now() - (job.processedOn ?? Date.now()));
  });
  handle.worker.on('failed', (job, err) => {
    if (!job) return;
    const final = isFinalFailure(job, err);
    s.onJobFinished?.(kind, final ? 'failed' : 'retried', Date.now() - (job.processedOn ?? Date.now()));
    s.logger.warn(
      { accountId, draftId: job.data?.draftId, jobId: job.id, queue: name, attemptsMade: job.attemptsMade, errorClass: failureClass(err), final },
      `job failed: ${messageOf(err)}`,
    );
    if (final && work.onFinalFailure) {
      work.onFinalFailure(kind, accountId, job, err).catch((e) => s.logger.error({ err: e, accountId, draftId: job.data?.draftId, jobId: job.id }, 'dead-letter handling failed'));
    }
  });
  return handle;
}
