// The real composition root (src/main.ts startService) on a test database and queue prefix, ROLE=worker
// unless told otherwise, with fake writer and publisher at the edges and the ops HTTP server on a free port.
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../../src/config.ts';
import { startService, type Running } from '../../../src/main.ts';
import type { ArticlePublisher } from '../../../src/ports.ts';
import type { Logger } from '../../../src/logging.ts';
import { createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { FakePublisher, FakeWriter } from '../../support/fakes.ts';
import { REDIS_URL, TEST_KEY, deleteKeys, quietLogger } from '../../support/harness.ts';

export const ADMIN = { user: 'operator', password: 'correct-horse-battery' };

export interface TestService {
  running: Running;
  testDb: TestDatabase;
  prefix: string;
  writer: FakeWriter;
  publisher: FakePublisher;
  url(path: string): string;
  stop(): Promise<void>;
}

export function serviceEnv(testDb: TestDatabase, prefix: string, env: Record<string, string> = {}): Record<string, string> {
  return {
    ROLE: 'worker',
    DATABASE_URL: testDb.url,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    CREDENTIALS_KEY: TEST_KEY,
    GEMINI_API_KEY: 'test-key-unused',
    HTTP_PORT: '0',
    AUTO_MIGRATE: 'false',
    LOG_LEVEL: 'silent',
    JOB_ATTEMPTS: '3',
    JOB_BACKOFF_MS: '50',
    GENERATE_TIMEOUT_MS: '5000',
    PUBLISH_TIMEOUT_MS: '5000',
    SHUTDOWN_TIMEOUT_MS: '3000',
    // One test actor asks for many drafts in one channel; the limit has tests of its own.
    DRAFT_REQUESTS_PER_MEMBER_HOUR: '0',
    ...env,
  };
}

export async function startTestService(options: {
  env?: Record<string, string>;
  publisher?: (fake: FakePublisher) => ArticlePublisher;
  logger?: Logger;
} = {}): Promise<TestService> {
  const testDb = await createTestDatabase();
  const prefix = `bapo_${randomBytes(4).toString('hex')}`;
  const writer = new FakeWriter();
  const publisher = new FakePublisher();
  const config = loadConfig(serviceEnv(testDb, prefix, options.env));
  const running = await startService(config, options.logger ?? quietLogger(), {
    writer,
    publisher: () => options.publisher?.(publisher) ?? publisher,
    worker: { lockDuration: 5_000, stalledInterval: 2_000, drainDelay: 1 },
    sweepMs: 200,
  });
  let stopped = false;
  return {
    running,
    testDb,
    prefix,
    writer,
    publisher,
    url: (path) => `http://127.0.0.1:${running.http.port}${path}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await running.stop();
      await deleteKeys(prefix);
      await testDb.drop();
    },
  };
}
