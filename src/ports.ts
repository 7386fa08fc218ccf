// The three narrow ports the domain talks through. Adapters: generation/ (Gemini), publishing/ (NAVER via
// Playwright), discord/ (the channel). Tests put in-memory fakes behind the same interfaces.
import type { Article, PostImage } from './article.ts';
import type { NeedsLoginReason } from './errors.ts';
export type { PostImage } from './article.ts';
import type { ChannelReport } from './check-shapes.ts';
import type { DraftPreviewState, DryRunStep, EditorCheckNotice, PostAlert, PostChecksView, PreviewNotice } from './notice-shapes.ts';
import type { LoginRelayNotice, LoginRequest, OpenRelay } from './relay-shapes.ts';
export type { HumanAnswer, HumanQuestion, HumanQuestionKind, LoginRelay, LoginRelayNotice, LoginRequest, OpenRelay } from './relay-shapes.ts';

export type { DraftPreviewState, DryRunStep, EditorCheckNotice, PostAlert, PostChecksView, PreviewNotice } from './notice-shapes.ts';
import type { Grounding, QualityReport } from './draft-checks.ts';
export type { Grounding, Source } from './draft-checks.ts';
import type { VisitorView, VisitorViewRequest } from './check-shapes.ts';
import type { ImagePlan } from './image-shapes.ts';
export type { BlogSearch, BlogSearchHit, VisitorView, VisitorViewRequest } from './check-shapes.ts';

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
  /** Ground the facts in Google Search results (the account's `grounding` setting). */
  grounding?: boolean;
  /** The account's voice: who writes for whom, the line posts end with, phrases never to use, and up to three
   * of its published posts (trimmed) to match in style. */
  persona?: string | null;
  closingLine?: string | null;
  bannedPhrases?: string[];
  styleExamples?: Array<{ title: string; text: string }>;
}

export interface WriteRequest {
  account: AccountProfile;
  topic: string;
  keywords: string[];
  /** What a human asked for when pressing Regenerate or saving an Edit. */
  feedback?: string;
  /** The draft being replaced, when regenerating. */
  previous?: Article;
  /** Titles of the account's latest posts (recurring schedules), so the topic gets a new angle. */
  recentTitles?: string[];
  /** Titles of the account's posts the first version came too close to: write something clearly different. */
  avoidTitles?: string[];
  /** Where pictures go (issue 13); absent or max 0: no image blocks. */
  images?: ImagePlan;
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
  /** Present when the article was written with search grounding. */
  grounding?: Grounding;
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
  /** The pictures of the article's image blocks, by slot (issue 13). Every image block has one here. */
  images?: PostImage[];
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

/** A dry run of the editor: filled exactly as a publish would be, stopped before the final click, nothing saved. */
export interface DryRunRequest {
  accountId: string;
  blogId: string;
  /** The draft previewed, or `check` for the editor check; names the screenshot. */
  label: string;
  purpose: 'preview' | 'check';
  article: Article;
  visibility: Visibility;
  category: string | null;
  images?: PostImage[];
}

export interface DryRunResult {
  ok: boolean;
  steps: DryRunStep[];
  /** Full-page screenshot of the filled editor (or of the page where it failed). */
  screenshotPath?: string;
  /** The first step that failed. */
  failedStep?: string;
  errorClass?: string;
  message?: string;
  /** Save requests (autosave, temporary post, publish) the editor tried and the browser stopped. */
  savesBlocked: number;
  /** NAVER wanted a person to log in and no one finished it (`announced`: a login relay's message said so). */
  loginNeeded?: { reason: NeedsLoginReason; announced: boolean };
}

export interface ArticlePublisher {
  /**
   * Fills the editor like `publish`, stops before the final click, takes a full-page screenshot and leaves
   * without saving anything on NAVER. Step failures are in the result; throws only when aborted (timeout).
   * NAVER's questions during its login go through `relay` when one is given. Publishers without a browser leave it out.
   */
  dryRun?(request: DryRunRequest, signal: AbortSignal, options?: { relay?: OpenRelay }): Promise<DryRunResult>;
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
   * Opens the post as a visitor would: a fresh browser context with no session. Live when the title is on the
   * page. Throws RetryableError when the page could not be loaded at all. Publishers without a browser leave it out.
   */
  viewAsVisitor?(request: VisitorViewRequest, signal: AbortSignal): Promise<VisitorView>;
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
  /** What the checks after publishing found; null (or absent) before any. */
  afterPublish?: PostChecksView | null;
  /** The draft's latest preview in NAVER's editor, if one was asked for. */
  preview?: DraftPreviewState | null;
  /** What the quality checks found (null before they ran). */
  checks?: QualityReport | null;
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
  | (PostAlert & { kind: 'post_not_live'; reason: string; pageText: string | null; screenshotPath: string | null })
  | (PostAlert & { kind: 'search_missing'; query: string; checks: number; lastDelayMs: number })
  | { kind: 'weekly_report'; channelId: string; report: ChannelReport }
  | { kind: 'preview'; preview: PreviewNotice }
  | { kind: 'editor_check'; check: EditorCheckNotice }
  | {
      kind: 'needs_login';
      accountId: string;
      blogId: string;
      channelIds: string[];
      reason: string;
      message: string;
    }
  | LoginRelayNotice;

export interface Notifier {
  /** Must not throw for delivery problems: a lost channel message never fails a job. */
  notify(notification: Notification): Promise<void>;
}
