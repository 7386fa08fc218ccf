// What the checks after publishing, the preview and the editor check tell the channels (the shapes inside
// ports.ts's Notification; ports.ts re-exports them).
export interface PostChecksView {
  live: string | null;
  liveCheckedAt: Date | null;
  liveDetail: string | null;
  search: string | null;
  searchCheckedAt: Date | null;
  searchFoundAt: Date | null;
  searchPosition: number | null;
  /** When the post was published, to say how long after it was found. */
  publishedAt: Date | null;
}

/** A published post the channel must hear about (not open to visitors, or missing from search). */
export interface PostAlert {
  draftId: string;
  accountId: string;
  blogId: string;
  channelIds: string[];
  title: string;
  url: string;
}

/** Where a draft's preview stands, as its card shows it. */
export interface DraftPreviewState {
  status: 'queued' | 'done' | 'failed';
  /** When the screenshot was taken (done or failed). */
  takenAt: Date | null;
  /** The draft (or its account's category or visibility) changed since the preview was taken. */
  stale: boolean;
  failedStep: string | null;
  errorClass: string | null;
}

/** A finished preview: the screenshot for the draft's message, or the step that failed (like a failed publish). */
export interface PreviewNotice {
  draftId: string;
  accountId: string;
  blogId: string;
  channelIds: string[];
  title: string;
  ok: boolean;
  takenAt: Date;
  screenshotPath: string | null;
  failedStep: string | null;
  errorClass: string | null;
  errorMessage: string | null;
}

/** What the editor check found, step by step, for the channel that asked (or the daily check's alert). */
export interface EditorCheckNotice {
  kind: 'manual' | 'daily';
  /** manual: the result; daily: broken (newly or differently), fixed, or changed (a selector moved). */
  alert: 'result' | 'broken' | 'fixed' | 'changed';
  channelIds: string[];
  blogId: string;
  ok: boolean;
  steps: DryRunStep[];
  failedStep: string | null;
  errorClass: string | null;
  message: string | null;
  /** Accounts whose posts may fail (daily alerts), per channel. */
  accountsByChannel?: Record<string, string[]>;
  /** Channels that may see the screenshot (those linked to the account checked). */
  screenshotChannelIds: string[];
  screenshotPath: string | null;
  ranAt: Date;
}

export interface DryRunStep {
  /** A fill step (publishing/naver/fill-steps.ts): login, write_page, title, body, images, publish_layer, category, tags, visibility. */
  step: string;
  outcome: 'ok' | 'failed' | 'skipped' | 'not_tried';
  /** The selector that found the step's element; `fallback` when it was not the first choice. */
  selector?: string;
  fallback?: boolean;
  detail?: string;
  errorClass?: string;
  message?: string;
}
