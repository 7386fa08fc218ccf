// What the checks after publishing ask of the browser (a visitor's view of a post) and of NAVER search, and
// the weekly picture of a channel's accounts (ports.ts re-exports these).
import type { Queue } from 'bullmq';

/** The shared checks queue as the domain uses it (checks/checks-queue.ts builds it). */
export interface CheckScheduler {
  readonly queue: Queue;
  readonly searchOn: boolean;
  readonly delaysMs: readonly number[];
  /** One live check now, search checks at each delay after `publishedAt`; adding them twice adds nothing. */
  afterPublished(draftId: string, publishedAt: Date): Promise<void>;
  /** Two late looks after a post was found missing from search (no second alert). */
  afterMissing(draftId: string, publishedAt: Date): Promise<void>;
}

export interface VisitorViewRequest {
  accountId: string;
  draftId: string;
  url: string;
  title: string;
}

export interface VisitorView {
  live: boolean;
  /** Why not: `http_<status>`, `login_required`, `title_missing`. */
  reason?: string;
  /** What the page said instead (its visible text, clipped), when not live. */
  pageText?: string;
  screenshotPath?: string;
}

// ── Something that searches NAVER's blog index ──────────────────────────────────────────────────────
export interface BlogSearchHit {
  /** The result's `link`. */
  link: string;
  /** 1-based place in the results. */
  position: number;
}

export interface BlogSearch {
  /**
   * The first results of NAVER blog search for `query`. Throws RetryableError (429 with `search_rate_limited`,
   * 5xx, network) or PermanentError (`search_auth`: the keys are refused).
   */
  search(query: string, signal: AbortSignal): Promise<BlogSearchHit[]>;
}

export interface AccountReport {
  accountId: string;
  blogId: string;
  label: string | null;
  /** Posts published on each day of `ChannelReport.days`, in the same order. */
  publishedPerDay: number[];
  published: number;
  /** Waiting for approval or approved and not yet published, now. */
  waiting: number;
  /** Drafts that failed (writing or publishing) in the period. */
  failures: number;
  /** Jobs that failed for good in the period. */
  deadLetters: number;
  /** The period's posts whose search check decided (found or missing), and those found. */
  searchDecided: number;
  searchFound: number;
}

export interface ChannelReport {
  from: Date;
  to: Date;
  timezone: string;
  /** `yyyy-MM-dd`, oldest first. */
  days: string[];
  accounts: AccountReport[];
}
