// Every bound on what people type, in one place: the slash-command definitions (commands/), the scheduler
// (scheduling/) and the domain (service, job payloads, articles) all read these, so a limit cannot be 20 in one
// file and 50 in another. A refusal is a LimitError naming the limit; the sentence a person reads is in the
// locale files (src/discord/locales, `limits`), keyed by that name.
import { UserInputError } from './errors.ts';

export const LIMITS = {
  /** Characters in one topic (a post's, or one entry of a schedule's pool). */
  topicChars: 200,
  /** Topics in a recurring schedule's pool. */
  topicsPerSchedule: 20,
  /** Keywords of one post or schedule. */
  keywords: 10,
  keywordChars: 50,
  /** Tags on one post (NAVER's own limit), which the account's default tags count against. */
  tags: 10,
  tagChars: 20,
  /** NAVER's limit on a title, and ours on the body text of one post. */
  titleChars: 100,
  bodyChars: 20_000,
  labelChars: 80,
  categoryChars: 100,
  toneChars: 500,
  feedbackChars: 1_000,
  approverRoles: 10,
  /** Posts a day per account (0 = no cap). */
  dailyCap: 50,
  minIntervalMinutes: 24 * 60,
  /** Random delay added to each publish slot. */
  jitterMinutes: 180,
  /** Allowed publishing hours are whole hours 0–24, the start before the end. */
  allowedHours: 24,
} as const;

export type LimitName = keyof typeof LIMITS;

export interface LimitParams {
  max: number;
  /** What was given (a count, a length or a number), when there is one. */
  given?: number;
  /** 1-based position in a list (topic 3 of a pool, keyword 2), when the list has more than one entry. */
  position?: number;
}

/** A bound was crossed. Nothing was changed; the locale files say it in the user's language. */
export class LimitError extends UserInputError {
  readonly params: LimitParams;
  constructor(readonly limit: LimitName, given?: number, position?: number) {
    const max = LIMITS[limit];
    const at = position ? ` (entry ${position})` : '';
    super(`Over the ${limit} limit${at}: at most ${max}${given === undefined ? '' : `, got ${given}`}.`);
    this.params = { max, given, position };
  }
}

/** One topic: trimmed, not empty, at most `topicChars`. */
export function checkTopic(topic: string, position?: number): string {
  const t = topic.trim();
  if (!t) throw new UserInputError('The topic is empty; say what the post should be about.', '주제가 비어 있습니다. 무엇에 대한 글인지 적어 주세요.');
  if (t.length > LIMITS.topicChars) throw new LimitError('topicChars', t.length, position);
  return t;
}

/** A pool of topics: its size is checked before any one topic, so a long pool is reported as such. */
export function checkTopicPool(topics: readonly string[]): string[] {
  const list = topics.map((t) => t.trim()).filter(Boolean);
  if (list.length === 0) throw new UserInputError('Give at least one topic (one per line).', '주제를 하나 이상 적어 주세요(한 줄에 하나씩).');
  if (list.length > LIMITS.topicsPerSchedule) throw new LimitError('topicsPerSchedule', list.length);
  return list.map((t, i) => checkTopic(t, list.length > 1 ? i + 1 : undefined));
}

/** Trimmed and deduplicated; refused (never cut) above the limits. */
export function checkKeywords(keywords: readonly string[]): string[] {
  const list = [...new Set(keywords.map((k) => k.trim()).filter(Boolean))];
  if (list.length > LIMITS.keywords) throw new LimitError('keywords', list.length);
  list.forEach((k, i) => {
    if (k.length > LIMITS.keywordChars) throw new LimitError('keywordChars', k.length, list.length > 1 ? i + 1 : undefined);
  });
  return list;
}

/** Whole numbers from `min` to the limit (inclusive). */
export function checkWhole(limit: LimitName, value: number, min = 0): number {
  if (!Number.isInteger(value) || value < min || value > LIMITS[limit]) throw new LimitError(limit, value);
  return value;
}

/** Text of at most the limit's length. */
export function checkLength(limit: LimitName, text: string): string {
  if (text.length > LIMITS[limit]) throw new LimitError(limit, text.length);
  return text;
}
