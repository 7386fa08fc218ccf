// Builds the real domain (PostgreSQL, Redis, BullMQ, pipeline, service) with fakes at the three ports.
// Each harness gets its own database and queue prefix; `replica()` adds a second process's worth of
// queues and workers on the same database and Redis prefix.
import { randomBytes } from 'node:crypto';
import { deleteKeys } from './redis-keys.ts';
import { buildCore, type Core, type CoreConfig } from '../../src/app.ts';
import { createLogger } from '../../src/logging.ts';
import type { ArticlePublisher, ArticleWriter, Notifier } from '../../src/ports.ts';
import type { AccountQueuesOptions } from '../../src/queues/account-queues.ts';
import type { PrismaSessionStore } from '../../src/accounts/session-store.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';
import { FakePublisher, FakeWriter, RecordingNotifier } from './fakes.ts';
import type { Actor } from '../../src/service-api.ts';
import type { ImageGenerator } from '../../src/image-shapes.ts';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const TEST_KEY = Buffer.alloc(32, 7).toString('base64');

export interface HarnessOptions {
  writer?: ArticleWriter;
  /** Makes pictures for image slots (issue 13); absent: those slots are recorded as failed. */
  images?: ImageGenerator;
  publisher?: ArticlePublisher;
  /** A real publisher needs the core's own session store. */
  publisherFactory?: (sessions: PrismaSessionStore) => ArticlePublisher;
  notifier?: Notifier;
  config?: Partial<CoreConfig>;
  runWorkers?: boolean;
  worker?: AccountQueuesOptions['worker'];
  sweepMs?: number;
  logger?: ReturnType<typeof quietLogger>;
  /** Start workers at once (default true). */
  start?: boolean;
}

export interface Harness {
  core: Core;
  service: Core['service'];
  db: Core['db'];
  writer: FakeWriter;
  publisher: FakePublisher;
  notifier: RecordingNotifier;
  config: CoreConfig;
  testDb: TestDatabase;
  /** Another replica on the same database and Redis prefix. */
  replica(options?: HarnessOptions): Promise<Harness>;
  stop(): Promise<void>;
}

export function testConfig(testDb: TestDatabase, prefix: string, overrides: Partial<CoreConfig> = {}): CoreConfig {
  return {
    DATABASE_URL: testDb.url,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    CREDENTIALS_KEY: TEST_KEY,
    GENERATE_TIMEOUT_MS: 5_000,
    PUBLISH_TIMEOUT_MS: 5_000,
    WORKER_IDLE_MS: 60_000,
    JOB_ATTEMPTS: 3,
    JOB_BACKOFF_MS: 50,
    NAVER_BLOG_URL: 'https://blog.naver.com',
    NAVER_LOGIN_URL: 'https://nid.naver.com',
    DEFAULT_TIMEZONE: 'Asia/Seoul',
    SCHEDULE_MIN_INTERVAL_MS: 0,
    ...overrides,
  };
}

export const quietLogger = () => createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

async function build(testDb: TestDatabase, prefix: string, options: HarnessOptions, owner: boolean, cleanups: Array<() => Promise<void>>): Promise<Harness> {
  const writer = (options.writer ?? new FakeWriter()) as FakeWriter;
  const publisher = (options.publisher ?? new FakePublisher()) as FakePublisher;
  const notifier = (options.notifier ?? new RecordingNotifier()) as RecordingNotifier;
  const config = testConfig(testDb, prefix, options.config);
  const core: Core = buildCore({
    config,
    logger: options.logger ?? quietLogger(),
    adapters: { writer, images: options.images, publisher: options.publisherFactory ?? (() => publisher), notifier },
    runWorkers: options.runWorkers ?? true,
    worker: options.worker ?? { lockDuration: 5_000, stalledInterval: 2_000, drainDelay: 1 },
    sweepMs: options.sweepMs ?? 200,
  });
  if (options.start ?? true) await core.start();
  let stopped = false;
  const harness: Harness = {
    core,
    service: core.service,
    db: core.db,
    writer,
    publisher,
    notifier,
    config,
    testDb,
    replica: async (o = {}) => {
      const r = await build(testDb, prefix, o, false, cleanups);
      cleanups.push(() => r.stop());
      return r;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      if (owner) for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
      await core.stop(2_000);
      if (owner) {
        await deleteKeys(prefix, config.REDIS_URL);
        await testDb.drop();
      }
    },
  };
  return harness;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const testDb = await createTestDatabase();
  const prefix = `bapt_${randomBytes(4).toString('hex')}`;
  return build(testDb, prefix, options, true, []);
}

export { deleteKeys };

/** A member with Manage Server in `channelId` (of server `guildId`). */
export const admin = (channelId = 'chan-1', userId = 'user-admin', guildId = 'guild-1'): Actor => ({ userId, channelId, guildId, manageServer: true });
