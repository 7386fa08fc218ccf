// Every refusal the domain can give, by code, with the parameters its sentence needs. The sentences themselves
// are in the locale files (src/discord/locales, `refusals`), one per code in every language, so the domain never
// builds a sentence a person reads and a code without a sentence does not compile.
import { RefusalError } from './errors.ts';
import type { LimitParams } from './limits.ts';

type None = Record<string, never>;

/** What is wrong with a browser session file (accounts/session-import.ts), where, and why. */
export type SessionProblem =
  | { code: 'notSession' }
  | { code: 'noCookies' }
  | { code: 'tooManyCookies'; count: number; max: number }
  | { code: 'cookieNotObject'; n: number }
  | { code: 'cookieName'; n: number }
  | { code: 'cookieValue'; n: number; name: string }
  | { code: 'cookieDomain'; n: number; name: string; domain: string }
  | { code: 'cookiePath'; n: number; name: string; path: string }
  | { code: 'cookieExpires'; n: number; name: string }
  | { code: 'cookieExpired'; n: number; name: string; expires: number }
  | { code: 'cookieSameSite'; n: number; name: string; sameSite: string }
  | { code: 'cookieFlag'; n: number; name: string; field: string }
  | { code: 'originsNotList' }
  | { code: 'tooManyOrigins'; count: number; max: number }
  | { code: 'originMalformed'; n: number }
  | { code: 'originUrl'; n: number; origin: string }
  | { code: 'tooManyStorageItems'; n: number; origin: string; max: number };

/** What a channel can name: an account, a draft, a dead letter or a schedule. */
export type ChannelThing = 'account' | 'draft' | 'dead_letter' | 'schedule';

export interface Refusals {
  /** Missing, or of an account not linked to this channel (another channel, another server): one answer. */
  not_here: { thing: ChannelThing; ref: string };
  /** Scheduling for an auto-approving account publishes with no human in between. */
  approver_required: { blogId: string };
  /** DRAFT_REQUESTS_PER_MEMBER_HOUR reached; `retryAt` is when a slot frees. */
  draft_request_limit: { limit: number; retryAt: Date };
  guild_only: None;
  // Accounts
  blog_id_invalid: None;
  account_gone: None;
  account_already_linked: { blogId: string };
  account_disabled: { blogId: string };
  login_incomplete: None;
  password_too_long: { max: number };
  approver_role_invalid: None;
  // The login relay (a person answering NAVER's question)
  login_relay_ended: None;
  login_relay_other_account: None;
  login_relay_not_asking: None;
  login_relay_busy: None;
  login_relay_answer_invalid: { max: number };
  /** A style example that is not a published post of the account. */
  style_example_unknown: { ref: string };
  /** A bound of src/limits.ts was crossed; the locales say it per limit (`limits`). */
  over_limit: LimitParams;
  /** A browser session file was refused; the locales say it per problem (`sessionFile`). */
  session_file: SessionProblem;
  // Drafts
  draft_gone: { draftId: string };
  topic_empty: None;
  topics_none: None;
  topic_placeholder_unknown: { token: string; position?: number };
  publish_at_past: None;
  draft_status_unknown: { status: string; known: readonly string[] };
  post_url_invalid: None;
  edit_not_pending: { status: string };
  /** Pictures (issue 13): a file that is not a picture we take, too big or unreadable; too many; a slot not there. */
  photo_refused: { n: number; fileName: string; problem: 'type' | 'too_large' | 'corrupt' | 'heic' | 'download' };
  too_many_photos: { max: number; given: number };
  image_slot_unknown: { slot: number };
  images_not_pending: { status: string };
  /** /account settings image_count: a range like 4-8 within 0 to `max`. */
  image_count_invalid: { max: number };
  image_style_too_long: { max: number };
  // Reports
  /** /report covers 1 to `max` weeks. */
  report_weeks: { max: number; given: number };
  /** The weekly message needs a day (or off) when an hour is given. */
  weekly_report_day_missing: None;
  /** An hour outside 0–23 or a day that is not a weekday. */
  weekly_report_invalid: None;
  edit_invalid: { field: 'title' | 'body'; reason: string };
  edit_conflict: None;
  /** Only a written draft that has not gone out yet can be previewed. */
  preview_not_available: { status: string };
  /** /account check without an account, in a channel with no account that can log in to NAVER. */
  check_no_account: None;
  /** Preview and /account check need the browser, which waits while the account needs a login. */
  browser_needs_login: { blogId: string };
  // Dead letters
  dead_letter_resolved: { resolution: string | null };
  queue_not_retried: { queue: string };
  // Recurring schedules
  cron_empty: None;
  cron_invalid: { expression: string; why: string };
  cron_never_fires: { expression: string };
  cron_too_frequent: { minutes: number };
  timezone_unknown: { zone: string };
  timezone_offset: { zone: string };
}

export type RefusalCode = keyof Refusals;

/** Codes whose sentence needs nothing take no parameters. */
type ParamsArg<C extends RefusalCode> = Record<string, never> extends Refusals[C] ? [params?: Refusals[C]] : [params: Refusals[C]];

/** The user asked for something that cannot be done as asked. */
export class UserInputError<C extends RefusalCode = RefusalCode> extends RefusalError {
  declare readonly code: C;
  declare readonly params: Refusals[C];
  constructor(code: C, ...[params]: ParamsArg<C>) {
    super(code, params ?? {}, 'user_input');
  }
}

/** The actor may not touch this account, draft, schedule or dead letter from where they are. */
export class ForbiddenError<C extends RefusalCode = RefusalCode> extends RefusalError {
  declare readonly code: C;
  declare readonly params: Refusals[C];
  constructor(code: C, ...[params]: ParamsArg<C>) {
    super(code, params ?? {}, 'forbidden');
  }
}

/** The named thing does not exist (or is not visible from this channel). */
export class NotFoundError<C extends RefusalCode = RefusalCode> extends RefusalError {
  declare readonly code: C;
  declare readonly params: Refusals[C];
  constructor(code: C, ...[params]: ParamsArg<C>) {
    super(code, params ?? {}, 'not_found');
  }
}

/**
 * The named thing is not visible from this channel: it does not exist, or it belongs to an account that is
 * not linked here (another channel, another server). One answer for both, so nobody learns what exists.
 */
export class NotHereError extends NotFoundError<'not_here'> {
  readonly thing: ChannelThing;
  readonly ref: string;
  constructor(thing: ChannelThing, ref: string) {
    super('not_here', { thing, ref });
    this.thing = thing;
    this.ref = ref;
  }
}

/** Scheduling for an auto-approving account publishes with no human in between: it needs an approver. */
export class ApproverRequiredError extends ForbiddenError<'approver_required'> {
  constructor(blogId: string) {
    super('approver_required', { blogId });
  }
}

/** A member asked for more drafts in one channel than DRAFT_REQUESTS_PER_MEMBER_HOUR allows. */
export class DraftRequestLimitError extends RefusalError {
  constructor(limit: number, retryAt: Date) {
    super('draft_request_limit', { limit, retryAt }, 'rate_limited');
  }
}
