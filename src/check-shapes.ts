// What the checks after publishing ask of the browser (a visitor's view of a post) and of NAVER search
// (ports.ts re-exports these).

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
