// The topic pool of a schedule: one topic per entry (or line), rotated fire by fire; a topic may hold
// {date} and {weekday}, rendered in the schedule's time zone at the tick.
import { DateTime } from 'luxon';
import { UserInputError } from '../errors.ts';
import { checkTopicPool, LIMITS } from '../limits.ts';

export const TOPICS_MAX = LIMITS.topicsPerSchedule;
const PLACEHOLDER = /\{([A-Za-z_]+)\}/g;
const KNOWN = new Set(['date', 'weekday']);

/** Splits entries on new lines, drops blank ones, and checks count, length and placeholders. */
export function normaliseTopics(topics: readonly string[]): string[] {
  const list = checkTopicPool(topics.flatMap((t) => t.split(/\r?\n/)));
  list.forEach((topic, i) => {
    const n = list.length > 1 ? `Topic ${i + 1}` : 'The topic';
    for (const [token, name] of topic.matchAll(PLACEHOLDER)) {
      if (!KNOWN.has(name!.toLowerCase())) throw new UserInputError(`${n} has the unknown placeholder ${token}; use {date} or {weekday}.`, `${n}에 알 수 없는 자리표시자 ${token}이(가) 있습니다. {date} 또는 {weekday}를 쓰세요.`);
    }
  });
  return list;
}

/** Fire number n (0-based) uses topic n mod pool size, so consecutive fires walk the whole pool. */
export function topicAt(topics: readonly string[], fireIndex: number): string {
  if (topics.length === 0) throw new Error('A schedule without topics cannot fire.');
  return topics[((fireIndex % topics.length) + topics.length) % topics.length]!;
}

/** `{date}` → 2026-12-01 and `{weekday}` → 화요일 / Tuesday, both as seen in `timezone` at `tick`. */
export function renderTopic(template: string, tick: Date, timezone: string, language = 'ko'): string {
  const local = DateTime.fromJSDate(tick, { zone: timezone });
  return template.replace(PLACEHOLDER, (token, name: string) => {
    switch (name.toLowerCase()) {
      case 'date':
        return local.toISODate() ?? token;
      case 'weekday':
        return local.setLocale(language).toFormat('cccc');
      default:
        return token;
    }
  });
}
