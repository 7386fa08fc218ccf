// The composition root: validated config in, the running service out. `npm start` runs this file.
//
// ROLE=all (default) runs everything; ROLE=bot runs the Discord gateway and commands and only adds jobs;
// ROLE=worker runs the queues' workers and the browser, no gateway. Every role serves the ops HTTP endpoints.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { loadConfig, ConfigError, type Config } from './config.ts';
import { createLogger, type Logger } from './logging.ts';
import { applyMigrations } from './db/migrations.ts';
import { createDb } from './db/client.ts';
import { buildCore, type Core } from './app.ts';
import { loggingNotifier, realAdapters, type ServiceOverrides } from './adapters.ts';
import type { DiscordBot } from './discord/bot.ts';
import { ServiceMetrics } from './ops/metrics.ts';
import { SelectorDrift } from './ops/selector-drift.ts';
import { DailyEditorCheck } from './scheduling/daily-editor-check.ts';
import { createAdminBoard, type AdminBoard } from './ops/admin-board.ts';
import { startOpsServer, type OpsServer } from './ops/http.ts';
import { discordCheck, postgresCheck, redisCheck, type ReadinessCheck } from './ops/readiness.ts';
import { handleShutdownSignals } from './ops/shutdown.ts';
import { Scheduler } from './scheduling/index.ts';
import { WeeklyReports } from './reports/weekly.ts';

export type { ServiceOverrides } from './adapters.ts';

export interface Running {
  config: Config;
  core: Core;
  http: OpsServer;
  metrics: ServiceMetrics;
  board: AdminBoard | null;
  bot: DiscordBot | null;
  /** Graceful stop: no new jobs, active ones get SHUTDOWN_TIMEOUT_MS, then everything is closed. */
  stop(): Promise<void>;
}

const searchCheckOn = (c: Config) => Boolean(c.NAVER_SEARCH_CLIENT_ID && c.NAVER_SEARCH_CLIENT_SECRET);

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export async function startService(config: Config, logger: Logger, overrides: ServiceOverrides = {}): Promise<Running> {
  if (config.AUTO_MIGRATE) {
    const applied = await applyMigrations(config.DATABASE_URL);
    if (applied.length) logger.info({ applied }, 'database migrations applied');
  }
  const runWorkers = config.ROLE !== 'bot';
  const runBot = config.ROLE !== 'worker';

  const metrics = new ServiceMetrics({ logger, role: config.ROLE, version: packageVersion() });
  const drift = new SelectorDrift(metrics.registry, logger.child({ component: 'selector-drift' }));
  let board: AdminBoard | null = null;
  if (config.ADMIN_USER && config.ADMIN_PASSWORD) {
    board = createAdminBoard({ credentials: { user: config.ADMIN_USER, password: config.ADMIN_PASSWORD }, logger });
  } else {
    logger.warn('ADMIN_USER and ADMIN_PASSWORD are not set: the queue board at /admin/queues is not mounted');
  }

  // The channel comes first: the domain tells it about every draft. On a worker replica it posts over REST.
  const db = createDb(config.DATABASE_URL);
  let bot: DiscordBot | null = null;
  if (config.DISCORD_TOKEN) {
    const [{ createDiscordBot }, { draftMessageStore }] = await Promise.all([import('./discord/bot.ts'), import('./discord/draft-messages.ts')]);
    bot = createDiscordBot({
      token: config.DISCORD_TOKEN,
      apiUrl: config.DISCORD_API_URL,
      cdnUrl: config.DISCORD_CDN_URL,
      applicationId: config.DISCORD_APPLICATION_ID ?? '',
      guildId: config.DISCORD_GUILD_ID,
      messages: draftMessageStore(db),
      logger,
      defaultTimezone: config.DEFAULT_TIMEZONE,
      searchCheckOn: searchCheckOn(config),
    });
  } else {
    logger.warn('DISCORD_TOKEN is not set: notifications from this replica are only logged');
  }
  const core = buildCore({
    config,
    logger,
    runWorkers,
    db,
    worker: overrides.worker,
    sweepMs: overrides.sweepMs,
    adapters: await realAdapters(config, logger, bot?.notifier ?? loggingNotifier(logger), overrides, { onSelectorFallback: drift.record }),
    queueHooks: {
      onQueueOpened: (queue) => board?.addQueue(queue),
      onQueueClosed: (queue) => board?.removeQueue(queue),
      onJobFinished: metrics.onJobFinished,
      onCheckFinished: metrics.onCheckFinished,
    },
  });
  board?.addQueue(core.dlq);
  board?.addQueue(core.checks.queue);
  if (!searchCheckOn(config)) logger.info('search check is off: NAVER_SEARCH_CLIENT_ID and NAVER_SEARCH_CLIENT_SECRET are not set');
  metrics.attach({
    db: core.db,
    redis: core.redis,
    prefix: config.QUEUE_PREFIX,
    runWorkers,
    openWorkers: () => core.queues.openWorkers(),
    waitingForWorker: () => core.queues.waitingForWorker(),
    contextsInUse: () => core.publisher.contextsInUse?.() ?? 0,
  });

  // The bot role (and `all`) runs the recurring schedules; one job per tick however many replicas run it.
  const scheduler = runBot
    ? new Scheduler({
        db: core.db,
        queues: core.queues,
        redis: core.redis,
        prefix: config.QUEUE_PREFIX,
        logger: logger.child({ component: 'scheduler' }),
        graceMs: config.SCHEDULE_GRACE_MS,
        defaultTimezone: config.DEFAULT_TIMEZONE,
      })
    : null;
  // The bot role (and `all`) also sends the channels' weekly reports.
  const weekly = runBot ? new WeeklyReports({ db: core.db, notifier: bot?.notifier ?? loggingNotifier(logger), logger: logger.child({ component: 'weekly-reports' }) }) : null;
  // One editor check a day (EDITOR_CHECK_HOUR), queued by whichever bot replica ticks first.
  const editorCheck =
    runBot && config.EDITOR_CHECK_HOUR !== undefined
      ? new DailyEditorCheck(core.domain, { hour: config.EDITOR_CHECK_HOUR, timeZone: config.DEFAULT_TIMEZONE, blogHost: new URL(config.NAVER_BLOG_URL).hostname })
      : null;
  let draining = false;
  const checks: ReadinessCheck[] = [redisCheck(core.redis), postgresCheck(core.db)];
  if (runBot) checks.push(discordCheck(() => bot?.isReady() ?? false));

  let http: OpsServer | null = null;
  try {
    // Listening first: /healthz answers (and /readyz says what is missing) while the gateway logs in.
    http = await startOpsServer({ host: config.HTTP_HOST, port: config.HTTP_PORT, logger, checks, metrics, board, draining: () => draining });
    if (bot && runBot) await bot.start(core.service);
    else if (bot) logger.info('Discord notifications are sent over REST; this replica does not connect to the gateway');
    await core.start();
    await scheduler?.start();
    weekly?.start();
    editorCheck?.start();
    if (runWorkers) drift.start();
  } catch (err) {
    await scheduler?.stop().catch(() => undefined);
    await bot?.stop().catch(() => undefined);
    await core.stop(0).catch(() => undefined);
    await db.$disconnect().catch(() => undefined);
    await http?.close();
    throw err;
  }
  logger.info({ role: config.ROLE, httpPort: http.port, board: Boolean(board), node: process.version }, 'blog autopilot started');

  const server = http;
  let stopping: Promise<void> | null = null;
  return {
    config,
    core,
    http: server,
    metrics,
    board,
    bot,
    stop() {
      stopping ??= (async () => {
        draining = true;
        await scheduler?.stop().catch((err) => logger.warn({ err }, 'scheduler stop failed'));
        weekly?.stop();
        editorCheck?.stop();
        drift.stop();
        // Workers take no new job; active ones get the bound; then queues, browser, Redis and PostgreSQL close.
        // A job still running at the deadline keeps its lock until it expires, and BullMQ's stalled-job check
        // gives it to another replica (or to this one after a restart): it is not lost.
        const { unfinished } = await core.stop(config.SHUTDOWN_TIMEOUT_MS);
        await db.$disconnect().catch(() => undefined);
        await metrics.close();
        await bot?.stop().catch((err) => logger.warn({ err }, 'discord stop failed'));
        await server.close();
        logger.info({ unfinished }, 'stopped');
      })();
      return stopping;
    },
  };
}

/**
 * Starts the service and handles SIGTERM/SIGINT: stop taking jobs, let active ones finish within
 * SHUTDOWN_TIMEOUT_MS, close everything, exit 0. A signal during start-up stops what was started.
 */
export async function runService(config: Config, logger: Logger, overrides: ServiceOverrides = {}): Promise<Running> {
  let running: Running | null = null;
  let started: (r: Running | null) => void = () => undefined;
  const ready = new Promise<Running | null>((resolve) => (started = resolve));
  handleShutdownSignals({
    logger,
    // The queue drain has its own bound; the rest (browser, connections, HTTP) gets a fixed margin on top.
    hardTimeoutMs: config.SHUTDOWN_TIMEOUT_MS + 15_000,
    stop: async () => {
      const r = running ?? (await ready);
      await r?.stop();
    },
  });
  try {
    running = await startService(config, logger, overrides);
    started(running);
    return running;
  } catch (err) {
    started(null);
    throw err;
  }
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger({ level: config.LOG_LEVEL });
  process.on('uncaughtException', (err) => {
    logger.fatal({ err }, 'uncaught exception; exiting');
    process.exit(1);
  });
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));
  try {
    await runService(config, logger);
  } catch (err) {
    logger.fatal({ err }, 'could not start');
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
