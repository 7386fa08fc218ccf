// Pacing per account: daily cap, allowed hours and a minimum interval (with jitter) between posts. Pacing
// only ever delays a publish; it never drops one.
import { DateTime } from 'luxon';

export interface PacingRules {
  timezone: string;
  dailyCap: number;
  allowedHourStart: number;
  allowedHourEnd: number;
  minIntervalMinutes: number;
}

/**
 * The earliest instant at or after `wanted` that respects the rules, given the instants of the account's
 * other posts (published or already planned).
 * `jitter` in [0, 1) spreads posts so they do not look machine-timed (up to a fifth of the interval).
 */
export function nextPublishSlot(rules: PacingRules, wanted: Date, others: readonly Date[], jitter = Math.random()): Date {
  const interval = rules.minIntervalMinutes * 60_000;
  const spread = Math.floor(interval * 0.2 * jitter);
  const sorted = others.map((d) => d.getTime()).sort((a, b) => a - b);
  let t = wanted.getTime();
  for (let guard = 0; guard < 1_000; guard++) {
    const local = DateTime.fromMillis(t, { zone: rules.timezone });
    // allowed hours
    const start = local.startOf('day').plus({ hours: rules.allowedHourStart });
    const end = local.startOf('day').plus({ hours: rules.allowedHourEnd });
    if (rules.allowedHourEnd > rules.allowedHourStart) {
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
    if (clash !== undefined) { t = clash + interval + spread; continue; }
    return new Date(t);
  }
  return new Date(t);
}
