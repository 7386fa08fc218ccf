// Prometheus metrics on the service's own Registry. Job counters and durations are fed by AccountQueues'
// onJobFinished hook as jobs end on this replica; everything read from PostgreSQL or Redis (queue depth, DLQ,
// drafts, accounts) is collected when /metrics is scraped, each source with a deadline so a dead dependency
// makes a scrape stale, never hung.
import type { RedisClient } from '../redis.ts';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Db } from '../db/client.ts';
import type { Logger } from '../logging.ts';
import { QUEUE_KINDS, type QueueKind } from '../queues/jobs.ts';
import { scanJobCounts } from '../queues/work-counts.ts';
import { withDeadline } from './readiness.ts';

export type JobOutcome = 'completed' | 'failed' | 'retried';

export interface MetricsSources {
  db: Pick<Db, 'account' | 'draft' | 'deadLetter'>;
  /** The shared connection; queue depth is read through it. */
  redis: RedisClient;
  prefix: string;
  /** Open workers on this replica. */
  openWorkers: () => ReadonlyArray<{ kind: QueueKind }>;
  /** Queues with work waiting for a worker slot on this replica (MAX_OPEN_WORKERS reached). */
  waitingForWorker?: () => number;
  /** Whether this replica runs workers (it then also holds the wake-subscriber connection). */
  runWorkers: boolean;
  /** Browser contexts the publisher has open (worker roles). */
  contextsInUse?: () => number;
}

export interface ServiceMetricsOptions {
  logger: Logger;
  role: string;
  version?: string;
  /** Deadline of each scrape-time source. */
  collectTimeoutMs?: number;
  /** Process metrics (CPU, memory, event loop lag); on by default. */
  defaultMetrics?: boolean;
}

const DRAFT_STATUSES = [
  'generating', 'pending_approval', 'approved', 'publishing', 'published', 'rejected',
  'generation_failed', 'publish_failed', 'publish_unconfirmed',
] as const;
const ACCOUNT_STATUSES = ['active', 'needs_login', 'paused', 'disabled'] as const;
const DEPTH_STATES = ['waiting', 'delayed', 'active'] as const;

export class ServiceMetrics {
  readonly registry = new Registry();
  readonly #logger: Logger;
  readonly #timeoutMs: number;
  #sources: MetricsSources | null = null;
  #refreshing: Promise<void> | null = null;

  readonly jobsCompleted: Counter<'queue'>;
  readonly jobsFailed: Counter<'queue'>;
  readonly jobsRetried: Counter<'queue'>;
  readonly jobDuration: Histogram<'queue' | 'outcome'>;
  readonly queueJobs: Gauge<'queue' | 'state'>;
  readonly dlqSize: Gauge;
  readonly drafts: Gauge<'status'>;
  readonly accounts: Gauge<'status'>;
  readonly openWorkers: Gauge<'queue'>;
  readonly waitingForWorker: Gauge;
  readonly redisConnections: Gauge;
  readonly browserContexts: Gauge;
  readonly collectErrors: Counter<'source'>;
  readonly postChecks: Counter<'check' | 'outcome'>;

  constructor(options: ServiceMetricsOptions) {
    this.#logger = options.logger;
    this.#timeoutMs = options.collectTimeoutMs ?? 3_000;
    const registers = [this.registry];
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });

    new Gauge({
      name: 'blog_autopilot_info',
      help: 'Always 1; labels say which role and version this replica runs.',
      labelNames: ['role', 'version'],
      registers,
    }).set({ role: options.role, version: options.version ?? 'unknown' }, 1);

    this.jobsCompleted = new Counter({ name: 'blog_autopilot_jobs_completed_total', help: 'Jobs completed on this replica, per queue type.', labelNames: ['queue'], registers });
    this.jobsFailed = new Counter({ name: 'blog_autopilot_jobs_failed_total', help: 'Jobs failed for good (dead-lettered) on this replica, per queue type.', labelNames: ['queue'], registers });
    this.jobsRetried = new Counter({ name: 'blog_autopilot_jobs_retried_total', help: 'Job attempts that failed and will be retried, per queue type.', labelNames: ['queue'], registers });
    this.jobDuration = new Histogram({
      name: 'blog_autopilot_job_duration_seconds',
      help: 'How long one job attempt ran, per queue type and outcome.',
      labelNames: ['queue', 'outcome'],
      buckets: [0.1, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600],
      registers,
    });
    this.queueJobs = new Gauge({ name: 'blog_autopilot_queue_jobs', help: 'Jobs waiting, delayed or active, summed over all accounts, per queue type (same value on every replica).', labelNames: ['queue', 'state'], registers });
    this.dlqSize = new Gauge({ name: 'blog_autopilot_dlq_size', help: 'Unresolved dead letters.', registers });
    this.drafts = new Gauge({ name: 'blog_autopilot_drafts', help: 'Drafts by status.', labelNames: ['status'], registers });
    this.accounts = new Gauge({ name: 'blog_autopilot_accounts', help: 'Accounts by status.', labelNames: ['status'], registers });
    this.openWorkers = new Gauge({ name: 'blog_autopilot_open_workers', help: 'Workers open on this replica, per queue type.', labelNames: ['queue'], registers });
    this.waitingForWorker = new Gauge({ name: 'blog_autopilot_queues_waiting_for_worker', help: 'Account queues with work waiting for a worker slot on this replica (MAX_OPEN_WORKERS are open).', registers });
    this.redisConnections = new Gauge({ name: 'blog_autopilot_redis_connections', help: 'Redis connections held by this replica: the shared one, the wake subscriber, and one blocking connection per open worker.', registers });
    this.browserContexts = new Gauge({ name: 'blog_autopilot_browser_contexts_in_use', help: 'Browser contexts the publisher has open on this replica.', registers });
    this.collectErrors = new Counter({ name: 'blog_autopilot_metrics_collect_errors_total', help: 'Scrape-time sources that failed or timed out (their gauges keep the last value).', labelNames: ['source'], registers });

    this.postChecks = new Counter({
      name: 'blog_autopilot_post_checks_total',
      help: 'Checks after publishing that ended on this replica: live (a visitor opens the post) and search (NAVER search lists it), per outcome (live, not_live, found, not_yet, missing, unchecked, waiting_for_quota, retried, ...).',
      labelNames: ['check', 'outcome'],
      registers,
    });

    // Every series exists from the start, so rate() and alerts work before the first job.
    for (const kind of QUEUE_KINDS) {
      this.jobsCompleted.inc({ queue: kind }, 0);
      this.jobsFailed.inc({ queue: kind }, 0);
      this.jobsRetried.inc({ queue: kind }, 0);
      this.openWorkers.set({ queue: kind }, 0);
      for (const state of DEPTH_STATES) this.queueJobs.set({ queue: kind, state }, 0);
    }
    for (const status of DRAFT_STATUSES) this.drafts.set({ status }, 0);
    for (const status of ACCOUNT_STATUSES) this.accounts.set({ status }, 0);
    this.browserContexts.set(0);
    this.dlqSize.set(0);
    for (const [check, outcome] of [['live', 'live'], ['live', 'not_live'], ['search', 'found'], ['search', 'missing']]) this.postChecks.inc({ check, outcome }, 0);
  }

  /** The checks queue's hook (see checks/run-check.ts). */
  readonly onCheckFinished = (check: string, outcome: string): void => {
    this.postChecks.inc({ check, outcome });
  };

  /** The AccountQueues onJobFinished hook. */
  readonly onJobFinished = (kind: QueueKind, outcome: JobOutcome, durationMs: number): void => {
    const counter = outcome === 'completed' ? this.jobsCompleted : outcome === 'failed' ? this.jobsFailed : this.jobsRetried;
    counter.inc({ queue: kind });
    this.jobDuration.observe({ queue: kind, outcome }, Math.max(0, durationMs) / 1000);
  };

  /** Connects the scrape-time sources once the core exists. */
  attach(sources: MetricsSources): void {
    this.#sources = sources;
  }

  /** The Prometheus text exposition, after refreshing the scrape-time gauges. */
  async render(): Promise<string> {
    await this.refresh();
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** Refreshes the scrape-time gauges; concurrent scrapes share one refresh. */
  refresh(): Promise<void> {
    this.#refreshing ??= this.#refresh().finally(() => (this.#refreshing = null));
    return this.#refreshing;
  }

  async #refresh(): Promise<void> {
    const s = this.#sources;
    if (!s) return;
    const workers = s.openWorkers();
    for (const kind of QUEUE_KINDS) this.openWorkers.set({ queue: kind }, workers.filter((w) => w.kind === kind).length);
    this.redisConnections.set(s.redis.status === 'ready' || s.redis.status === 'connect' ? 1 + (s.runWorkers ? 1 : 0) + workers.length : 0);
    this.browserContexts.set(s.contextsInUse?.() ?? 0);
    this.waitingForWorker.set(s.waitingForWorker?.() ?? 0);
    await Promise.all([
      this.#source('dlq', async () => {
        this.dlqSize.set(await s.db.deadLetter.count({ where: { resolvedAt: null } }));
      }),
      this.#source('drafts', async () => {
        const rows = await s.db.draft.groupBy({ by: ['status'], _count: { _all: true } });
        for (const status of DRAFT_STATUSES) this.drafts.set({ status }, 0);
        for (const r of rows) this.drafts.set({ status: r.status }, r._count._all);
      }),
      this.#source('accounts', async () => {
        const rows = await s.db.account.groupBy({ by: ['status'], _count: { _all: true } });
        for (const status of ACCOUNT_STATUSES) this.accounts.set({ status }, 0);
        for (const r of rows) this.accounts.set({ status: r.status }, r._count._all);
      }),
      this.#source('queues', () => this.#collectDepth(s)),
    ]);
  }

  async #source(name: string, work: () => Promise<void>): Promise<void> {
    try {
      await withDeadline(work(), this.#timeoutMs, `${name} metrics took longer than ${this.#timeoutMs} ms`);
    } catch (err) {
      this.collectErrors.inc({ source: name });
      this.#logger.warn({ source: name, err: err instanceof Error ? err.message : String(err) }, 'metrics source failed');
    }
  }

  /** Waiting (incl. prioritized), delayed and active jobs of every account's queues, summed per type. */
  async #collectDepth(s: MetricsSources): Promise<void> {
    // The shared connection queues commands while offline; don't pile them up behind a dead Redis.
    if (s.redis.status !== 'ready') throw new Error(`redis not connected (${s.redis.status})`);
    const accounts = await s.db.account.findMany({ select: { id: true } });
    const totals = Object.fromEntries(QUEUE_KINDS.map((k) => [k, { waiting: 0, delayed: 0, active: 0 }])) as Record<QueueKind, Record<(typeof DEPTH_STATES)[number], number>>;
    // Read a batch of accounts a script (work-counts.ts): no Queue object kept per account between scrapes.
    await scanJobCounts(s.redis, s.prefix, accounts.map((a) => a.id), (_batch, withJobs) => {
      for (const q of withJobs) {
        totals[q.kind].waiting += q.wait + q.prioritized;
        totals[q.kind].delayed += q.delayed;
        totals[q.kind].active += q.active;
      }
    });
    for (const kind of QUEUE_KINDS) for (const state of DEPTH_STATES) this.queueJobs.set({ queue: kind, state }, totals[kind][state]);
  }

  /** Forgets the scrape-time sources (the shared connection is not this class's to close). */
  async close(): Promise<void> {
    this.#sources = null;
  }
}
