// Builds the domain graph from validated config and the three adapters, in dependency order: storage and
// queues first, then the verbs that use them; the workers get their processors when the core starts.
// `main.ts` passes the real adapters; tests pass fakes at the edges and get the same graph.
import { Queue } from 'bullmq';
import type { Config } from './config.ts';
import type { Logger } from './logging.ts';
import type { Domain } from './domain.ts';
import type { BlogAutopilotService } from './service-api.ts';
import type { ArticlePublisher, ArticleWriter, Notifier } from './ports.ts';
import { createDb, type Db } from './db/client.ts';
import { createRedis, queuePrefix, type RedisClient } from './redis.ts';
import { SecretBox } from './accounts/secrets.ts';
import { PrismaSessionStore } from './accounts/session-store.ts';
import { AccountQueues, type AccountQueuesOptions, type QueueWork } from './queues/account-queues.ts';
import { DLQ_QUEUE, EDITOR_CHECK_JOB, PREVIEW_JOB } from './queues/jobs.ts';
import { reconcile } from './drafts/reconcile.ts';
import { writeDraft } from './generation/write-draft.ts';
import { publishDraft } from './publishing/publish-draft.ts';
import { previewDraft } from './publishing/preview-draft.ts';
import { checkEditor } from './publishing/editor-check.ts';
import { recordDeadLetter } from './dead-letters/record.ts';
import { createScheduleCommands, publishScheduleChange, type ScheduleCommands } from './scheduling/index.ts';
import { createService } from './service.ts';
import { RedisDraftRequestLimit } from './drafts/request-limit.ts';
import { PostChecks } from './checks/checks-queue.ts';
import { runCheck, type RunCheckDeps } from './checks/run-check.ts';
import { reconcileChecks } from './checks/reconcile-checks.ts';
import { SearchQuota } from './checks/search-quota.ts';
import { createNaverBlogSearch } from './checks/naver-search-api.ts';
import { LoginRelays } from './accounts/login-relay.ts';
import { LOGIN_JOB, runLoginJob } from './accounts/login-job.ts';
import { DEFAULT_QUALITY } from './drafts/checks/report.ts';
import { backfillSignatures } from './drafts/checks/backfill.ts';
import type { ImageGenerator } from './image-shapes.ts';
import { IMAGE_JOB, regenerateImageJob } from './drafts/images.ts';
import { sweepImages } from './images/retention.ts';
import { JobNotices } from './drafts/job-notices.ts';

export type CoreConfig = Pick<
  Config,
  | 'DATABASE_URL'
  | 'REDIS_URL'
  | 'QUEUE_PREFIX'
  | 'CREDENTIALS_KEY'
  | 'GENERATE_TIMEOUT_MS'
  | 'PUBLISH_TIMEOUT_MS'
  | 'WORKER_IDLE_MS'
  | 'JOB_ATTEMPTS'
  | 'JOB_BACKOFF_MS'
  | 'NAVER_BLOG_URL'
  | 'NAVER_LOGIN_URL'
  | 'DEFAULT_TIMEZONE'
  | 'SCHEDULE_MIN_INTERVAL_MS'
> &
  Partial<Pick<Config, 'DRAFT_REQUESTS_PER_MEMBER_HOUR' | 'NAVER_SEARCH_CLIENT_ID' | 'NAVER_SEARCH_CLIENT_SECRET' | 'NAVER_SEARCH_API_URL' | 'NAVER_SEARCH_DAILY_QUOTA'>> &
  Partial<Pick<Config, 'SEARCH_CHECK_DELAYS' | 'LOGIN_RELAY_TIMEOUT_MS' | 'ORIGINALITY_MAX_SIMILARITY' | 'KEYWORD_MAX_SHARE' | 'MAX_OPEN_WORKERS'>>;

/** How long the live check may take in the browser. */
const LIVE_CHECK_TIMEOUT_MS = 60_000;

export interface CoreAdapters {
  writer: ArticleWriter;
  /** Makes the pictures the team's photos leave open (GEMINI_IMAGE_MODEL); absent: those slots are marked failed. */
  images?: ImageGenerator;
  /** Built from the session store, which the core owns. */
  publisher: (sessions: PrismaSessionStore) => ArticlePublisher;
  notifier: Notifier;
}

export interface CoreOptions {
  config: CoreConfig;
  logger: Logger;
  adapters: CoreAdapters;
  runWorkers: boolean;
  /** A database the caller owns (and closes); otherwise the core opens and closes its own. */
  db?: Db;
  worker?: AccountQueuesOptions['worker'];
  sweepMs?: number;
  /** How often a worker replica looks for drafts left without a job (after the check at start). */
  reconcileEveryMs?: number;
  queueHooks?: Pick<AccountQueuesOptions, 'onQueueOpened' | 'onQueueClosed' | 'onJobFinished'> & Pick<RunCheckDeps, 'onCheckFinished'>;
}

export interface Core {
  db: Db;
  redis: RedisClient;
  sessions: PrismaSessionStore;
  publisher: ArticlePublisher;
  /** NAVER's login questions, brought to the account's channels and answered from any replica. */
  relays: LoginRelays;
  queues: AccountQueues;
  dlq: Queue;
  /** The shared checks queue (live and search checks after publishing). */
  checks: PostChecks;
  /** What the domain's verbs are given. */
  domain: Domain;
  schedules: ScheduleCommands;
  service: BlogAutopilotService;
  /** Gives drafts left without a job their job, and opens workers for every account with waiting or delayed work. */
  start(): Promise<void>;
  /** Graceful: active jobs get `timeoutMs` to finish; then everything is closed. */
  stop(timeoutMs?: number): Promise<{ unfinished: number }>;
}

export { createRedis };

export function buildCore(o: CoreOptions): Core {
  const { config, logger } = o;
  const db = o.db ?? createDb(config.DATABASE_URL);
  const redis = createRedis(config.REDIS_URL, `${config.QUEUE_PREFIX}:shared`);
  redis.on('error', (err) => logger.warn({ err: err.message }, 'redis connection error'));
  const box = new SecretBox(config.CREDENTIALS_KEY);
  const sessions = new PrismaSessionStore(db, box);
  const publisher = o.adapters.publisher(sessions);
  const queues = new AccountQueues({
    connection: redis,
    prefix: config.QUEUE_PREFIX,
    logger,
    runWorkers: o.runWorkers,
    idleMs: config.WORKER_IDLE_MS,
    maxOpenWorkers: config.MAX_OPEN_WORKERS,
    sweepMs: o.sweepMs,
    attempts: config.JOB_ATTEMPTS,
    backoffMs: config.JOB_BACKOFF_MS,
    worker: o.worker,
    ...o.queueHooks,
  });
  const dlq = new Queue(DLQ_QUEUE, { connection: redis, prefix: queuePrefix(redis, config.QUEUE_PREFIX, DLQ_QUEUE) });
  // Without a listener BullMQ prints connection errors raw to stderr, outside the JSON log.
  dlq.on('error', (err) => logger.warn({ err: err.message }, 'dlq queue error'));
  const quality = {
    originalityMaxSimilarity: config.ORIGINALITY_MAX_SIMILARITY ?? DEFAULT_QUALITY.originalityMaxSimilarity,
    keywordMaxShare: config.KEYWORD_MAX_SHARE ?? DEFAULT_QUALITY.keywordMaxShare,
  };
  const searchKeys = config.NAVER_SEARCH_CLIENT_ID && config.NAVER_SEARCH_CLIENT_SECRET ? { clientId: config.NAVER_SEARCH_CLIENT_ID, clientSecret: config.NAVER_SEARCH_CLIENT_SECRET } : null;
  const delaysMs = config.SEARCH_CHECK_DELAYS ?? [3_600_000, 21_600_000, 86_400_000];
  const checks = new PostChecks({
    connection: redis,
    prefix: config.QUEUE_PREFIX,
    logger,
    attempts: config.JOB_ATTEMPTS,
    backoffMs: config.JOB_BACKOFF_MS,
    delaysMs,
    searchOn: searchKeys !== null,
    worker: o.worker,
  });
  const domain: Domain = { db, queues, dlq, notifier: o.adapters.notifier, logger, checks, quality };
  // Publish jobs, dead letters and login relays hand card updates over without waiting (drafts/job-notices.ts).
  const notices = new JobNotices({ notifier: o.adapters.notifier, redis, prefix: config.QUEUE_PREFIX, db, logger });
  const jobs: Domain = { ...domain, notifier: notices };
  const relays = new LoginRelays({
    redis,
    subscriber: () => createRedis(config.REDIS_URL, `${config.QUEUE_PREFIX}:relay-subscriber`),
    prefix: config.QUEUE_PREFIX,
    box,
    notifier: notices,
    db,
    timeoutMs: config.LOGIN_RELAY_TIMEOUT_MS ?? 600_000,
    logger,
  });
  const schedules = createScheduleCommands({
    db,
    defaultTimezone: config.DEFAULT_TIMEZONE,
    logger,
    minIntervalMs: config.SCHEDULE_MIN_INTERVAL_MS,
    onChange: (id) => publishScheduleChange(redis, config.QUEUE_PREFIX, id),
  });
  const hosts = ['naver.com', new URL(config.NAVER_BLOG_URL).hostname, new URL(config.NAVER_LOGIN_URL).hostname];
  // Absent (tests that build their own config): no limit; the environment's default is 10.
  const requestLimit = new RedisDraftRequestLimit({ redis, prefix: config.QUEUE_PREFIX, perHour: config.DRAFT_REQUESTS_PER_MEMBER_HOUR ?? 0 });
  const service = createService({ ...domain, sessions, sessionHosts: [...new Set(hosts)], schedules, requestLimit, relays, blogHost: new URL(config.NAVER_BLOG_URL).hostname });
  const images = { imageGenerator: o.adapters.images, imageTimeoutMs: config.GENERATE_TIMEOUT_MS };
  const work: QueueWork = {
    processors: {
      // Making one image again shares the account's generate queue: one job at a time per account.
      generate: (job) => (job.name === IMAGE_JOB ? regenerateImageJob({ ...domain, ...images }, job) : writeDraft({ ...domain, ...images, writer: o.adapters.writer, generateTimeoutMs: config.GENERATE_TIMEOUT_MS }, job)),
      publish: (job, ctx) => {
        // Dry runs of the editor and /account login share the account's publish queue: one browser job at a time per account.
        if (job.name === PREVIEW_JOB) return previewDraft({ ...jobs, publisher, relays, publishTimeoutMs: config.PUBLISH_TIMEOUT_MS }, job);
        if (job.name === EDITOR_CHECK_JOB) return checkEditor({ ...jobs, publisher, publishTimeoutMs: config.PUBLISH_TIMEOUT_MS }, job);
        if (job.name === LOGIN_JOB) return runLoginJob({ ...jobs, publisher, relays, publishTimeoutMs: config.PUBLISH_TIMEOUT_MS }, job);
        return publishDraft({ ...jobs, publisher, relays, publishTimeoutMs: config.PUBLISH_TIMEOUT_MS, lockDurationMs: o.worker?.lockDuration ?? 30_000 }, job, ctx.token);
      },
    },
    onFinalFailure: (kind, accountId, job, err) => recordDeadLetter(jobs, kind, accountId, job, err),
  };
  const search = searchKeys ? createNaverBlogSearch({ baseUrl: config.NAVER_SEARCH_API_URL ?? 'https://openapi.naver.com', ...searchKeys }) : undefined;
  const quota = new SearchQuota({ redis, prefix: config.QUEUE_PREFIX, perDay: config.NAVER_SEARCH_DAILY_QUOTA ?? 25_000 });
  const checkDeps: RunCheckDeps = { ...domain, publisher, timeoutMs: LIVE_CHECK_TIMEOUT_MS, delaysMs, search, quota, onCheckFinished: o.queueHooks?.onCheckFinished };

  let reconciler: NodeJS.Timeout | null = null;
  return {
    db,
    redis,
    sessions,
    publisher,
    relays,
    queues,
    dlq,
    checks,
    domain,
    schedules,
    service,
    async start() {
      const accounts = await db.account.findMany({ select: { id: true } });
      if (o.runWorkers) {
        // Before any job runs, so a card owed from before never overtakes a newer update of the same draft.
        await notices.resendOwed().catch((err) => logger.warn({ err }, 'sending the owed card updates failed'));
        await notices.resendAfterRedisLoss().catch((err) => logger.warn({ err }, 'showing the cards again after Redis lost its data failed'));
        await reconcile(domain);
        await reconcileChecks(domain).catch((err) => logger.warn({ err }, 'reconciling the checks failed'));
        // Posts from before the originality check get their signatures, in the background.
        backfillSignatures(db)
          .then((signed) => signed > 0 && logger.info({ signed }, 'originality signatures added to older posts'))
          .catch((err) => logger.warn({ err }, 'originality backfill failed'));
        const every = o.reconcileEveryMs ?? 5 * 60_000;
        reconciler = setInterval(() => {
          reconcile(domain, Math.min(every, 2 * 60_000)).catch((err) => logger.warn({ err }, 'reconcile failed'));
          notices.resendAfterRedisLoss().catch((err) => logger.warn({ err }, 'showing the cards again after Redis lost its data failed'));
          reconcileChecks(domain).catch((err) => logger.warn({ err }, 'reconciling the checks failed'));
          sweepImages(db).catch((err) => logger.warn({ err }, 'the picture retention sweep failed'));
        }, every);
        reconciler.unref();
      }
      await queues.start(
        accounts.map((a) => a.id),
        o.runWorkers ? work : null,
      );
      if (o.runWorkers) checks.start((job, token) => runCheck(checkDeps, job, token));
    },
    async stop(timeoutMs = 30_000) {
      if (reconciler) clearInterval(reconciler);
      // A login waiting for a person would hold its job past any bound: it ends now, and says so.
      await relays.close().catch((err) => logger.warn({ err }, 'closing the login relays failed'));
      const result = await queues.close(timeoutMs);
      // Card updates still on their way get the same time; those cut short stay owed for the next start.
      await notices.settled(timeoutMs);
      await checks.close(timeoutMs);
      await dlq.close().catch(() => undefined);
      await publisher.close().catch((err) => logger.warn({ err }, 'publisher close failed'));
      await redis.quit().catch(() => undefined);
      if (!o.db) await db.$disconnect();
      return result;
    },
  };
}
