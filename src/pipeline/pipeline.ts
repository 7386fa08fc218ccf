// The draft pipeline: generate → save → approval gate → publish → (dead letters). Processors are plain
// `async (job) => result` functions; everything they change goes through PostgreSQL first.
import { DelayedError, type Job, type Queue } from 'bullmq';
import type { Db, Prisma } from '../db/client.ts';
import type { Draft } from '../generated/prisma/client.ts';
import type { Logger } from '../logging.ts';
import type { ArticlePublisher, ArticleWriter, Notifier, PublishRequest, PublishResult } from '../ports.ts';
import { screenshotOf } from '../ports.ts';
import { IllegalTransitionError, NeedsLoginError, PermanentError, RetryableError, messageOf } from '../errors.ts';
import { transition, transitionIn, recordEvent } from '../drafts/state-machine.ts';
import { articleOf, draftNotice, linkedChannels } from '../drafts/notices.ts';
import { nextPublishSlot } from '../drafts/pacing.ts';
import type { AccountQueues } from '../queues/account-queues.ts';
import { failureClass } from '../queues/account-queues.ts';
import {
  DLQ_QUEUE,
  deadLetterJob,
  dlqJobId,
  generateJobId,
  generateJobSchema,
  parsePayload,
  publishJobId,
  publishJobSchema,
  queueName,
  type GenerateJob,
  type QueueKind,
} from '../queues/jobs.ts';
import { withTimeout } from './timeout.ts';
import { hasLiveJob, reconcile, type ReconcileCounts } from './reconcile.ts';
import { unconfirmedAfterClick } from './unconfirmed-after-click.ts';

export interface PipelineOptions {
  db: Db;
  writer: ArticleWriter;
  publisher: ArticlePublisher;
  notifier: Notifier;
  logger: Logger;
  generateTimeoutMs: number;
  publishTimeoutMs: number;
  /** How long the post-crash check of the blog may take. */
  verifyTimeoutMs?: number;
  /** The workers' lock duration: the lock is renewed (and its ownership proved) right before the final click. */
  lockDurationMs?: number;
}

export class Pipeline {
  #queues: AccountQueues | null = null;
  #dlq: Queue | null = null;

  constructor(private readonly o: PipelineOptions) {}

  bind(queues: AccountQueues, dlq: Queue): void {
    this.#queues = queues;
    this.#dlq = dlq;
  }

  get queues(): AccountQueues {
    if (!this.#queues) throw new Error('Pipeline used before its queues were bound.');
    return this.#queues;
  }

  readonly processors: Record<QueueKind, (job: Job, ctx: { token?: string }) => Promise<unknown>> = {
    generate: (job) => this.processGenerate(job),
    publish: (job, ctx) => this.processPublish(job, ctx.token),
  };

  // ── requests ────────────────────────────────────────────────────────────────────────────────────
  /** Adds a generate job. The draft (if any) must already be in PostgreSQL. */
  async requestGeneration(payload: GenerateJob, jobId: string, delayMs = 0): Promise<void> {
    await this.queues.add('generate', payload.accountId, 'generate', payload, { jobId, delay: delayMs });
  }

  /** Writes a saved draft (again): its generate job for the current regeneration count. */
  async requestDraftGeneration(
    draft: Pick<Draft, 'id' | 'accountId' | 'topic' | 'keywords' | 'regenerations'>,
    by: { requestedBy: string; channelId?: string; feedback?: string },
  ): Promise<void> {
    await this.requestGeneration(
      { accountId: draft.accountId, draftId: draft.id, topic: draft.topic, keywords: draft.keywords, ...by },
      generateJobId(draft.id, draft.regenerations),
    );
  }

  /** Adds the draft's one publish job (jobId from the draft id), delayed to publishAt and pacing. */
  async enqueuePublish(draftId: string): Promise<Date> {
    // The account row is locked while the slot is chosen, so two approvals at once do not take the same slot.
    const { draft, planned } = await this.o.db.$transaction(async (tx) => {
      const draft = await tx.draft.findUniqueOrThrow({ where: { id: draftId } });
      // NO KEY UPDATE: serialises slot choices without blocking inserts that only reference the account.
      await tx.$queryRaw`SELECT id FROM "Account" WHERE id = ${draft.accountId} FOR NO KEY UPDATE`;
      const a = await tx.account.findUniqueOrThrow({ where: { id: draft.accountId } });
      const others = await tx.draft.findMany({
        where: {
          accountId: draft.accountId,
          id: { not: draftId },
          OR: [{ status: 'published', publishedAt: { gte: new Date(Date.now() - 2 * 24 * 3600_000) } }, { status: { in: ['approved', 'publishing'] } }],
        },
        select: { publishedAt: true, plannedAt: true },
      });
      const wanted = draft.publishAt && draft.publishAt.getTime() > Date.now() ? draft.publishAt : new Date();
      const planned = nextPublishSlot(
        { timezone: a.timezone, dailyCap: a.dailyCap, allowedHourStart: a.allowedHourStart, allowedHourEnd: a.allowedHourEnd, minIntervalMinutes: a.minIntervalMinutes, jitterMinutes: a.jitterMinutes },
        wanted,
        others.map((o) => o.publishedAt ?? o.plannedAt).filter((d): d is Date => d !== null),
      );
      await tx.draft.update({ where: { id: draftId }, data: { plannedAt: planned } });
      return { draft, planned };
    });
    const jobId = publishJobId(draftId);
    // A finished job with this id (an earlier, failed run) would turn the add into a no-op.
    await hasLiveJob(this.queues, 'publish', draft.accountId, jobId);
    await this.queues.add('publish', draft.accountId, 'publish', { accountId: draft.accountId, draftId }, {
      jobId,
      delay: Math.max(0, planned.getTime() - Date.now()),
    });
    return planned;
  }

  /** Gives every draft waiting on a job that Redis no longer has its job back (see reconcile.ts). */
  reconcile(settleMs = 0): Promise<ReconcileCounts> {
    return reconcile(
      {
        db: this.o.db,
        queues: this.queues,
        dlq: this.#dlq,
        logger: this.o.logger,
        requestDraftGeneration: (draft, by) => this.requestDraftGeneration(draft, by),
        enqueuePublish: (draftId) => this.enqueuePublish(draftId),
        notifyDraft: (draftId, actor, action) => this.notifyDraft(draftId, actor, action),
      },
      settleMs,
    );
  }

  async notifyDraft(draftId: string, actor: string, action: string): Promise<void> {
    try {
      const notice = await draftNotice(this.o.db, draftId, actor, action);
      if (notice) await this.o.notifier.notify({ kind: 'draft', draft: notice });
    } catch (err) {
      this.o.logger.warn({ err, draftId }, 'could not notify the channel');
    }
  }

  // ── generate ────────────────────────────────────────────────────────────────────────────────────
  async processGenerate(job: Job): Promise<{ draftId: string; status: string }> {
    const payload = parsePayload(generateJobSchema, job.data, 'generate');
    const log = this.o.logger.child({ accountId: payload.accountId, jobId: job.id, queue: job.queueName });
    const account = await this.o.db.account.findUnique({ where: { id: payload.accountId } });
    if (!account) throw new PermanentError(`Account ${payload.accountId} no longer exists.`, 'account_missing');

    // The draft is in PostgreSQL before anything else happens; a retried or recovered job finds it again.
    const draft = payload.draftId
      ? await this.o.db.draft.findUnique({ where: { id: payload.draftId } })
      : await this.#draftForScheduledJob(job, payload);
    if (!draft) throw new PermanentError(`Draft ${payload.draftId} no longer exists.`, 'draft_missing');
    const dlog = log.child({ draftId: draft.id });
    if (draft.status !== 'generating') {
      dlog.info({ status: draft.status }, 'draft already past generation; nothing to do');
      return { draftId: draft.id, status: draft.status };
    }
    dlog.info({ attempt: job.attemptsMade + 1 }, 'writing draft');
    if (job.attemptsMade === 0) await this.notifyDraft(draft.id, 'system', 'writing');

    const previous = articleOf(draft) ?? undefined;
    const written = await withTimeout('Writing the draft', this.o.generateTimeoutMs, (signal) =>
      this.o.writer.write(
        {
          account: { blogId: account.blogId, label: account.label, tone: account.tone, defaultTags: account.defaultTags, category: account.category, language: account.language },
          topic: payload.topic,
          keywords: payload.keywords,
          feedback: payload.feedback,
          previous,
        },
        signal,
      ),
    );
    const to = account.autoApprove ? 'approved' : 'pending_approval';
    await transition(this.o.db, {
      draftId: draft.id,
      to,
      from: ['generating'],
      actor: 'system',
      action: 'submitted',
      detail: { model: written.model, usage: { ...written.usage }, autoApproved: account.autoApprove },
      data: {
        title: written.article.title,
        body: written.article.blocks as unknown as Prisma.InputJsonValue,
        tags: written.article.tags,
        model: written.model,
        promptTokens: written.usage.promptTokens,
        outputTokens: written.usage.outputTokens,
        totalTokens: written.usage.totalTokens,
        lastError: null,
        lastErrorClass: null,
      },
    });
    dlog.info({ status: to }, 'draft saved');
    if (to === 'approved') await this.enqueuePublish(draft.id);
    await this.notifyDraft(draft.id, 'system', 'submitted');
    return { draftId: draft.id, status: to };
  }

  async #draftForScheduledJob(job: Job, payload: GenerateJob) {
    // One job makes at most one draft: sourceJobId is unique, so a recovered job finds its own draft.
    const sourceJobId = `${job.queueName}:${job.id}`;
    const existing = await this.o.db.draft.findUnique({ where: { sourceJobId } });
    if (existing) return existing;
    try {
      return await this.o.db.$transaction(async (tx) => {
        const draft = await tx.draft.create({
          data: {
            accountId: payload.accountId,
            sourceJobId,
            scheduleId: payload.scheduleId,
            topic: payload.topic,
            keywords: payload.keywords,
            requestedBy: payload.requestedBy,
            originChannelId: payload.channelId,
          },
        });
        await recordEvent(tx, draft.id, payload.requestedBy, 'requested', { jobId: job.id ?? null, scheduleId: payload.scheduleId ?? null });
        return draft;
      });
    } catch (err) {
      const again = await this.o.db.draft.findUnique({ where: { sourceJobId } });
      if (again) return again;
      throw err;
    }
  }

  // ── publish ─────────────────────────────────────────────────────────────────────────────────────
  async processPublish(job: Job, token?: string): Promise<{ draftId: string; status: string }> {
    const payload = parsePayload(publishJobSchema, job.data, 'publish');
    const log = this.o.logger.child({ accountId: payload.accountId, draftId: payload.draftId, jobId: job.id, queue: job.queueName });
    const draft = await this.o.db.draft.findUnique({ where: { id: payload.draftId }, include: { account: true } });
    if (!draft) throw new PermanentError(`Draft ${payload.draftId} no longer exists.`, 'draft_missing');
    if (draft.accountId !== payload.accountId) throw new PermanentError(`Draft ${draft.id} belongs to another account.`, 'invalid_payload');
    if (draft.status !== 'approved' && draft.status !== 'publishing') {
      log.info({ status: draft.status }, 'draft is not waiting to be published; nothing to do');
      return { draftId: draft.id, status: draft.status };
    }
    const article = articleOf(draft);
    if (!article) throw new PermanentError(`Draft ${draft.id} has no valid title and body to publish.`, 'invalid_draft');
    const request: PublishRequest = {
      accountId: draft.accountId,
      blogId: draft.account.blogId,
      draftId: draft.id,
      article,
      visibility: draft.account.visibility,
      category: draft.account.category,
    };

    if (draft.status === 'publishing' && draft.submittedAt) {
      // An earlier run pressed publish and then died: check the blog before anything else.
      log.warn('earlier run ended after the final click; checking the blog before anything else');
      return this.#settleUnknownOutcome(request, log, 'the previous attempt ended after the publish button was pressed');
    }
    // Looking at the blog (above) publishes nothing, so it need not wait for the account; publishing does.
    if (draft.account.status !== 'active') {
      // The queue is paused for such accounts; a job that slipped in (e.g. after Redis lost the pause) waits.
      await job.moveToDelayed(Date.now() + 15 * 60_000, token);
      throw new DelayedError();
    }
    if (draft.status === 'approved') {
      try {
        await transition(this.o.db, { draftId: draft.id, to: 'publishing', from: ['approved'], actor: 'system', action: 'publish_started', detail: { attempt: job.attemptsMade + 1 } });
      } catch (err) {
        // Rejected (or otherwise moved on) a moment ago: nothing to publish, and nothing failed.
        if (!(err instanceof IllegalTransitionError)) throw err;
        log.info({ status: err.from }, 'draft changed before publishing started; nothing to do');
        return { draftId: draft.id, status: err.from };
      }
      await this.notifyDraft(draft.id, 'system', 'publish_started');
    } else {
      await recordEvent(this.o.db, draft.id, 'system', 'publish_retried', { attempt: job.attemptsMade + 1 });
    }

    let submitted = false;
    let clickedElsewhere = false;
    try {
      const result = await withTimeout('Publishing to NAVER', this.o.publishTimeoutMs, (signal) =>
        this.o.publisher.publish(request, {
          signal,
          beforeSubmit: async () => {
            // A worker whose lock lapsed (Redis out of reach past lockDuration) may have had its job handed
            // to another replica, which may be publishing this draft now: this one must not press publish.
            await this.#proveJobOwnership(job, token);
            const claimed = await this.o.db.draft.updateMany({
              where: { id: draft.id, status: 'publishing', submittedAt: null },
              data: { submittedAt: new Date() },
            });
            if (claimed.count !== 1) {
              clickedElsewhere = true;
              throw new PermanentError('Another attempt is already publishing this draft; this one stopped before pressing publish.', 'publish_conflict');
            }
            await recordEvent(this.o.db, draft.id, 'system', 'publish_submitted');
            submitted = true;
          },
        }),
      );
      await this.#markPublished(draft.id, result, 'system');
      log.info({ logNo: result.logNo, url: result.url }, 'published');
      return { draftId: draft.id, status: 'published' };
    } catch (err) {
      if (submitted || clickedElsewhere) {
        log.warn({ err: messageOf(err) }, clickedElsewhere ? 'another attempt pressed publish; checking the blog' : 'publish failed after the final click; checking the blog');
        return this.#settleUnknownOutcome(request, log, messageOf(err), screenshotOf(err));
      }
      if (err instanceof NeedsLoginError) await this.#needsLogin(draft.id, draft.accountId, draft.account.blogId, err, log);
      else if (screenshotOf(err)) await this.o.db.draft.update({ where: { id: draft.id }, data: { screenshotPath: screenshotOf(err) } });
      throw err;
    }
  }

  async #proveJobOwnership(job: Job, token: string | undefined): Promise<void> {
    if (!token) return;
    const lost = new PermanentError('This worker no longer holds the publish job (its lock lapsed); it stopped before pressing publish.', 'lock_lost');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<number>((resolve) => (timer = setTimeout(() => resolve(0), 5_000)));
    try {
      const extended = await Promise.race([job.extendLock(token, this.o.lockDurationMs ?? 30_000), late]);
      if (extended !== 1) throw lost;
    } catch (err) {
      throw err === lost ? lost : new RetryableError(`The job lock could not be renewed before publishing (${messageOf(err)}).`, 'lock_lost');
    } finally {
      clearTimeout(timer);
    }
  }

  async #markPublished(draftId: string, result: PublishResult, actor: string, action = 'published'): Promise<void> {
    await transition(this.o.db, {
      draftId,
      to: 'published',
      actor,
      action,
      detail: { logNo: result.logNo, url: result.url },
      data: {
        publishedUrl: result.url,
        logNo: result.logNo,
        publishedAt: new Date(),
        screenshotPath: result.screenshotPath ?? null,
        lastError: null,
        lastErrorClass: null,
      },
    });
    await this.notifyDraft(draftId, actor, action);
  }

  /** After a crash or timeout that followed the final click: never publish again without looking. */
  async #settleUnknownOutcome(request: PublishRequest, log: Logger, reason: string, screenshotPath?: string) {
    const earlier = await this.o.db.draft.findMany({
      where: { accountId: request.accountId, logNo: { not: null }, id: { not: request.draftId } },
      select: { logNo: true },
    });
    request = { ...request, knownLogNos: earlier.map((d) => d.logNo!) };
    let found: PublishResult | null = null;
    let checked = false;
    try {
      found = await withTimeout('Checking the blog for the post', this.o.verifyTimeoutMs ?? 60_000, (signal) =>
        this.o.publisher.findPublished(request, signal),
      );
      checked = true;
    } catch (err) {
      log.warn({ err: messageOf(err) }, 'the blog could not be checked');
    }
    if (found) {
      await this.#markPublished(request.draftId, found, 'system', 'published_confirmed');
      return { draftId: request.draftId, status: 'published' };
    }
    const message = checked
      ? `The publish button was pressed but the post is not on the blog yet (${reason}); check the blog, then choose Mark published or Publish again.`
      : `The publish button was pressed but the blog could not be checked (${reason}); check the blog, then choose Mark published or Publish again.`;
    await transition(this.o.db, {
      draftId: request.draftId,
      to: 'publish_unconfirmed',
      actor: 'system',
      action: 'publish_unconfirmed',
      detail: { reason },
      data: { lastError: message, lastErrorClass: 'publish_unconfirmed', ...(screenshotPath ? { screenshotPath } : {}) },
    });
    await this.notifyDraft(request.draftId, 'system', 'publish_unconfirmed');
    return { draftId: request.draftId, status: 'publish_unconfirmed' };
  }

  /** The account needs a human: stop its publishing and say so once. */
  async #needsLogin(draftId: string, accountId: string, blogId: string, err: NeedsLoginError, log: Logger): Promise<void> {
    const wasActive = await this.o.db.$transaction(async (tx) => {
      await transitionIn(tx, { draftId, to: 'approved', from: ['publishing'], actor: 'system', action: 'publish_blocked', detail: { reason: err.reason }, data: { submittedAt: null } });
      const { count } = await tx.account.updateMany({ where: { id: accountId, status: 'active' }, data: { status: 'needs_login' } });
      return count === 1;
    });
    await this.queues.pause('publish', accountId);
    // A login saved in the meantime resumed the account already: do not leave its queue paused.
    const now = await this.o.db.account.findUnique({ where: { id: accountId }, select: { status: true } });
    if (now?.status === 'active') await this.queues.resume('publish', accountId);
    if (wasActive) {
      await this.o.notifier
        .notify({ kind: 'needs_login', accountId, blogId, channelIds: await linkedChannels(this.o.db, accountId), reason: err.reason, message: err.message })
        .catch((e) => log.warn({ err: e }, 'could not send the needs-login alert'));
      log.warn({ reason: err.reason }, 'account needs a human login; its publishing is paused');
    }
    await this.notifyDraft(draftId, 'system', 'publish_blocked');
  }

  /** Account is usable again (login, session import, manual resume): resume and re-queue its approved drafts. */
  async resumeAccount(accountId: string): Promise<number> {
    await this.o.db.account.update({ where: { id: accountId }, data: { status: 'active' } });
    await this.queues.resume('publish', accountId);
    const waiting = await this.o.db.draft.findMany({ where: { accountId, status: 'approved' }, select: { id: true } });
    for (const d of waiting) await this.enqueuePublish(d.id);
    return waiting.length;
  }

  // ── dead letters ────────────────────────────────────────────────────────────────────────────────
  /** The letter was retried or discarded: its `dlq` job goes. */
  async dropDeadLetterJob(deadLetterId: string): Promise<void> {
    await this.#dlq?.remove(dlqJobId(deadLetterId));
  }

  /** A job failed for good: draft marked failed, one DeadLetter row, one `dlq` job, one alert. */
  async onFinalFailure(kind: QueueKind, accountId: string, job: Job, err: Error): Promise<void> {
    const cause = (err as { cause?: unknown }).cause ?? err;
    // Handled states of their own, with their own alert: not dead letters.
    if (cause instanceof NeedsLoginError) return;
    const errorClass = failureClass(err);
    const named = typeof job.data?.draftId === 'string' ? (job.data.draftId as string) : await this.#draftOfJob(job);
    // A malformed payload can name any draft: only a draft of this queue's account is this job's to fail.
    const draftId = named && (await this.o.db.draft.count({ where: { id: named, accountId } })) === 1 ? named : null;
    const account = await this.o.db.account.findUnique({ where: { id: accountId }, select: { id: true, blogId: true } });
    const log = this.o.logger.child({ accountId, draftId, jobId: job.id, queue: job.queueName });
    if (kind === 'publish' && draftId && (await unconfirmedAfterClick(this.o.db, draftId, err.message))) {
      log.warn({ err: err.message }, 'publish job gave up after the final click; the channel decides whether it was published');
      await this.notifyDraft(draftId, 'system', 'publish_unconfirmed');
      return;
    }
    if (draftId) {
      const failed = kind === 'generate' ? 'generation_failed' : 'publish_failed';
      await transition(this.o.db, {
        draftId,
        to: failed,
        from: kind === 'generate' ? ['generating'] : ['approved', 'publishing'],
        actor: 'system',
        action: 'failed',
        detail: { errorClass, attempts: job.attemptsMade, jobId: job.id ?? null },
        data: { lastError: err.message, lastErrorClass: errorClass },
      }).catch((e) => log.info({ err: messageOf(e) }, 'draft not moved to failed'));
      await this.notifyDraft(draftId, 'system', 'failed');
    }
    const queue = queueName(kind, accountId);
    const jobId = String(job.id);
    const dead = await this.o.db.deadLetter.upsert({
      where: { queue_jobId: { queue, jobId } },
      create: {
        queue,
        jobId,
        jobName: job.name,
        accountId: account?.id ?? null,
        draftId: draftId ?? null,
        payload: (job.data ?? {}) as Prisma.InputJsonValue,
        errorClass,
        errorMessage: err.message,
        attempts: job.attemptsMade,
      },
      update: { errorClass, errorMessage: err.message, attempts: job.attemptsMade, resolvedAt: null, resolution: null, resolvedBy: null },
    });
    await this.#dlq?.add('dead_letter', deadLetterJob(dead), { jobId: dlqJobId(dead.id) });
    const screenshot = draftId ? (await this.o.db.draft.findUnique({ where: { id: draftId }, select: { screenshotPath: true } }))?.screenshotPath : null;
    await this.o.notifier
      .notify({
        kind: 'dead_letter',
        deadLetterId: dead.id,
        queue,
        accountId: account?.id ?? null,
        blogId: account?.blogId ?? null,
        draftId: draftId ?? null,
        channelIds: account ? await linkedChannels(this.o.db, account.id) : [],
        errorClass,
        errorMessage: err.message,
        attempts: job.attemptsMade,
        screenshotPath: screenshot ?? null,
      })
      .catch((e) => log.warn({ err: e }, 'could not send the dead-letter alert'));
    log.warn({ deadLetterId: dead.id, errorClass }, 'job moved to the dead-letter queue');
  }

  async #draftOfJob(job: Job): Promise<string | null> {
    const d = await this.o.db.draft.findUnique({ where: { sourceJobId: `${job.queueName}:${job.id}` }, select: { id: true } });
    return d?.id ?? null;
  }
}

export { DLQ_QUEUE, dlqJobId };
