// Selector drift: a NAVER selector list whose first choice matched nothing and a later one did. Each use is
// counted in /metrics (blog_autopilot_selector_fallbacks_total) and summed into one log line a day, so an
// operator sees NAVER's markup moving before a publish fails on it.
import { Counter, type Registry } from 'prom-client';
import type { Logger } from '../logging.ts';

export class SelectorDrift {
  readonly #counter: Counter<'list' | 'selector'>;
  readonly #logger: Logger;
  #sinceLog = new Map<string, number>();
  #timer: NodeJS.Timeout | null = null;

  constructor(registry: Registry, logger: Logger) {
    this.#logger = logger;
    this.#counter = new Counter({
      name: 'blog_autopilot_selector_fallbacks_total',
      help: 'Browser jobs on this replica that found a NAVER element only through a fallback selector, per selector list and the selector used.',
      labelNames: ['list', 'selector'],
      registers: [registry],
    });
  }

  /** The publisher's onSelectorFallback hook. */
  readonly record = (list: string, selector: string): void => {
    this.#counter.inc({ list, selector });
    const key = `${list} → ${selector}`;
    this.#sinceLog.set(key, (this.#sinceLog.get(key) ?? 0) + 1);
  };

  /** Logs what was used since the last time (nothing when nothing was); returns the counts logged. */
  logSummary(): Record<string, number> {
    const counts = Object.fromEntries(this.#sinceLog);
    this.#sinceLog = new Map();
    if (Object.keys(counts).length > 0) {
      this.#logger.warn({ fallbacks: counts }, 'NAVER selector fallbacks used in the last day: NAVER’s markup is drifting; update src/publishing/naver/selectors.ts');
    }
    return counts;
  }

  start(everyMs = 24 * 3600_000): void {
    this.#timer = setInterval(() => this.logSummary(), everyMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}
