// Cron rules and time zones. Every instant we show (nextFires), catch up on or fire is computed by
// node-cron's own matcher — the engine that triggers the live tasks — so the three can never disagree
// (cron-parser, for one, treats "day of month and weekday both set" as OR where node-cron needs both).
import { createTask, validateDetailed, type Logger as CronLogger } from 'node-cron';
import type { Logger } from '../logging.ts';
import { UserInputError } from '../refusals.ts';

const FIELD_NAMES: Record<string, string> = {
  second: 'seconds',
  minute: 'minute',
  hour: 'hour',
  dayOfMonth: 'day-of-month',
  month: 'month',
  dayOfWeek: 'weekday',
};

/** Trims and collapses spaces; throws UserInputError (with a working example) when node-cron refuses it. */
export function normaliseCron(expression: string): string {
  const cleaned = expression.trim().replace(/\s+/g, ' ');
  if (!cleaned) throw new UserInputError('cron_empty');
  const result = validateDetailed(cleaned);
  if (result.valid) return cleaned;
  const issue = result.errors[0];
  // node-cron's field messages read "61 is a invalid expression for minute"; others are fine as they are.
  const field = issue && /invalid expression/.test(issue.message) ? FIELD_NAMES[issue.field] : undefined;
  const why = field ? `${issue!.value ?? '?'} is not a valid ${field} value` : issue?.message ?? 'it cannot be read';
  throw new UserInputError('cron_invalid', { expression: cleaned, why });
}

/** The canonical IANA name (`US/Eastern` → `America/New_York`); empty means `fallback`. */
export function normaliseTimeZone(zone: string | null | undefined, fallback: string): string {
  const name = zone?.trim() || fallback;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    throw new UserInputError('timezone_unknown', { zone: name });
  }
  // Newer runtimes accept bare offsets (+09:00); they ignore daylight saving, so only names are taken.
  if (/^[+-]/.test(resolved)) throw new UserInputError('timezone_offset', { zone: name });
  return resolved;
}

interface Matcher {
  /** The first matching instant strictly after `date` (whole seconds). Throws when nothing matches for ~100 years. */
  getNextMatch(date: Date): Date;
}

/**
 * node-cron's public API only computes "next runs from now"; catching up needs "next after any instant".
 * The task's own matcher does that. It is not in node-cron's typings, so its presence is checked and a
 * node-cron upgrade that moves it fails loudly here (and in tests) instead of computing other instants.
 */
function matcherFor(expression: string, timezone: string): Matcher {
  const probe = createTask(expression, () => undefined, { timezone });
  const matcher = (probe as unknown as { timeMatcher?: Partial<Matcher> }).timeMatcher;
  void probe.destroy(); // removes it from node-cron's global registry; the matcher is a plain object
  if (typeof matcher?.getNextMatch !== 'function') {
    throw new Error('node-cron no longer exposes its time matcher; adapt src/scheduling/cron.ts to the installed version.');
  }
  return matcher as Matcher;
}

/** A validated expression in a time zone. */
export class CronRule {
  readonly expression: string;
  readonly timezone: string;
  readonly #matcher: Matcher;

  constructor(expression: string, timezone: string) {
    this.expression = expression;
    this.timezone = timezone;
    this.#matcher = matcherFor(expression, timezone);
  }

  /** The first tick strictly after `after`. */
  next(after: Date): Date {
    return this.#matcher.getNextMatch(after);
  }

  /** The next `count` ticks after `from`. */
  nextFires(count: number, from: Date = new Date()): Date[] {
    const out: Date[] = [];
    let at = from;
    for (let i = 0; i < count; i++) out.push((at = this.next(at)));
    return out;
  }

  /**
   * The latest tick t with notBefore < t <= notAfter, or null. The window is widened by doubling from the
   * end, so a daily rule with a one-hour window costs about a dozen matcher calls, not 3600.
   */
  latestTick(notAfter: Date, notBefore: Date): Date | null {
    const end = Math.floor(notAfter.getTime() / 1000) * 1000;
    const floor = notBefore.getTime();
    if (end <= floor) return null;
    for (let span = 1000; ; span *= 2) {
      const from = Math.max(end - span, floor);
      let tick = this.next(new Date(from));
      if (tick.getTime() <= end) {
        for (let n = this.next(tick); n.getTime() <= end; n = this.next(n)) tick = n;
        return tick;
      }
      if (from === floor) return null;
    }
  }
}

/** Validates both parts together and checks the rule fires at all (node-cron only spots Feb 30-style dates). */
export function parseRule(expression: string, timezone: string): CronRule {
  const rule = new CronRule(expression, timezone);
  try {
    rule.next(new Date());
  } catch {
    throw new UserInputError('cron_never_fires', { expression });
  }
  return rule;
}

/** node-cron's own messages, in our log. */
export function nodeCronLogger(log: Logger): CronLogger {
  return {
    info: (message) => log.info(message),
    warn: (message) => log.warn(message),
    error: (message, err) => log.error({ err: err ?? message }, 'node-cron error'),
    debug: (message) => log.debug({ detail: String(message) }, 'node-cron'),
  };
}
