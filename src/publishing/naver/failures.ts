// How a failure in the browser is read: before the final click a retryable editor failure (or the typed
// error a step raised), after it an unknown outcome; an abort becomes the timeout that caused it.
import { AppError, PublishUnconfirmedError, RetryableError, TimeoutError } from '../../errors.ts';

export function toPublishError(err: unknown, progress: { step: string; submitted: boolean }): AppError {
  if (err instanceof AppError) return err;
  const msg = firstLine(err);
  if (progress.submitted) {
    return new PublishUnconfirmedError(
      `NAVER did not confirm the post after the final publish click (${msg}). It may have been published: look at the blog before trying again.`,
    );
  }
  if (/has been closed|Target closed|browser has disconnected/i.test(msg)) {
    return new RetryableError(`The browser went away while publishing (step: ${progress.step}).`, 'browser_crashed');
  }
  return new RetryableError(`Publishing stopped at step "${progress.step}": ${msg}`, 'naver_editor');
}

export function abortError(signal: AbortSignal, started: number, what: string): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof AppError) return reason;
  if ((reason as { name?: unknown } | undefined)?.name === 'TimeoutError') return new TimeoutError(what, Date.now() - started);
  return new RetryableError(`${what} was aborted.`, 'aborted');
}

export function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return (text.split('\n')[0] ?? '').slice(0, 300);
}
