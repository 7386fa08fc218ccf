// The one way tests wait: for an event, by polling a check until it holds. Fixed sleeps are not used to
// prove that "nothing happened"; a test waits instead for something that happens after the point where the
// system would have acted (a log line, a later message, a finished job, a counter).

/** What a passing check returns: its value without the falsy cases. */
export type Truthy<T> = Exclude<T, false | 0 | '' | null | undefined>;

export interface EventuallyOptions {
  /** Give up after this long (default 10 s). A bound on a hang, never a claim about speed. */
  timeoutMs?: number;
  /** Poll this often (default 25 ms). */
  intervalMs?: number;
}

/**
 * Polls `check` until it returns a truthy value and returns that value. A check that throws counts as "not
 * yet"; its last error is in the failure message. `what` names the awaited event for that message; pass a
 * function when the message should show state from the moment of failure (e.g. a child's output).
 */
export async function eventually<T>(
  check: () => T | Promise<T>,
  what: string | (() => string),
  { timeoutMs = 10_000, intervalMs = 25 }: EventuallyOptions = {},
): Promise<Truthy<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as Truthy<T>;
      lastError = undefined;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const described = typeof what === 'function' ? what() : what;
      const cause = lastError === undefined ? '' : ` (last error: ${lastError instanceof Error ? lastError.message : String(lastError)})`;
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${described}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
