// The three narrow ports the domain talks through. Adapters: generation/ (Gemini), publishing/ (NAVER via
// Playwright), discord/ (the channel). Tests put in-memory fakes behind the same interfaces.
import type { Article } from './article.ts';

// ── Something that writes an article ────────────────────────────────────────────────────────────────
export interface AccountProfile {
  blogId: string;
  label: string | null;
  /** Tone or persona the account writes in, free text from /account settings. */
  tone: string | null;
  defaultTags: string[];
  category: string | null;
  /** BCP-47 language of the blog; `ko` by default. */
  language: string;
}

export interface WriteRequest {
  account: AccountProfile;
  topic: string;
  keywords: string[];
  /** What a human asked for when pressing Regenerate or saving an Edit. */
  feedback?: string;
  /** The draft being replaced, when regenerating. */
  previous?: Article;
}

export interface TokenUsage {
  promptTokens: number;
  outputTokens: number;
  totalTokens: number;
}

export interface WrittenArticle {
  article: Article;
  model: string;
  usage: TokenUsage;
}

export interface ArticleWriter {
  /** Throws RetryableError / PermanentError (see errors.ts); must stop promptly when `signal` aborts. */
  write(request: WriteRequest, signal: AbortSignal): Promise<WrittenArticle>;
}

// ── Something that publishes one ────────────────────────────────────────────────────────────────────
export type Visibility = 'public' | 'neighbors' | 'private';

export interface PublishRequest {
  accountId: string;
  blogId: string;
  draftId: string;
  article: Article;
  visibility: Visibility;
  category: string | null;
  /**
   * logNos of the account's posts this service published before. When looking for the post of an unknown
   * outcome, an older post with the same title is one of these, never the answer.
   */
  knownLogNos?: string[];
}

export interface PublishResult {
  logNo: string;
  url: string;
  /** A screenshot of the published post, when one was taken. */
  screenshotPath?: string;
}

export interface PublishOptions {
  signal: AbortSignal;
  /**
   * Called (and awaited) right before the final publish click. After it has run, the outcome of a failure is
   * unknown: the post may exist. The domain records it so that a crash is never followed by a blind retry.
   */
  beforeSubmit: () => Promise<void>;
  /** When NAVER asks a human question while logging in, this brings it to a person (see LoginRelay). */
  relay?: OpenRelay;
}

// ── A person answering NAVER's login questions (the login relay) ───────────────────────────────────────
/** What NAVER asks: a captcha, a 2-step code (`otp`), an approval in the NAVER app (`app`), a new device. */
export type HumanQuestionKind = 'captcha' | 'otp' | 'app' | 'new_device';

export interface HumanQuestion {
  kind: HumanQuestionKind;
  /** A screenshot cropped to the question (PNG). */
  image: Buffer | null;
  /** NAVER's own words for the question, when the page has them. */
  text: string | null;
  /** 1 for the first question of its kind, 2 after a wrong answer, and so on. */
  round: number;
}

/** Typed text (captcha, code), or the choice on the new-device question. Never logged, never stored. */
export type HumanAnswer = { kind: 'text'; value: string } | { kind: 'device'; register: boolean };

export interface LoginRelay {
  /**
   * Shows the question in the account's channels and waits for a person's answer. Rejects with the error the
   * login must end with when the relay ends first (timeout, Cancel, shutdown).
   */
  ask(question: HumanQuestion): Promise<HumanAnswer>;
  /** Shows a question answered outside Discord (app approval); `signal` says when to stop waiting for it. */
  show(question: HumanQuestion): Promise<void>;
  /** The answer is being tried on NAVER. */
  checking(): Promise<void>;
  /** The login went through (session saved) or failed for a reason no answer can fix. */
  finish(outcome: { loggedIn: true } | { loggedIn: false; reason: string }): Promise<void>;
  /** Aborted when the relay ends without a login; its reason is the error to end with. */
  readonly signal: AbortSignal;
}

/** Opens the relay of one login, on the first question NAVER asks. */
export type OpenRelay = () => Promise<LoginRelay>;

export interface LoginRequest {
  accountId: string;
  blogId: string;
}

export interface ArticlePublisher {
  /**
   * Throws NeedsLoginError (a human must log in), RetryableError, PermanentError; on failure it may attach
   * `screenshotPath` to the error (see `screenshotOf`).
   */
  publish(request: PublishRequest, options: PublishOptions): Promise<PublishResult>;
  /**
   * After an unknown outcome: looks on the blog for the draft's post. Returns it, or null when the blog
   * answered and the post is not there. Throws when the blog cannot be read (undecidable).
   */
  findPublished(request: PublishRequest, signal: AbortSignal): Promise<PublishResult | null>;
  /**
   * Logs in with the stored credentials from a fresh browser (no saved session) and saves the new session:
   * `/account login` right away. Throws NeedsLoginError as `publish` does.
   */
  login?(request: LoginRequest, options: { signal: AbortSignal; relay?: OpenRelay }): Promise<void>;
  /** Browser contexts open now (a metric; publishers without a browser leave it out). */
  contextsInUse?(): number;
  close(): Promise<void>;
}

/** Where stored browser sessions and credentials come from (encrypted at rest; see accounts/secrets.ts). */
export interface SessionStore {
  loadSession(accountId: string): Promise<unknown | null>;
  saveSession(accountId: string, storageState: unknown): Promise<void>;
  loadCredentials(accountId: string): Promise<{ username: string; password: string } | null>;
}

/** A failure screenshot travels on the error object. */
export function screenshotOf(err: unknown): string | undefined {
  const path = (err as { screenshotPath?: unknown } | null)?.screenshotPath;
  return typeof path === 'string' ? path : undefined;
}

// ── Something that tells the channel ────────────────────────────────────────────────────────────────
export interface DraftNotice {
  draftId: string;
  accountId: string;
  blogId: string;
  accountLabel: string | null;
  /** Every channel linked to the account. */
  channelIds: string[];
  status: string;
  topic: string;
  title: string | null;
  article: Article | null;
  publishAt: Date | null;
  publishedUrl: string | null;
  errorClass: string | null;
  errorMessage: string | null;
  screenshotPath: string | null;
  /** Discord user id, or `system` / `scheduler`. */
  actor: string;
  /** The DraftEvent action that caused this notice (submitted, approved, published, ...). */
  action: string;
}

export type Notification =
  | { kind: 'draft'; draft: DraftNotice }
  | {
      kind: 'dead_letter';
      deadLetterId: string;
      queue: string;
      accountId: string | null;
      blogId: string | null;
      draftId: string | null;
      channelIds: string[];
      errorClass: string;
      errorMessage: string;
      attempts: number;
      screenshotPath: string | null;
    }
  | {
      kind: 'needs_login';
      accountId: string;
      blogId: string;
      channelIds: string[];
      reason: string;
      message: string;
    }
  | LoginRelayNotice;

/** One login relay's message: posted on its first question, then edited in place as the login moves on. */
export interface LoginRelayNotice {
  kind: 'login_relay';
  relayId: string;
  accountId: string;
  blogId: string;
  channelIds: string[];
  step: HumanQuestionKind | 'checking' | 'logged_in' | 'failed' | 'timed_out' | 'cancelled' | 'stopped';
  question: HumanQuestion | null;
  /** When the relay stops waiting. */
  expiresAt: Date;
  /** Discord user id of who answered or cancelled. */
  by: string | null;
  /** Why a login failed (a NeedsLoginError reason). */
  reason: string | null;
}

export interface Notifier {
  /** Must not throw for delivery problems: a lost channel message never fails a job. */
  notify(notification: Notification): Promise<void>;
}
