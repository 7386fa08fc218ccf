// What the domain's verbs are given: the database, the queues and the channel. Built once by app.ts, in
// dependency order; each verb takes the part it needs as a parameter.
import type { Queue } from 'bullmq';
import type { Db } from './db/client.ts';
import type { Logger } from './logging.ts';
import type { Notifier } from './ports.ts';
import type { AccountQueues } from './queues/account-queues.ts';
import type { CheckScheduler } from './check-shapes.ts';
import type { QualitySettings } from './draft-checks.ts';

export interface Domain {
  db: Db;
  queues: AccountQueues;
  /** The `dlq` queue that mirrors open DeadLetter rows (for the admin board). */
  dlq: Queue;
  notifier: Notifier;
  logger: Logger;
  /** The shared checks queue (live and search checks after publishing); absent where nothing checks. */
  checks?: CheckScheduler;
  /** Thresholds of the quality checks (ORIGINALITY_MAX_SIMILARITY, KEYWORD_MAX_SHARE); defaults when absent. */
  quality?: QualitySettings;
}
