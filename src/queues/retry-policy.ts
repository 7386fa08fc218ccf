// How often a job is tried, how long to wait between tries, and how a failure is read: final or not, and of which class.
import { UnrecoverableError, type Job, type JobsOptions } from 'bullmq';
import { AppError, errorClassOf } from '../errors.ts';

/** Every job: `attempts` tries with the smart backoff; finished jobs are kept a while for the board. */
export function jobOptions(attempts: number, backoffMs: number): JobsOptions {
  return {
    attempts,
    backoff: { type: 'smart', delay: backoffMs },
    removeOnComplete: { age: 14 * 24 * 3600, count: 5_000 },
    removeOnFail: { age: 60 * 24 * 3600 },
  };
}

/** A final failure: attempts exhausted, or an error that must not be retried. */
export function isFinalFailure(job: Job, err: Error): boolean {
  return err instanceof UnrecoverableError || err.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
}

/** Permanent AppErrors become UnrecoverableError (no retry), keeping their class for the dead letter. */
export function toQueueError(err: unknown): Error {
  if (err instanceof AppError && !err.retryable) {
    const unrecoverable = new UnrecoverableError(err.message);
    Object.assign(unrecoverable, { errorClass: err.errorClass, cause: err });
    return unrecoverable;
  }
  return err instanceof Error ? err : new Error(String(err));
}

/** Exponential backoff with jitter, or the wait the remote side asked for (e.g. Gemini's retryDelay). */
export function smartBackoff(baseMs: number) {
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
