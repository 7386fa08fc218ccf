// Builds the domain graph from validated config and the three adapters. `main.ts` passes the real adapters;
// tests pass fakes at the edges and get the same graph.
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Config } from './config.ts';
import type { Logger } from './logging.ts';
import { createDb, type Db } from './db/client.ts';
import { SecretBox } from './accounts/secrets.ts';
import { PrismaSessionStore } from './accounts/session-store.ts';
import { AccountQueues, type AccountQueuesOptions } from './queues/account-queues.ts';
import { DLQ_QUEUE } from './queues/jobs.ts';
import { Pipeline } from './pipeline/pipeline.ts';
import { AutopilotService, type ScheduleCommands } from './service.ts';
import type { ArticlePublisher, ArticleWriter, Notifier } from './ports.ts';

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
>;

export interface CoreAdapters {
  writer: ArticleWriter;
  /** Built from the session store, which the core owns. */
  publisher: (sessions: PrismaSessionStore) => ArticlePublisher;
  notifier: Notifier;
}

export interface CoreOptions {
  config: CoreConfig;
  logger: Logger;
  adapters: CoreAdapters;
  runWorkers: boolean;
  db?: Db;
  worker?: AccountQueuesOptions['worker'];
  sweepMs?: number;
  schedules?: (deps: { db: Db; pipeline: Pipeline }) => ScheduleCommands;
  /** How often a worker replica looks for drafts left without a job (after the check at start). */
  reconcileEveryMs?: number;
  queueHooks?: Pick<AccountQueuesOptions, 'onQueueOpened' | 'onQueueClosed' | 'onJobFinished'>;
}

export interface Core {
  db: Db;
  redis: Redis;
  sessions: PrismaSessionStore;
  publisher: ArticlePublisher;
  queues: AccountQueues;
  dlq: Queue;
  pipeline: Pipeline;
  service: AutopilotService;
  /** Gives drafts left without a job their job, and opens workers for every account with waiting or delayed work. */
  start(): Promise<void>;
  /** Graceful: active jobs get `timeoutMs` to finish; then everything is closed. */
  stop(timeoutMs?: number): Promise<{ unfinished: number }>;
}

export function createRedis(url: string, name: string): Redis {
  // maxRetriesPerRequest null: BullMQ requires it, and a short Redis outage then waits instead of failing jobs.
  return new Redis(url, { maxRetriesPerRequest: null, connectionName: name, enableOfflineQueue: true });
}

export function buildCore(o: CoreOptions): Core {
  const { config, logger } = o;
  const db = o.db ?? createDb(config.DATABASE_URL);
  const redis = createRedis(config.REDIS_URL, `${config.QUEUE_PREFIX}:shared`);
  redis.on('error', (err) => logger.warn({ err: err.message }, 'redis connection error'));
  const sessions = new PrismaSessionStore(db, new SecretBox(config.CREDENTIALS_KEY));
  const publisher = o.adapters.publisher(sessions);
  const pipeline = new Pipeline({
    db,
    writer: o.adapters.writer,
    publisher,
    notifier: o.adapters.notifier,
    logger,
    generateTimeoutMs: config.GENERATE_TIMEOUT_MS,
    publishTimeoutMs: config.PUBLISH_TIMEOUT_MS,
    lockDurationMs: o.worker?.lockDuration ?? 30_000,
  });
  const queues = new AccountQueues({
    connection: redis,
    prefix: config.QUEUE_PREFIX,
    logger,
    runWorkers: o.runWorkers,
    processors: pipeline.processors,
    idleMs: config.WORKER_IDLE_MS,
    sweepMs: o.sweepMs,
    attempts: config.JOB_ATTEMPTS,
    backoffMs: config.JOB_BACKOFF_MS,
    worker: o.worker,
    onFinalFailure: (kind, accountId, job, err) => pipeline.onFinalFailure(kind, accountId, job, err),
    ...o.queueHooks,
  });
  const dlq = new Queue(DLQ_QUEUE, { connection: redis, prefix: config.QUEUE_PREFIX });
  // Without a listener BullMQ prints connection errors raw to stderr, outside the JSON log.
  dlq.on('error', (err) => logger.warn({ err: err.message }, 'dlq queue error'));
  pipeline.bind(queues, dlq);
  const hosts = ['naver.com', new URL(config.NAVER_BLOG_URL).hostname, new URL(config.NAVER_LOGIN_URL).hostname];
  const service = new AutopilotService({
    db,
    pipeline,
    sessions,
    logger,
    schedules: o.schedules?.({ db, pipeline }),
    sessionHosts: [...new Set(hosts)],
  });

  let reconciler: NodeJS.Timeout | null = null;
  return {
    db,
    redis,
    sessions,
    publisher,
    queues,
    dlq,
    pipeline,
    service,
    async start() {
      const accounts = await db.account.findMany({ select: { id: true } });
      if (o.runWorkers) {
        await pipeline.reconcile();
        const every = o.reconcileEveryMs ?? 5 * 60_000;
        reconciler = setInterval(() => {
          pipeline.reconcile(Math.min(every, 2 * 60_000)).catch((err) => logger.warn({ err }, 'reconcile failed'));
        }, every);
        reconciler.unref();
      }
      await queues.start(accounts.map((a) => a.id));
    },
    async stop(timeoutMs = 30_000) {
      if (reconciler) clearInterval(reconciler);
      const result = await queues.close(timeoutMs);
      await dlq.close().catch(() => undefined);
      await publisher.close().catch((err) => logger.warn({ err }, 'publisher close failed'));
      await redis.quit().catch(() => undefined);
      if (!o.db) await db.$disconnect();
      return result;
    },
  };
}
