// Failed queue-board logins, per client address: after `maxFailures` wrong passwords within `windowMs` the
// address is refused (429, Retry-After) for `windowMs`, without its password being checked; other addresses
// are not affected. The log gets the first failure of an address, then at most one summary line a minute for
// it, however hard it is hammered.
import type { Logger } from '../logging.ts';

export interface LoginThrottleOptions {
  logger: Logger;
  /** Wrong logins an address may make within the window before it is refused (default 5). */
  maxFailures?: number;
  /** The window, and how long a refused address waits (default 1 minute). */
  windowMs?: number;
  /** At most one log line per address this often (default 1 minute). */
  logEveryMs?: number;
  /** Addresses remembered at once; the least recently seen are forgotten first. */
  maxAddresses?: number;
  now?: () => number;
}

interface AddressState {
  failures: number[];
  blockedUntil: number;
  /** Failures and refusals since the last log line. */
  unlogged: { failures: number; refused: number };
  loggedAt: number | null;
}

export class LoginThrottle {
  readonly #o: Required<Omit<LoginThrottleOptions, 'logger'>> & { logger: Logger };
  readonly #addresses = new Map<string, AddressState>();
  #sweeper: NodeJS.Timeout | null = null;

  constructor(options: LoginThrottleOptions) {
    this.#o = { maxFailures: 5, windowMs: 60_000, logEveryMs: 60_000, maxAddresses: 10_000, now: Date.now, ...options };
  }

  /** Milliseconds the address must still wait, or 0 when it may try. A refusal is counted for the log. */
  refusal(address: string): number {
    const state = this.#addresses.get(address);
    const now = this.#o.now();
    if (!state || state.blockedUntil <= now) return 0;
    state.unlogged.refused += 1;
    this.#flush(address, state, now);
    return state.blockedUntil - now;
  }

  failure(address: string, path: string): void {
    const now = this.#o.now();
    const state = this.#touch(address);
    state.failures = state.failures.filter((t) => now - t < this.#o.windowMs);
    state.failures.push(now);
    if (state.failures.length >= this.#o.maxFailures) {
      state.blockedUntil = now + this.#o.windowMs;
      state.failures = [];
    }
    if (state.loggedAt === null) {
      state.loggedAt = now;
      this.#o.logger.warn({ ip: address, path }, 'admin board: wrong credentials');
    } else {
      state.unlogged.failures += 1;
      this.#flush(address, state, now);
    }
    this.#sweeper ??= setInterval(() => this.#sweep(), this.#o.logEveryMs).unref();
  }

  /** A right password: the address starts again from no failures (its log lines stay rationed). */
  success(address: string): void {
    const state = this.#addresses.get(address);
    if (state) state.failures = [];
  }

  close(): void {
    if (this.#sweeper) clearInterval(this.#sweeper);
    this.#sweeper = null;
  }

  #touch(address: string): AddressState {
    let state = this.#addresses.get(address);
    if (state) this.#addresses.delete(address);
    state ??= { failures: [], blockedUntil: 0, unlogged: { failures: 0, refused: 0 }, loggedAt: null };
    this.#addresses.set(address, state);
    // Many addresses (a scan over IPv6) must not grow memory without end: forget the least recent.
    while (this.#addresses.size > this.#o.maxAddresses) this.#addresses.delete(this.#addresses.keys().next().value!);
    return state;
  }

  /** One summary line for the address when a minute has passed since its last line. */
  #flush(address: string, state: AddressState, now: number): void {
    const { failures, refused } = state.unlogged;
    if (failures + refused === 0 || (state.loggedAt !== null && now - state.loggedAt < this.#o.logEveryMs)) return;
    const blockedForMs = Math.max(0, state.blockedUntil - now);
    this.#o.logger.warn({ ip: address, failures, refused, sinceMs: state.loggedAt === null ? null : now - state.loggedAt, blockedForMs }, 'admin board: more failed logins from this address');
    state.unlogged = { failures: 0, refused: 0 };
    state.loggedAt = now;
  }

  #sweep(): void {
    const now = this.#o.now();
    for (const [address, state] of this.#addresses) {
      this.#flush(address, state, now);
      const quiet = state.blockedUntil <= now && state.failures.every((t) => now - t >= this.#o.windowMs);
      if (quiet && state.unlogged.failures + state.unlogged.refused === 0 && (state.loggedAt === null || now - state.loggedAt >= this.#o.logEveryMs)) {
        this.#addresses.delete(address);
      }
    }
    if (this.#addresses.size === 0) this.close();
  }
}
