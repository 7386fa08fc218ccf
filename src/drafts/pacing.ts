// Pacing per account: daily cap, allowed hours and a minimum interval between posts, plus a random jitter so
// posts do not go out at machine-exact times. Pacing only ever delays a publish; it never drops one.
import { DateTime } from 'luxon';

export interface PacingRules {
  timezone: string;
  dailyCap: number;
  allowedHourStart: number;
  allowedHourEnd: number;
  minIntervalMinutes: number;
  /** Up to this many minutes of random delay on each slot (0: none). */
  jitterMinutes?: number;
}

/**
 * The instant a publish may go out, at or after `wanted`, given the instants of the account's other posts
 * (published or already planned).
 *
 * Jitter only delays: the slot is first found without it (the earliest the rules allow), then pushed later by
 * `draw` × the jitter, where `draw` is a random number in [0, 1) (injectable, so tests are deterministic). The
 * push is bounded by the room the rules leave after that slot (the end of the allowed hours, the end of the
 * day when there is a daily cap, the minimum interval before the next planned post), so jitter never moves a
 * post out of its window or onto another day.
 */
export function nextPublishSlot(rules: PacingRules, wanted: Date, others: readonly Date[], draw = Math.random()): Date {
  const sorted = others.map((d) => d.getTime()).sort((a, b) => a - b);
  const earliest = earliestSlot(rules, wanted.getTime(), sorted);
  const jitterMs = Math.max(0, rules.jitterMinutes ?? 0) * 60_000;
  if (jitterMs === 0) return new Date(earliest);
  const room = Math.min(jitterMs, roomAfter(rules, earliest, sorted));
  const fraction = Math.min(Math.max(draw, 0), 1);
  return new Date(earliest + Math.floor(room * fraction));
}

function earliestSlot(rules: PacingRules, wanted: number, sorted: readonly number[]): number {
  const interval = rules.minIntervalMinutes * 60_000;
  let t = wanted;
  for (let guard = 0; guard < 1_000; guard++) {
    const local = DateTime.fromMillis(t, { zone: rules.timezone });
    // allowed hours
    const start = local.startOf('day').plus({ hours: rules.allowedHourStart });
    const end = local.startOf('day').plus({ hours: rules.allowedHourEnd });
    if (windowed(rules)) {
      if (local < start) { t = start.toMillis(); continue; }
      if (local >= end) { t = start.plus({ days: 1 }).toMillis(); continue; }
    }
    // daily cap, counted in the account's own calendar day
    const dayStart = local.startOf('day').toMillis();
    const dayEnd = local.endOf('day').toMillis();
    const sameDay = sorted.filter((o) => o >= dayStart && o <= dayEnd).length;
    if (rules.dailyCap > 0 && sameDay >= rules.dailyCap) {
      t = DateTime.fromMillis(dayStart, { zone: rules.timezone }).plus({ days: 1, hours: rules.allowedHourStart }).toMillis();
      continue;
    }
    // minimum interval from every other post
    const clash = sorted.find((o) => Math.abs(o - t) < interval);
    if (clash !== undefined) { t = clash + interval; continue; }
    return t;
  }
  return t;
}

/** How much later than `t` (a slot the rules allow) a post could go out and still keep every rule. */
function roomAfter(rules: PacingRules, t: number, sorted: readonly number[]): number {
  const local = DateTime.fromMillis(t, { zone: rules.timezone });
  let room = Number.POSITIVE_INFINITY;
  if (windowed(rules)) room = Math.min(room, local.startOf('day').plus({ hours: rules.allowedHourEnd }).toMillis() - 1 - t);
  if (rules.dailyCap > 0) room = Math.min(room, local.endOf('day').toMillis() - t);
  const next = sorted.find((o) => o > t);
  if (next !== undefined) room = Math.min(room, next - rules.minIntervalMinutes * 60_000 - t);
  return Math.max(0, room);
}

/** True when the account publishes only within allowed hours (not the whole day). */
export function windowed(rules: Pick<PacingRules, 'allowedHourStart' | 'allowedHourEnd'>): boolean {
  return rules.allowedHourEnd > rules.allowedHourStart && !(rules.allowedHourStart === 0 && rules.allowedHourEnd === 24);
}
