// A worker replica starting among many idle accounts: a few accounts' queues hold jobs (added while no replica
// ran workers, their wake-ups lost), the rest hold none. What start-up opened, registered and sent to Redis.
import { randomBytes } from 'node:crypto';
import { AccountQueues } from '../../src/queues/account-queues.ts';
import { createLogger } from '../../src/logging.ts';
import { createRedis } from '../../src/redis.ts';
import { deleteKeys } from './redis-keys.ts';

export interface IdleStart {
  /** Commands the shared connection sent while `start` ran (a pipeline's commands counted one by one). */
  sent: number;
  openWorkers: string[];
  openQueues: string[];
  /** The wake-up registered for the delayed job's queue, as a due time (ms), or null. */
  delayedDueAt: number | null;
  delayedAt: number;
}

export async function startAmongIdleAccounts(url: string, accounts: number): Promise<IdleStart> {
  const prefix = `idlestart${randomBytes(4).toString('hex')}`;
  const redis = createRedis(url, 'test-idle-start');
  const settings = { connection: redis, prefix, logger: createLogger({ level: 'silent' }), backoffMs: 100, idleMs: 60_000, attempts: 1 };
  const ids = Array.from({ length: accounts }, (_, i) => `acct${i}`);
  const release = Promise.withResolvers<void>();
  const queues = new AccountQueues({ ...settings, runWorkers: true });
  try {
    const adder = new AccountQueues({ ...settings, runWorkers: false });
    // One account near the start, one far into the list (another batch), one with only a delayed job.
    await adder.add('generate', ids[7]!, 'generate', {}, { jobId: 'waiting-1' });
    await adder.add('publish', ids[accounts - 300]!, 'publish', {}, { jobId: 'waiting-2' });
    const delayedAt = Date.now() + 60_000;
    await adder.add('generate', ids[accounts - 1]!, 'generate', {}, { jobId: 'delayed-1', delay: 60_000 });
    await adder.close();
    await redis.del(adder.wakeups.key);

    let sent = 0;
    const send = redis.sendCommand.bind(redis) as (...args: unknown[]) => unknown;
    Object.assign(redis, { sendCommand: (...args: unknown[]) => (sent++, send(...args)) });
    const hold = async () => release.promise; // a job in hand keeps its worker open
    await queues.start(ids, { processors: { generate: hold, publish: hold } });
    const counted = sent;
    Object.assign(redis, { sendCommand: send });

    const score = await redis.zscore(queues.wakeups.key, `generate|${ids[accounts - 1]}`);
    return {
      sent: counted,
      openWorkers: queues.openWorkers().map((w) => `${w.kind}_${w.accountId}`).sort(),
      openQueues: queues.openQueues().map((q) => q.name).sort(),
      delayedDueAt: score === null ? null : Number(score),
      delayedAt,
    };
  } finally {
    release.resolve();
    await queues.close(5_000);
    await deleteKeys(prefix, url);
    redis.disconnect();
  }
}
