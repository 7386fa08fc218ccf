// SIGTERM/SIGINT handling shared by main.ts and the tests' child processes: one graceful stop, then exit 0.
// A second signal, or a stop that overruns its bound, exits at once with code 1.
import type { Logger } from '../logging.ts';

export interface ShutdownOptions {
  logger: Logger;
  /** The graceful stop. */
  stop: (signal: string) => Promise<void>;
  /** Hard bound on the whole stop; past it the process exits 1. */
  hardTimeoutMs: number;
  signals?: readonly NodeJS.Signals[];
  exit?: (code: number) => void;
}

/** Installs the handlers; returns a function that triggers the same shutdown (for tests and fatal errors). */
export function handleShutdownSignals(o: ShutdownOptions): (signal: string) => void {
  const exit = o.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      o.logger.warn({ signal }, 'second signal during shutdown; exiting now');
      exit(1);
      return;
    }
    stopping = true;
    o.logger.info({ signal }, 'shutting down');
    const hard = setTimeout(() => {
      o.logger.error({ hardTimeoutMs: o.hardTimeoutMs }, 'shutdown took too long; exiting');
      exit(1);
    }, o.hardTimeoutMs);
    hard.unref();
    o.stop(signal).then(
      () => {
        clearTimeout(hard);
        o.logger.info('shutdown complete');
        exit(0);
      },
      (err: unknown) => {
        clearTimeout(hard);
        o.logger.error({ err }, 'shutdown failed');
        exit(1);
      },
    );
  };
  for (const signal of o.signals ?? (['SIGTERM', 'SIGINT'] as const)) process.on(signal, () => shutdown(signal));
  return shutdown;
}
