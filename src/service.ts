// The domain's front door for the Discord surface and the scheduler. Every method checks that the account
// is linked to the actor's channel; a refusal throws a typed error whose message is the one sentence to show,
// and changes nothing.
import type { Db, Prisma } from './db/client.ts';
import type { Logger } from './logging.ts';
import { articleSchema, normalizeTag, textToBlocks } from './article.ts';
import { ForbiddenError, NotFoundError, UserInputError, IllegalTransitionError } from './errors.ts';
import { transition, recordEvent } from './drafts/state-machine.ts';
import { articleOf } from './drafts/notices.ts';
import type { Pipeline } from './pipeline/pipeline.ts';
import type { PrismaSessionStore } from './accounts/session-store.ts';
import { normaliseSession } from './accounts/session-import.ts';
import { retryDeadLetter } from './dead-letters/retry.ts';
import type {
  AccountSettingsInput,
  AccountSummary,
  Actor,
  BlogAutopilotService,
  DeadLetterSummary,
  DraftSummary,
  MessageRef,
  QueueCounts,
  ScheduleSummary,
} from './service-api.ts';
import type { Account, DeadLetter, Draft } from './generated/prisma/client.ts';
import type { DraftStatus } from './drafts/state-machine.ts';
import { checkKeywords, checkLength, checkTopic, checkWhole, LIMITS, LimitError } from './limits.ts';
const BLOG_ID = /^[A-Za-z0-9_-]{3,30}$/;

/** The recurring-schedule half of the service (scheduling/). */
export interface ScheduleCommands {
  createSchedule(
    input: { accountId: string; channelId: string; cron: string; topics: string[]; timezone?: string | null; keywords?: string[] },
    actor: Actor,
  ): Promise<ScheduleSummary>;
  listSchedules(accountIds: string[]): Promise<ScheduleSummary[]>;
  setEnabled(id: string, enabled: boolean, actor: Actor): Promise<ScheduleSummary>;
  remove(id: string, actor: Actor): Promise<ScheduleSummary>;
  find(id: string): Promise<{ accountId: string } | null>;
}

export interface ServiceOptions {
  db: Db;
  pipeline: Pipeline;
  sessions: PrismaSessionStore;
  logger: Logger;
  schedules?: ScheduleCommands;
  /** Hosts an imported browser session must hold cookies for (naver.com plus configured NAVER hosts). */
  sessionHosts?: string[];
}

export class AutopilotService implements BlogAutopilotService {
  constructor(private readonly o: ServiceOptions) {}

  private get db(): Db {
    return this.o.db;
  }

  // ── access ──────────────────────────────────────────────────────────────────────────────────────
  /** Resolves an account id or blog id as seen from a channel; refuses accounts not linked there. */
  async #account(ref: string, channelId: string): Promise<Account> {
    const account = await this.db.account.findFirst({ where: { OR: [{ id: ref }, { blogId: ref }] } });
    if (!account) throw new NotFoundError(`There is no account "${ref}"; add it with /account add.`);
    const link = await this.db.channelLink.findUnique({ where: { channelId_accountId: { channelId, accountId: account.id } } });
    if (!link) throw new ForbiddenError(`The account ${account.blogId} is not linked to this channel.`);
    return account;
  }

  async #draft(draftId: string, channelId: string): Promise<Draft & { account: Account }> {
    const draft = await this.db.draft.findUnique({ where: { id: draftId }, include: { account: true } });
    if (!draft) throw new NotFoundError('That draft no longer exists.');
    const link = await this.db.channelLink.findUnique({ where: { channelId_accountId: { channelId, accountId: draft.accountId } } });
    if (!link) throw new ForbiddenError('That draft belongs to an account that is not linked to this channel.');
    return draft;
  }

  // ── accounts ────────────────────────────────────────────────────────────────────────────────────
  async addAccount(input: { blogId: string; label?: string | null }, actor: Actor): Promise<AccountSummary> {
    const blogId = input.blogId.trim().toLowerCase();
    if (!BLOG_ID.test(blogId)) throw new UserInputError('A NAVER blog id is 3–30 letters, digits, - or _ (the part after blog.naver.com/).', '네이버 블로그 아이디는 영문, 숫자, -, _ 로 된 3~30자입니다(blog.naver.com/ 뒤의 부분).');
    const label = checkLength('labelChars', input.label?.trim() ?? '') || null;
    const existing = await this.db.account.findUnique({ where: { blogId }, include: { channels: true } });
    if (existing) {
      if (existing.channels.some((c) => c.channelId === actor.channelId)) throw new UserInputError(`The account ${blogId} is already linked to this channel.`, `${blogId} 계정은 이미 이 채널에 연결되어 있습니다.`);
      if (!existing.channels.some((c) => c.guildId && c.guildId === actor.guildId)) {
        throw new ForbiddenError(`The account ${blogId} is managed by another server; ask its admins to link it.`);
      }
      await this.db.channelLink.create({ data: { channelId: actor.channelId, guildId: actor.guildId ?? null, accountId: existing.id, createdBy: actor.userId } });
      return summary(existing);
    }
    const account = await this.db.account.create({
      data: { blogId, label, channels: { create: { channelId: actor.channelId, guildId: actor.guildId ?? null, createdBy: actor.userId } } },
    });
    this.o.logger.info({ accountId: account.id, blogId, by: actor.userId }, 'account added');
    return summary(account);
  }

  async linkAccount(accountRef: string, actor: Actor): Promise<AccountSummary> {
    const account = await this.db.account.findFirst({ where: { OR: [{ id: accountRef }, { blogId: accountRef.toLowerCase() }] }, include: { channels: true } });
    if (!account) throw new NotFoundError(`There is no account "${accountRef}"; add it with /account add.`);
    if (account.channels.some((c) => c.channelId === actor.channelId)) throw new UserInputError(`The account ${account.blogId} is already linked to this channel.`, `${account.blogId} 계정은 이미 이 채널에 연결되어 있습니다.`);
    if (!account.channels.some((c) => c.guildId && c.guildId === actor.guildId)) {
      throw new ForbiddenError(`The account ${account.blogId} is not managed on this server.`);
    }
    await this.db.channelLink.create({ data: { channelId: actor.channelId, guildId: actor.guildId ?? null, accountId: account.id, createdBy: actor.userId } });
    return summary(account);
  }

  async unlinkAccount(accountRef: string, actor: Actor): Promise<AccountSummary> {
    const account = await this.#account(accountRef, actor.channelId);
    await this.db.channelLink.delete({ where: { channelId_accountId: { channelId: actor.channelId, accountId: account.id } } });
    // Schedules made from this channel stop with the link (and all of them once no channel is left), or they
    // would keep writing posts that nobody sees and nobody can stop.
    if (this.o.schedules) {
      const remaining = await this.db.channelLink.count({ where: { accountId: account.id } });
      const schedules = await this.o.schedules.listSchedules([account.id]);
      for (const s of schedules) {
        if (s.enabled && (remaining === 0 || s.channelId === actor.channelId)) await this.o.schedules.setEnabled(s.id, false, actor);
      }
    }
    return summary(account);
  }

  async listAccounts(channelId: string): Promise<AccountSummary[]> {
    const accounts = await this.db.account.findMany({ where: { channels: { some: { channelId } } }, orderBy: { blogId: 'asc' } });
    return accounts.map(summary);
  }

  async searchAccounts(channelId: string, query: string): Promise<AccountSummary[]> {
    const q = query.trim();
    const accounts = await this.db.account.findMany({
      where: {
        channels: { some: { channelId } },
        ...(q ? { OR: [{ blogId: { contains: q, mode: 'insensitive' } }, { label: { contains: q, mode: 'insensitive' } }] } : {}),
      },
      orderBy: { blogId: 'asc' },
      take: 25,
    });
    return accounts.map(summary);
  }

  async setCredentials(accountRef: string, credentials: { username: string; password: string }, actor: Actor): Promise<void> {
    const account = await this.#account(accountRef, actor.channelId);
    const username = credentials.username.trim();
    if (!username || !credentials.password) throw new UserInputError('Enter both the NAVER ID and the password.', '네이버 아이디와 비밀번호를 모두 입력해 주세요.');
    if (credentials.password.length > 16) throw new UserInputError('NAVER passwords are at most 16 characters; check the password and try again.', '네이버 비밀번호는 최대 16자입니다. 비밀번호를 확인하고 다시 시도해 주세요.');
    await this.o.sessions.saveCredentials(account.id, { username, password: credentials.password });
    this.o.logger.info({ accountId: account.id, by: actor.userId }, 'credentials stored');
    if (account.status === 'needs_login') await this.o.pipeline.resumeAccount(account.id);
  }

  async importSession(accountRef: string, json: unknown, actor: Actor): Promise<{ cookies: number }> {
    const account = await this.#account(accountRef, actor.channelId);
    const state = normaliseSession(json, this.o.sessionHosts);
    await this.o.sessions.saveSession(account.id, state);
    this.o.logger.info({ accountId: account.id, by: actor.userId, cookies: state.cookies.length }, 'browser session imported');
    if (account.status === 'needs_login') await this.o.pipeline.resumeAccount(account.id);
    return { cookies: state.cookies.length };
  }

  async updateSettings(accountRef: string, s: AccountSettingsInput, actor: Actor): Promise<AccountSummary> {
    const account = await this.#account(accountRef, actor.channelId);
    const data: Prisma.AccountUpdateInput = {};
    if (s.autoApprove !== undefined) data.autoApprove = s.autoApprove;
    if (s.dailyCap !== undefined) data.dailyCap = checkWhole('dailyCap', s.dailyCap);
    if (s.visibility !== undefined) data.visibility = s.visibility;
    if (s.category !== undefined) data.category = checkLength('categoryChars', s.category?.trim() ?? '') || null;
    if (s.tone !== undefined) data.tone = checkLength('toneChars', s.tone?.trim() ?? '') || null;
    if (s.defaultTags !== undefined) data.defaultTags = defaultTagsOf(s.defaultTags);
    if (s.allowedHourStart !== undefined || s.allowedHourEnd !== undefined) {
      const start = s.allowedHourStart ?? account.allowedHourStart;
      const end = s.allowedHourEnd ?? account.allowedHourEnd;
      // Pacing reads a window only when it ends after it starts; a window across midnight is refused, not ignored.
      if (![start, end].every((h) => Number.isInteger(h) && h >= 0 && h <= LIMITS.allowedHours) || start >= end) throw new LimitError('allowedHours');
      data.allowedHourStart = start;
      data.allowedHourEnd = end;
    }
    if (s.minIntervalMinutes !== undefined) data.minIntervalMinutes = checkWhole('minIntervalMinutes', s.minIntervalMinutes);
    if (s.jitterMinutes !== undefined) data.jitterMinutes = checkWhole('jitterMinutes', s.jitterMinutes);
    if (s.approverRoles) {
      const { add = [], remove = [] } = s.approverRoles;
      if ([...add, ...remove].some((r) => !/^\d{5,25}$/.test(r))) throw new UserInputError('Approver roles must be Discord roles.', '승인 역할은 디스코드 역할이어야 합니다.');
      const roles = new Set(account.approverRoleIds);
      for (const r of add) roles.add(r);
      for (const r of remove) roles.delete(r);
      if (roles.size > LIMITS.approverRoles) throw new LimitError('approverRoles', roles.size);
      data.approverRoleIds = [...roles];
    }
    const updated = await this.db.account.update({ where: { id: account.id }, data });
    return summary(updated);
  }

  async approverRoles(accountId: string): Promise<string[]> {
    const a = await this.db.account.findUnique({ where: { id: accountId }, select: { approverRoleIds: true } });
    return a?.approverRoleIds ?? [];
  }

  // ── drafts ──────────────────────────────────────────────────────────────────────────────────────
  async schedulePost(input: { accountRef: string; topic: string; keywords: string[]; publishAt: Date | null }, actor: Actor): Promise<DraftSummary> {
    const topic = checkTopic(input.topic);
    const keywords = checkKeywords(input.keywords);
    if (input.publishAt && input.publishAt.getTime() < Date.now() - 60_000) throw new UserInputError('The publish time is in the past; give a time from now on.', '발행 시각이 이미 지났습니다. 지금 이후의 시각을 입력해 주세요.');
    const account = await this.#account(input.accountRef, actor.channelId);
    if (account.status === 'disabled') throw new UserInputError(`The account ${account.blogId} is disabled.`, `${account.blogId} 계정은 사용 중지 상태입니다.`);
    const draft = await this.db.$transaction(async (tx) => {
      const d = await tx.draft.create({
        data: { accountId: account.id, topic, keywords, publishAt: input.publishAt, requestedBy: actor.userId, originChannelId: actor.channelId },
      });
      await recordEvent(tx, d.id, actor.userId, 'requested', { topic, keywords, publishAt: input.publishAt?.toISOString() ?? null });
      return d;
    });
    await this.o.pipeline.requestDraftGeneration(draft, { requestedBy: actor.userId, channelId: actor.channelId });
    return draftSummary({ ...draft, account });
  }

  async approve(draftId: string, actor: Actor): Promise<DraftSummary> {
    await this.#draft(draftId, actor.channelId);
    await this.#refuseIllegal(() => transition(this.db, { draftId, to: 'approved', from: ['pending_approval'], actor: actor.userId, action: 'approved' }), 'approved');
    await this.o.pipeline.enqueuePublish(draftId);
    await this.o.pipeline.notifyDraft(draftId, actor.userId, 'approved');
    return this.getDraft(draftId, actor);
  }

  async reject(draftId: string, actor: Actor): Promise<DraftSummary> {
    await this.#draft(draftId, actor.channelId);
    await this.#refuseIllegal(
      () => transition(this.db, { draftId, to: 'rejected', from: ['pending_approval', 'approved', 'generation_failed', 'publish_failed', 'publish_unconfirmed'], actor: actor.userId, action: 'rejected' }),
      'rejected',
    );
    await this.o.pipeline.notifyDraft(draftId, actor.userId, 'rejected');
    return this.getDraft(draftId, actor);
  }

  async regenerate(draftId: string, actor: Actor, feedback?: string): Promise<DraftSummary> {
    const draft = await this.#draft(draftId, actor.channelId);
    if (feedback) checkLength('feedbackChars', feedback);
    await this.#writeAgain(draft, actor, { from: ['pending_approval', 'generation_failed'], action: 'regenerated', verb: 'regenerated', feedback });
    await this.o.pipeline.notifyDraft(draftId, actor.userId, 'regenerated');
    return this.getDraft(draftId, actor);
  }

  async edit(draftId: string, change: { title: string; bodyText: string }, actor: Actor): Promise<DraftSummary> {
    const draft = await this.#draft(draftId, actor.channelId);
    if (draft.status !== 'pending_approval') throw new UserInputError(`Only a draft waiting for approval can be edited; this one is ${draft.status}.`, `승인 대기 중인 초안만 수정할 수 있습니다. 이 초안은 ${draft.status} 상태입니다.`);
    const parsed = articleSchema.safeParse({ title: change.title.trim(), blocks: textToBlocks(change.bodyText), tags: draft.tags });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path[0] === 'title' ? 'title' : 'body';
      throw new UserInputError(`The edited ${field} is not valid (${issue.message}); nothing was saved.`, `수정한 ${field === 'title' ? '제목' : '본문'}이(가) 올바르지 않아(${issue.message}) 저장하지 않았습니다.`);
    }
    const { count } = await this.db.$transaction(async (tx) => {
      const res = await tx.draft.updateMany({
        where: { id: draftId, status: 'pending_approval' },
        data: { title: parsed.data.title, body: parsed.data.blocks as unknown as Prisma.InputJsonValue },
      });
      if (res.count === 1) await recordEvent(tx, draftId, actor.userId, 'edited', { previousTitle: draft.title });
      return res;
    });
    if (count !== 1) throw new UserInputError('The draft changed while you were editing; nothing was saved.', '수정하는 동안 초안이 바뀌어 저장하지 않았습니다.');
    await this.o.pipeline.notifyDraft(draftId, actor.userId, 'edited');
    return this.getDraft(draftId, actor);
  }

  async markPublished(draftId: string, actor: Actor, url?: string): Promise<DraftSummary> {
    await this.#draft(draftId, actor.channelId);
    if (url !== undefined && !/^https?:\/\//.test(url)) throw new UserInputError('The post address must start with https://.', '글 주소는 https:// 로 시작해야 합니다.');
    await this.#refuseIllegal(
      () =>
        transition(this.db, {
          draftId,
          to: 'published',
          from: ['publish_unconfirmed'],
          actor: actor.userId,
          action: 'marked_published',
          data: { publishedUrl: url ?? undefined, publishedAt: new Date(), lastError: null, lastErrorClass: null },
        }),
      'marked as published',
    );
    await this.o.pipeline.notifyDraft(draftId, actor.userId, 'marked_published');
    return this.getDraft(draftId, actor);
  }

  async publishAgain(draftId: string, actor: Actor): Promise<DraftSummary> {
    await this.#draft(draftId, actor.channelId);
    await this.#publishAgain(draftId, actor, { from: ['publish_unconfirmed', 'publish_failed'], action: 'publish_again' });
    await this.o.pipeline.notifyDraft(draftId, actor.userId, 'publish_again');
    return this.getDraft(draftId, actor);
  }

  /** Back to generating with the next regeneration number, and its generate job. */
  async #writeAgain(draft: Draft, actor: Actor, how: { from: DraftStatus[]; action: string; verb: string; feedback?: string }): Promise<void> {
    const regenerations = draft.regenerations + 1;
    await this.#refuseIllegal(
      () =>
        transition(this.db, {
          draftId: draft.id,
          to: 'generating',
          from: how.from,
          actor: actor.userId,
          action: how.action,
          detail: { feedback: how.feedback ?? null },
          data: { regenerations, lastError: null, lastErrorClass: null },
        }),
      how.verb,
    );
    await this.o.pipeline.requestDraftGeneration({ ...draft, regenerations }, { requestedBy: actor.userId, channelId: actor.channelId, feedback: how.feedback });
  }

  /** Back to approved (the last click is forgotten), and its one publish job. */
  async #publishAgain(draftId: string, actor: Actor, how: { from: DraftStatus[]; action: string }): Promise<void> {
    await this.#refuseIllegal(
      () =>
        transition(this.db, {
          draftId,
          to: 'approved',
          from: how.from,
          actor: actor.userId,
          action: how.action,
          data: { submittedAt: null, lastError: null, lastErrorClass: null },
        }),
      'sent to publishing again',
    );
    await this.o.pipeline.enqueuePublish(draftId);
  }

  async getDraft(draftId: string, actor: Actor): Promise<DraftSummary> {
    return draftSummary(await this.#draft(draftId, actor.channelId));
  }

  async listDrafts(query: { channelId: string; accountRef?: string; status?: string; page: number; pageSize: number }) {
    const accountIds = query.accountRef
      ? [(await this.#account(query.accountRef, query.channelId)).id]
      : (await this.db.channelLink.findMany({ where: { channelId: query.channelId }, select: { accountId: true } })).map((l) => l.accountId);
    if (query.status && !DRAFT_STATUSES.includes(query.status)) throw new UserInputError(`Unknown status "${query.status}"; use one of ${DRAFT_STATUSES.join(', ')}.`, `알 수 없는 상태 "${query.status}"입니다. ${DRAFT_STATUSES.join(', ')} 중 하나를 쓰세요.`);
    const where: Prisma.DraftWhereInput = { accountId: { in: accountIds }, ...(query.status ? { status: query.status as Draft['status'] } : {}) };
    const pageSize = Math.min(Math.max(query.pageSize, 1), 25);
    const [drafts, total] = await Promise.all([
      this.db.draft.findMany({ where, include: { account: true }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip: Math.max(0, query.page) * pageSize, take: pageSize }),
      this.db.draft.count({ where }),
    ]);
    return { drafts: drafts.map(draftSummary), total };
  }

  // ── queues and dead letters ─────────────────────────────────────────────────────────────────────
  async queueCounts(channelId: string, accountRef?: string): Promise<{ accounts: QueueCounts[]; deadLetters: number }> {
    const accounts = accountRef ? [await this.#account(accountRef, channelId)] : await this.db.account.findMany({ where: { channels: { some: { channelId } } }, orderBy: { blogId: 'asc' } });
    const queues = this.o.pipeline.queues;
    const counts = await Promise.all(
      accounts.map(async (a) => ({
        accountId: a.id,
        blogId: a.blogId,
        generate: await queues.counts('generate', a.id),
        publish: await queues.counts('publish', a.id),
      })),
    );
    const deadLetters = await this.db.deadLetter.count({ where: { resolvedAt: null, accountId: { in: accounts.map((a) => a.id) } } });
    return { accounts: counts, deadLetters };
  }

  async listDeadLetters(channelId: string): Promise<DeadLetterSummary[]> {
    const rows = await this.db.deadLetter.findMany({
      where: { resolvedAt: null, account: { channels: { some: { channelId } } } },
      include: { account: { select: { blogId: true } } },
      orderBy: { createdAt: 'desc' },
      take: 25,
    });
    return rows.map(deadLetterSummary);
  }

  /** A dead letter of an account linked to the actor's channel, resolved or not. */
  async #visibleDeadLetter(id: string, actor: Actor) {
    const dead = await this.db.deadLetter.findUnique({ where: { id }, include: { account: { select: { blogId: true } } } });
    if (!dead) throw new NotFoundError('That dead letter no longer exists.');
    if (!dead.accountId) throw new ForbiddenError('That dead letter has no account; resolve it from the admin board.');
    await this.#account(dead.accountId, actor.channelId).catch(() => {
      throw new ForbiddenError('That dead letter belongs to an account that is not linked to this channel.');
    });
    return { ...dead, accountId: dead.accountId };
  }

  /** A dead letter of the actor's channel that is still open. */
  async #openDeadLetter(id: string, actor: Actor) {
    const dead = await this.#visibleDeadLetter(id, actor);
    if (dead.resolvedAt) throw new UserInputError(`That dead letter was already ${dead.resolution ?? 'resolved'}.`, `이 실패 작업은 이미 ${dead.resolution === 'retried' ? '다시 실행했습니다' : dead.resolution === 'discarded' ? '버렸습니다' : '처리되었습니다'}.`);
    return dead;
  }

  /** Marks an open dead letter resolved (once, however many clicks) and drops its `dlq` job. */
  async #resolveDeadLetter(id: string, actor: Actor, resolution: 'discarded') {
    const dead = await this.#openDeadLetter(id, actor);
    const claimed = await this.db.deadLetter.updateMany({ where: { id, resolvedAt: null }, data: { resolvedAt: new Date(), resolution, resolvedBy: actor.userId } });
    if (claimed.count !== 1) throw new UserInputError('That dead letter was already resolved.', '이 실패 작업은 이미 처리되었습니다.');
    await this.o.pipeline.dropDeadLetterJob(id);
    return dead;
  }

  async getDeadLetter(id: string, actor: Actor): Promise<DeadLetterSummary & { resolved: boolean }> {
    const dead = await this.#visibleDeadLetter(id, actor);
    return { ...deadLetterSummary(dead), resolved: dead.resolvedAt !== null };
  }

  async retryDeadLetter(id: string, actor: Actor): Promise<void> {
    await retryDeadLetter({ db: this.db, pipeline: this.o.pipeline, logger: this.o.logger }, await this.#openDeadLetter(id, actor), actor);
  }

  async discardDeadLetter(id: string, actor: Actor): Promise<void> {
    await this.#resolveDeadLetter(id, actor, 'discarded');
  }

  // ── schedules ───────────────────────────────────────────────────────────────────────────────────
  #schedules(): ScheduleCommands {
    if (!this.o.schedules) throw new UserInputError('Recurring schedules are not available on this server.', '이 서버에서는 반복 일정을 쓸 수 없습니다.');
    return this.o.schedules;
  }

  async #schedule(id: string, actor: Actor) {
    const s = await this.#schedules().find(id);
    if (!s) throw new NotFoundError(`There is no schedule "${id}"; see /schedule list.`);
    await this.#account(s.accountId, actor.channelId).catch(() => {
      throw new ForbiddenError('That schedule belongs to an account that is not linked to this channel.');
    });
  }

  async createSchedule(
    input: { accountRef: string; cron: string; topics: string[]; timezone?: string | null; keywords?: string[] },
    actor: Actor,
  ): Promise<ScheduleSummary> {
    const account = await this.#account(input.accountRef, actor.channelId);
    const keywords = checkKeywords(input.keywords ?? []);
    return this.#schedules().createSchedule(
      { accountId: account.id, channelId: actor.channelId, cron: input.cron, topics: input.topics, timezone: input.timezone, keywords },
      actor,
    );
  }

  async listSchedules(channelId: string): Promise<ScheduleSummary[]> {
    const links = await this.db.channelLink.findMany({ where: { channelId }, select: { accountId: true } });
    return this.#schedules().listSchedules(links.map((l) => l.accountId));
  }

  async removeSchedule(id: string, actor: Actor): Promise<ScheduleSummary> {
    await this.#schedule(id, actor);
    return this.#schedules().remove(id, actor);
  }

  async pauseSchedule(id: string, actor: Actor): Promise<ScheduleSummary> {
    await this.#schedule(id, actor);
    return this.#schedules().setEnabled(id, false, actor);
  }

  async resumeSchedule(id: string, actor: Actor): Promise<ScheduleSummary> {
    await this.#schedule(id, actor);
    return this.#schedules().setEnabled(id, true, actor);
  }

  // ── draft messages ──────────────────────────────────────────────────────────────────────────────
  async recordDraftMessage(draftId: string, ref: MessageRef): Promise<void> {
    // Appended with a row lock, so two channels' prompts recorded at once are both kept.
    await this.db.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM "Draft" WHERE id = ${draftId} FOR UPDATE`;
      const draft = await tx.draft.findUnique({ where: { id: draftId }, select: { messages: true } });
      if (!draft) return;
      const refs = parseRefs(draft.messages).filter((r) => r.channelId !== ref.channelId || r.messageId !== ref.messageId);
      await tx.draft.update({ where: { id: draftId }, data: { messages: [...refs, ref] as unknown as Prisma.InputJsonValue } });
    });
  }

  async draftMessages(draftId: string): Promise<MessageRef[]> {
    const draft = await this.db.draft.findUnique({ where: { id: draftId }, select: { messages: true } });
    return draft ? parseRefs(draft.messages) : [];
  }

  async #refuseIllegal(work: () => Promise<unknown>, verb: string): Promise<void> {
    try {
      await work();
    } catch (err) {
      if (err instanceof IllegalTransitionError) {
        // Still an IllegalTransitionError (the Discord side words it in the user's language from `from`).
        throw new IllegalTransitionError(err.from, err.to, '', `This draft cannot be ${verb} now: it is ${err.from.replace(/_/g, ' ')}.`);
      }
      throw err;
    }
  }
}

const DRAFT_STATUSES = ['generating', 'pending_approval', 'approved', 'publishing', 'published', 'rejected', 'generation_failed', 'publish_failed', 'publish_unconfirmed'];

/** `#서울 맛집`-style input becomes NAVER tags; duplicates go, and more than NAVER takes is refused, not cut. */
function defaultTagsOf(raw: readonly string[]): string[] {
  const tags: string[] = [];
  for (const t of raw) {
    const tag = normalizeTag(t);
    if (tag && !tags.some((x) => x.toLowerCase() === tag.toLowerCase())) tags.push(tag);
  }
  if (tags.length > LIMITS.tags) throw new LimitError('tags', tags.length);
  tags.forEach((t, i) => {
    if (t.length > LIMITS.tagChars) throw new LimitError('tagChars', t.length, tags.length > 1 ? i + 1 : undefined);
  });
  return tags;
}

function parseRefs(value: unknown): MessageRef[] {
  if (!Array.isArray(value)) return [];
  return value.filter((r): r is MessageRef => typeof r?.channelId === 'string' && typeof r?.messageId === 'string');
}

function deadLetterSummary(r: DeadLetter & { account: { blogId: string } | null }): DeadLetterSummary {
  return {
    id: r.id,
    queue: r.queue,
    accountId: r.accountId,
    blogId: r.account?.blogId ?? null,
    draftId: r.draftId,
    errorClass: r.errorClass,
    errorMessage: r.errorMessage,
    attempts: r.attempts,
    createdAt: r.createdAt,
  };
}

function summary(a: Account): AccountSummary {
  return {
    id: a.id,
    blogId: a.blogId,
    label: a.label,
    status: a.status,
    autoApprove: a.autoApprove,
    visibility: a.visibility,
    category: a.category,
    tone: a.tone,
    dailyCap: a.dailyCap,
    allowedHourStart: a.allowedHourStart,
    allowedHourEnd: a.allowedHourEnd,
    minIntervalMinutes: a.minIntervalMinutes,
    jitterMinutes: a.jitterMinutes,
    defaultTags: a.defaultTags,
    hasCredentials: Boolean(a.credentialsEnc),
    hasSession: Boolean(a.sessionEnc),
    approverRoleIds: a.approverRoleIds,
  };
}

function draftSummary(d: Draft & { account: Account }): DraftSummary {
  return {
    id: d.id,
    accountId: d.accountId,
    blogId: d.account.blogId,
    status: d.status,
    topic: d.topic,
    title: d.title,
    article: articleOf(d),
    publishAt: d.plannedAt ?? d.publishAt,
    publishedUrl: d.publishedUrl,
    createdAt: d.createdAt,
    lastError: d.lastError,
  };
}
