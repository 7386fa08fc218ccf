// Every "race against a timer" in one place.
import { TimeoutError } from './errors.ts';

/**
 * Runs `work` with an AbortSignal that fires after `ms`. The returned promise settles at the deadline even
 * if `work` ignores the signal, so a hung job never holds its worker.
 */
export async function withTimeout<T>(what: string, ms: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  return settleWithin(work(controller.signal), ms, () => {
    const err = new TimeoutError(what, ms);
    controller.abort(err);
    throw err;
  });
}

/** `work`'s outcome, or `late()`'s when `work` has not settled within `ms` (work itself is not stopped). */
export async function settleWithin<T, L = T>(work: Promise<T>, ms: number, late: () => L | Promise<L>): Promise<T | L> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<L>((resolve, reject) => {
    timer = setTimeout(() => {
      try {
        resolve(late());
      } catch (err) {
        reject(err);
      }
    }, ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** `work`, or a rejection with `message` once `ms` have passed. */
export function rejectAfter<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  return settleWithin(work, ms, () => {
    throw new Error(message);
  });
}

/**
 * `withTimeout` whose deadline the work may push back by calling `extend(ms)`: a login that waits for a
 * person's answer (the login relay) adds that wait to the job's time.
 */
export async function withDeadline<T>(what: string, ms: number, work: (signal: AbortSignal, extend: (more: number) => void) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const started = Date.now();
  let limit = ms;
  let timer: NodeJS.Timeout | undefined;
  let fail: (err: Error) => void = () => undefined;
  const late = new Promise<never>((_, reject) => (fail = reject));
  late.catch(() => undefined);
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const err = new TimeoutError(what, limit);
      controller.abort(err);
      fail(err);
    }, Math.max(0, started + limit - Date.now()));
  };
  arm();
  try {
    return await Promise.race([work(controller.signal, (more) => ((limit += more), arm())), late]);
  } finally {
    clearTimeout(timer);
  }
}
