// What a topic may be, as a person typed it: trimmed, not empty, within the limits; and a pool of them for a
// recurring schedule (its size is checked before any one topic, so a long pool is reported as such).
import { LIMITS, LimitError } from '../limits.ts';
import { UserInputError } from '../refusals.ts';

/** One topic: trimmed, not empty, at most `topicChars`. */
export function checkTopic(topic: string, position?: number): string {
  const t = topic.trim();
  if (!t) throw new UserInputError('topic_empty');
  if (t.length > LIMITS.topicChars) throw new LimitError('topicChars', t.length, position);
  return t;
}

/** A pool of topics: blank entries dropped, at least one, at most `topicsPerSchedule`, each checked. */
export function checkTopicPool(topics: readonly string[]): string[] {
  const list = topics.map((t) => t.trim()).filter(Boolean);
  if (list.length === 0) throw new UserInputError('topics_none');
  if (list.length > LIMITS.topicsPerSchedule) throw new LimitError('topicsPerSchedule', list.length);
  return list.map((t, i) => checkTopic(t, list.length > 1 ? i + 1 : undefined));
}
