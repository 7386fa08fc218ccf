// What the Discord surface (and the scheduler) may ask of the domain. Implemented by src/service.ts.
// Every method checks that the account is linked to `actor.channelId` and throws UserInputError /
// ForbiddenError with the one sentence to show; nothing is changed when it throws.
import type { Article } from './article.ts';
import type { Visibility } from './ports.ts';

export interface Actor {
  /** Discord user id (or `scheduler` / `system`). */
  userId: string;
  /** The channel the command or button came from. */
  channelId: string;
  guildId?: string | null;
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

export interface MessageRef {
  channelId: string;
  messageId: string;
}

export interface BlogAutopilotService {
  // accounts
  addAccount(input: { blogId: string; label?: string | null }, actor: Actor): Promise<AccountSummary>;
  linkAccount(accountRef: string, actor: Actor): Promise<AccountSummary>;
  unlinkAccount(accountRef: string, actor: Actor): Promise<AccountSummary>;
  listAccounts(channelId: string): Promise<AccountSummary[]>;
  /** For autocomplete: at most 25, matching `query` against blog id or label. */
  searchAccounts(channelId: string, query: string): Promise<AccountSummary[]>;
  setCredentials(accountRef: string, credentials: { username: string; password: string }, actor: Actor): Promise<void>;
  /** Accepts a Playwright storageState or a browser cookie-list export. */
  importSession(accountRef: string, json: unknown, actor: Actor): Promise<{ cookies: number }>;
  updateSettings(accountRef: string, settings: AccountSettingsInput, actor: Actor): Promise<AccountSummary>;
  /** Role ids that may approve for this account (besides Manage Server). */
  approverRoles(accountId: string): Promise<string[]>;
  /** One dead letter, if it belongs to an account linked to the actor's channel. */
  getDeadLetter(id: string, actor: Actor): Promise<DeadLetterSummary & { resolved: boolean }>;

  // drafts
  schedulePost(
    input: { accountRef: string; topic: string; keywords: string[]; publishAt: Date | null },
    actor: Actor,
  ): Promise<DraftSummary>;
  approve(draftId: string, actor: Actor): Promise<DraftSummary>;
  reject(draftId: string, actor: Actor): Promise<DraftSummary>;
  regenerate(draftId: string, actor: Actor, feedback?: string): Promise<DraftSummary>;
  edit(draftId: string, change: { title: string; bodyText: string }, actor: Actor): Promise<DraftSummary>;
  markPublished(draftId: string, actor: Actor, url?: string): Promise<DraftSummary>;
  publishAgain(draftId: string, actor: Actor): Promise<DraftSummary>;
  getDraft(draftId: string, actor: Actor): Promise<DraftSummary>;
  listDrafts(
    query: { channelId: string; accountRef?: string; status?: string; page: number; pageSize: number },
  ): Promise<{ drafts: DraftSummary[]; total: number }>;

  // queues and dead letters
  queueCounts(channelId: string, accountRef?: string): Promise<{ accounts: QueueCounts[]; deadLetters: number }>;
  listDeadLetters(channelId: string): Promise<DeadLetterSummary[]>;
  retryDeadLetter(id: string, actor: Actor): Promise<void>;
  discardDeadLetter(id: string, actor: Actor): Promise<void>;

  // recurring schedules (cron); `timezone` defaults to DEFAULT_TIMEZONE (Asia/Seoul)
  createSchedule(
    input: { accountRef: string; cron: string; topics: string[]; timezone?: string | null; keywords?: string[] },
    actor: Actor,
  ): Promise<ScheduleSummary>;
  listSchedules(channelId: string): Promise<ScheduleSummary[]>;
  removeSchedule(id: string, actor: Actor): Promise<ScheduleSummary>;
  pauseSchedule(id: string, actor: Actor): Promise<ScheduleSummary>;
  resumeSchedule(id: string, actor: Actor): Promise<ScheduleSummary>;

  // the Discord messages that show a draft (so the notifier can edit them as the draft moves)
  recordDraftMessage(draftId: string, ref: MessageRef): Promise<void>;
  draftMessages(draftId: string): Promise<MessageRef[]>;
}
