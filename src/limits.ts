// Every bound on what people type, in one place: the slash-command definitions (commands/), the scheduler
// (scheduling/) and the domain (service, job payloads, articles) all read these, so a limit cannot be 20 in one
// file and 50 in another. A refusal is a LimitError (refusal code `over_limit`, src/refusals.ts) naming the limit;
// the sentence a person reads is in the locale files (src/discord/locales, `limits`), keyed by that name.
import { RefusalError } from './errors.ts';

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
  /** Words an account bans from its posts (the quality checks flag a draft holding one). */
  bannedWords: 50,
  bannedWordChars: 30,
  /** The account's voice (/account settings). */
  personaChars: 500,
  closingLineChars: 200,
  bannedPhrases: 30,
  bannedPhraseChars: 50,
  styleExamples: 3,
  aiDisclosureChars: 200,
} as const;

export type LimitName = keyof typeof LIMITS;

export interface LimitParams {
  limit: LimitName;
  max: number;
  /** What was given (a count, a length or a number), when there is one. */
  given?: number;
  /** 1-based position in a list (topic 3 of a pool, keyword 2), when the list has more than one entry. */
  position?: number;
}

/** A bound was crossed. Nothing was changed; the locale files say it in the user's language. */
export class LimitError extends RefusalError {
  declare readonly code: 'over_limit';
  declare readonly params: LimitParams;
  constructor(limit: LimitName, given?: number, position?: number) {
    const params: LimitParams = { limit, max: LIMITS[limit] };
    if (given !== undefined) params.given = given;
    if (position) params.position = position;
    super('over_limit', params, 'user_input');
  }

  get limit(): LimitName {
    return this.params.limit;
  }
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

/**
 * Characters no one types on purpose and PostgreSQL may refuse: C0 controls except tab and line breaks, DEL,
 * the C1 controls and lone surrogates. Typed text holding one is refused (discord/typed-text.ts); a Gemini
 * answer holding one is cleaned (generation/gemini/answer.ts). One pattern, so the two cannot drift.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
export const UNSTORABLE_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
