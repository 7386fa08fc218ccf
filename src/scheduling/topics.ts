// The topic pool of a schedule: one topic per entry (or line), rotated fire by fire; a topic may hold
// {date} and {weekday}, rendered in the schedule's time zone at the tick.
import { DateTime } from 'luxon';
import { UserInputError } from '../errors.ts';
import { TOPIC_MAX } from '../limits.ts';

export const TOPICS_MAX = 20;
const PLACEHOLDER = /\{([A-Za-z_]+)\}/g;
const KNOWN = new Set(['date', 'weekday']);

/** Splits entries on new lines, drops blank ones, and checks count, length and placeholders. */
export function normaliseTopics(topics: readonly string[]): string[] {
  const list = topics.flatMap((t) => t.split(/\r?\n/)).map((t) => t.trim()).filter(Boolean);
  if (list.length === 0) throw new UserInputError('Give at least one topic (one per line).', '주제를 하나 이상 적어 주세요(한 줄에 하나씩).');
  if (list.length > TOPICS_MAX) throw new UserInputError(`A schedule takes at most ${TOPICS_MAX} topics; you gave ${list.length}.`, `일정 하나에는 주제를 최대 ${TOPICS_MAX}개까지 넣을 수 있습니다. 지금은 ${list.length}개입니다.`);
  list.forEach((topic, i) => {
    const n = list.length > 1 ? `Topic ${i + 1}` : 'The topic';
    if (topic.length > TOPIC_MAX) throw new UserInputError(`${n} is ${topic.length} characters; keep each topic to ${TOPIC_MAX}.`, `${n}이(가) ${topic.length}자입니다. 주제는 ${TOPIC_MAX}자 이내로 적어 주세요.`);
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
