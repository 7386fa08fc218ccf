// Reading `publish_at` the way people type it, and showing instants in a schedule's time zone.
import { DateTime, IANAZone } from 'luxon';
import type { Lang } from './i18n.ts';

export type PublishAtResult = { ok: true; date: Date } | { ok: false; reason: 'unparsable' | 'past' | 'too_far' };

/** How far ahead a post may be planned: a year from now (in the zone's calendar). */
export const PUBLISH_AT_MAX_AHEAD = { years: 1 } as const;

const UNIT_MINUTES: Record<string, number> = { d: 1440, h: 60, m: 1, 일: 1440, 시간: 60, 분: 1 };

function unitOf(word: string): string | null {
  const w = word.toLowerCase();
  if (/^(d|days?)$/.test(w)) return 'd';
  if (/^(h|hrs?|hours?)$/.test(w)) return 'h';
  if (/^(m|mins?|minutes?)$/.test(w)) return 'm';
  if (w === '일' || w === '시간' || w === '분') return w;
  return null;
}

/** `in 2h`, `in 1h 30m`, `in 1d`, `2시간 후`, `30분 뒤` → minutes from now, or null. */
function relativeMinutes(input: string): number | null {
  const en = input.match(/^in\s+(.+)$/i);
  const ko = input.match(/^(.+?)\s*(후|뒤)$/);
  const spec = en?.[1] ?? ko?.[1];
  if (!spec) return null;
  let total = 0;
  let matched = '';
  for (const part of spec.matchAll(/(\d+)\s*([a-zA-Z]+|일|시간|분)\s*/g)) {
    const unit = unitOf(part[2]!);
    if (!unit) return null;
    total += Number(part[1]) * UNIT_MINUTES[unit]!;
    matched += part[0];
  }
  return matched.replace(/\s/g, '') === spec.replace(/\s/g, '') && total > 0 ? total : null;
}

/** `2026-12-01 09:00` (also `/` or `.` between the date parts, `T` before the time) in `zone`. */
function absolute(input: string, zone: string): DateTime | null {
  const m = input.match(/^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})[ T]+(\d{1,2}):(\d{2})$/);
  if (!m) return null;
  const [, year, month, day, hour, minute] = m.map(Number) as number[];
  const dt = DateTime.fromObject({ year, month, day, hour, minute }, { zone });
  return dt.isValid ? dt : null;
}

/** The latest instant `publish_at` accepts. */
export function latestPublishAt(zone: string, now: Date = new Date()): Date {
  return DateTime.fromJSDate(now).setZone(zone).plus(PUBLISH_AT_MAX_AHEAD).toJSDate();
}

export function parsePublishAt(raw: string, zone: string, now: Date = new Date()): PublishAtResult {
  const input = raw.trim();
  const minutes = relativeMinutes(input);
  // `in 99999999999999d` is a number, but not an instant a Date can hold: it is simply too far.
  const at = minutes !== null ? now.getTime() + minutes * 60_000 : absolute(input, zone)?.toMillis();
  if (at === undefined) return { ok: false, reason: 'unparsable' };
  if (!Number.isFinite(at) || at > latestPublishAt(zone, now).getTime()) return { ok: false, reason: 'too_far' };
  if (at <= now.getTime()) return { ok: false, reason: 'past' };
  return { ok: true, date: new Date(at) };
}

export function isTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

export function formatInZone(date: Date, zone: string, lang: Lang): string {
  return DateTime.fromJSDate(date).setZone(zone).setLocale(lang).toFormat('yyyy-MM-dd HH:mm (ccc)') + ` ${zone}`;
}
