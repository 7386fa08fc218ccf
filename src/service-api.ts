// What the Discord surface may ask of the domain. Implemented by src/service.ts.
// Every method checks that the account is linked to `actor.channelId` and throws a refusal (src/refusals.ts:
// a code and its parameters, which the locale files turn into the sentence to show); nothing is changed then. A
// thing not visible from the channel (missing, or of an account not linked there) is always NotHereError.
import type { Article } from './article.ts';
import type { LoadedDraft } from './channel-scope.ts';
import type { ChannelReport } from './check-shapes.ts';
import type { WeeklyReportSetting } from './reports/weekly.ts';

export type { ChannelReport } from './check-shapes.ts';
import type { DraftPreviewState, HumanAnswer, Visibility } from './ports.ts';
import type { QualityReport } from './draft-checks.ts';
import type { UploadedPhoto } from './image-shapes.ts';
export type { UploadedPhoto } from './image-shapes.ts';

export interface Actor {
  /** Discord user id (or `scheduler` / `system`). */
  userId: string;
  /** The channel the command or button came from. */
  channelId: string;
  guildId?: string | null;
  /** Whether the member holds Manage Server in that channel (as Discord computed it for the interaction). */
  manageServer?: boolean;
  /** The member's role ids in that server. */
  roleIds?: readonly string[];
}

export interface AccountSummary {
  id: string;
  blogId: string;
  label: string | null;
  status: 'active' | 'needs_login' | 'paused' | 'disabled';
  autoApprove: boolean;
  visibility: Visibility;
  category: string | null;
  tone: string | null;
  dailyCap: number;
  /** Publishing hours in the account's time zone: from allowedHourStart:00 until allowedHourEnd:00. */
  allowedHourStart: number;
  allowedHourEnd: number;
  minIntervalMinutes: number;
  jitterMinutes: number;
  defaultTags: string[];
  hasCredentials: boolean;
  hasSession: boolean;
  approverRoleIds: string[];
  bannedWords?: string[];
  grounding?: boolean;
  referencesBlock?: boolean;
  persona?: string | null;
  closingLine?: string | null;
  bannedPhrases?: string[];
  styleExampleIds?: string[];
  aiDisclosure?: string | null;
  /** Pictures (issue 13): none | photos | generated | photos+generated, how many per post, the style sentence. */
  imagesMode?: string;
  imagesMin?: number;
  imagesMax?: number;
  imageStyle?: string | null;
}

export interface AccountSettingsInput {
  autoApprove?: boolean;
  dailyCap?: number;
  visibility?: Visibility;
  category?: string | null;
  tone?: string | null;
  defaultTags?: string[];
  allowedHourStart?: number;
  allowedHourEnd?: number;
  minIntervalMinutes?: number;
  /** Each publish is delayed by a random 0 to this many minutes (never earlier than the pacing allows). */
  jitterMinutes?: number;
  /** Discord roles whose members may approve (besides Manage Server): added to / removed from the list. */
  approverRoles?: { add?: string[]; remove?: string[] };
  /** Words the account's posts must not contain (replaces the list; empty clears it). */
  bannedWords?: string[];
  /** Write with Google Search grounding; end posts with a "참고" block of their sources. */
  grounding?: boolean;
  referencesBlock?: boolean;
  /** The voice: persona, closing line and AI disclosure (null clears), banned phrases, style examples (draft
   * ids or published post addresses of the account; the lists replace the old ones, empty clears them). */
  persona?: string | null;
  closingLine?: string | null;
  bannedPhrases?: string[];
  styleExamples?: string[];
  aiDisclosure?: string | null;
  images?: string;
  /** A range (min = max for one number); 0 to IMAGE_SLOTS_MAX. */
  imageCount?: { min: number; max: number };
  imageStyle?: string | null;
}

export interface DraftSummary {
  id: string;
  accountId: string;
  blogId: string;
  status: string;
  topic: string;
  title: string | null;
  article: Article | null;
  publishAt: Date | null;
  publishedUrl: string | null;
  createdAt: Date;
  lastError: string | null;
  /** The latest preview in NAVER's editor, if any. */
  preview?: DraftPreviewState | null;
  /** What the quality checks found (null before they ran), and the checks that failed. */
  checks?: QualityReport | null;
  flags?: string[];
}

export interface QueueCounts {
  accountId: string;
  blogId: string;
  generate: { waiting: number; active: number; delayed: number; failed: number };
  publish: { waiting: number; active: number; delayed: number; failed: number };
}

export interface DeadLetterSummary {
  id: string;
  queue: string;
  accountId: string | null;
  blogId: string | null;
  draftId: string | null;
  errorClass: string;
  errorMessage: string;
  attempts: number;
  createdAt: Date;
}

export interface ScheduleSummary {
  id: string;
  accountId: string;
  blogId: string;
  channelId: string;
  cron: string;
  timezone: string;
  topics: string[];
  enabled: boolean;
  lastFireAt: Date | null;
  /** The next fire instants (UTC Date objects; render them in `timezone`). */
  nextFires: Date[];
}

/** A draft loaded from the actor's channel (`openDraft`); the Discord side reads its summary and approver roles. */
export type DraftInHand = LoadedDraft;
/** A draft id, or the draft already in hand. */
export type DraftRef = string | DraftInHand;

export interface BlogAutopilotService {
  // accounts
  addAccount(input: { blogId: string; label?: string | null }, actor: Actor): Promise<AccountSummary>;
  linkAccount(accountRef: string, actor: Actor): Promise<AccountSummary>;
  /** `forgotLogin`: that was the last channel, so the stored login and browser session were deleted. */
  unlinkAccount(accountRef: string, actor: Actor): Promise<AccountSummary & { forgotLogin: boolean }>;
  listAccounts(channelId: string): Promise<AccountSummary[]>;
  /**
   * For autocomplete: at most 25 of the channel's accounts, matching `query` against blog id or label; with
   * `linkable`, those of that server that this channel does not have yet (for /account link).
   */
  searchAccounts(channelId: string, query: string, linkable?: { guildId: string }): Promise<AccountSummary[]>;
  setCredentials(accountRef: string, credentials: { username: string; password: string }, actor: Actor): Promise<void>;
  /** Accepts a Playwright storageState or a browser cookie-list export. */
  importSession(accountRef: string, json: unknown, actor: Actor): Promise<{ cookies: number }>;
  updateSettings(accountRef: string, settings: AccountSettingsInput, actor: Actor): Promise<AccountSummary>;
  /** Queues the editor check with the account (or the channel's first one with a login); the worker answers the channel. */
  checkEditor(accountRef: string | null, actor: Actor): Promise<{ blogId: string }>;
  /** A login relay still waiting, as this channel may see it (refused when it ended or is another account's). */
  openLoginRelay(ref: { accountId: string; relayId: string }, actor: Actor): Promise<{ asking: 'text' | 'device' | null; step: string }>;
  /** Hands a person's answer to the process whose browser waits on NAVER's question. */
  answerLoginRelay(ref: { accountId: string; relayId: string }, answer: HumanAnswer, actor: Actor): Promise<void>;
  cancelLoginRelay(ref: { accountId: string; relayId: string }, actor: Actor): Promise<void>;
  /** Role ids that may approve for this account (besides Manage Server). */
  approverRoles(accountId: string): Promise<string[]>;
  /** One dead letter, if it belongs to an account linked to the actor's channel. */
  getDeadLetter(id: string, actor: Actor): Promise<DeadLetterSummary & { resolved: boolean }>;

  // drafts
  schedulePost(
    input: { accountRef: string; topic: string; keywords: string[]; publishAt: Date | null; photos?: UploadedPhoto[] },
    actor: Actor,
  ): Promise<DraftSummary>;
  /** Pictures on the card (issue 13): the team's photos added, one generated image made again, one left out. */
  addPhotos(draft: DraftRef, photos: UploadedPhoto[], actor: Actor): Promise<number[]>;
  regenerateImage(draft: DraftRef, slot: number, actor: Actor): Promise<void>;
  dropImage(draft: DraftRef, slot: number, actor: Actor): Promise<void>;
  /**
   * The draft as the actor's channel sees it, loaded once for a click: a button handler checks the approver from
   * it and hands it to the verb, which then does not load it again (a draft id is resolved the same way).
   */
  openDraft(draftId: string, actor: Actor): Promise<DraftInHand>;
  /** The draft as approved, with `publishAt` the time pacing planned for it. */
  approve(draft: DraftRef, actor: Actor): Promise<DraftSummary>;
  reject(draft: DraftRef, actor: Actor): Promise<void>;
  regenerate(draft: DraftRef, actor: Actor, feedback?: string): Promise<void>;
  /** The draft as saved. */
  edit(draft: DraftRef, change: { title: string; bodyText: string }, actor: Actor): Promise<DraftSummary>;
  markPublished(draft: DraftRef, actor: Actor, url?: string): Promise<void>;
  publishAgain(draft: DraftRef, actor: Actor): Promise<void>;
  /** Queues a preview of the draft in NAVER's editor; `queued` false: one is already waiting. */
  preview(draft: DraftRef, actor: Actor): Promise<{ queued: boolean }>;
  getDraft(draftId: string, actor: Actor): Promise<DraftSummary>;
  listDrafts(
    query: { channelId: string; accountRef?: string; status?: string; flagged?: boolean; page: number; pageSize: number },
  ): Promise<{ drafts: DraftSummary[]; total: number }>;

  // queues and dead letters
  queueCounts(channelId: string, accountRef?: string): Promise<{ accounts: QueueCounts[]; deadLetters: number }>;
  listDeadLetters(channelId: string): Promise<DeadLetterSummary[]>;
  retryDeadLetter(id: string, actor: Actor): Promise<void>;
  discardDeadLetter(id: string, actor: Actor): Promise<void>;

  // reports
  /** The last `weeks` weeks (1–12) of the channel's accounts (or of one), days counted in `timezone`. */
  report(query: { channelId: string; accountRef?: string; weeks: number; timezone: string }): Promise<ChannelReport>;
  /** The channel's weekly report message: set (day 1–7 ISO, hour 0–23, default 9) or `off`; what is in force after. */
  setWeeklyReport(input: { weekday?: number | 'off'; hour?: number; timezone: string }, actor: Actor): Promise<WeeklyReportSetting | null>;

  // recurring schedules (cron); `timezone` defaults to DEFAULT_TIMEZONE (Asia/Seoul)
  createSchedule(
    input: { accountRef: string; cron: string; topics: string[]; timezone?: string | null; keywords?: string[] },
    actor: Actor,
  ): Promise<ScheduleSummary>;
  listSchedules(channelId: string): Promise<ScheduleSummary[]>;
  removeSchedule(id: string, actor: Actor): Promise<ScheduleSummary>;
  pauseSchedule(id: string, actor: Actor): Promise<ScheduleSummary>;
  resumeSchedule(id: string, actor: Actor): Promise<ScheduleSummary>;
}
