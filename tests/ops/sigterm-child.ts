// A worker replica run as its own process, exactly like `npm start` (src/main.ts runService: same start-up,
// same SIGTERM/SIGINT handling), with a slow fake writer. The parent test reads its JSON log lines on stdout.
//   env: the service's variables (DATABASE_URL, QUEUE_PREFIX, SHUTDOWN_TIMEOUT_MS, ...), WRITER_DELAY_MS,
//        LOCK_MS (BullMQ lockDuration: how long a job abandoned at the deadline stays locked).
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logging.ts';
import { runService } from '../../src/main.ts';
import type { ArticleWriter } from '../../src/ports.ts';
import { FakePublisher, sampleArticle, sleep } from '../support/fakes.ts';

const config = loadConfig();
const logger = createLogger({ level: config.LOG_LEVEL });
const delayMs = Number(process.env.WRITER_DELAY_MS ?? 3_000);

const writer: ArticleWriter = {
  async write(req, signal) {
    logger.info({ topic: req.topic }, 'fake writer started');
    await sleep(delayMs, signal);
    logger.info({ topic: req.topic }, 'fake writer finished');
    return { article: sampleArticle(req.topic), model: 'fake-model', usage: { promptTokens: 1, outputTokens: 1, totalTokens: 2 } };
  },
};

const publisher = new FakePublisher();
const lockMs = Number(process.env.LOCK_MS ?? 30_000);
try {
  await runService(config, logger, {
    writer,
    publisher: () => publisher,
    worker: { lockDuration: lockMs, stalledInterval: Math.min(lockMs, 30_000), drainDelay: 1 },
    sweepMs: 200,
  });
} catch (err) {
  logger.fatal({ err }, 'could not start');
  process.exit(1);
}
