// The job counts of many accounts' queues read straight from their BullMQ keys, one Lua script per batch of
// accounts: no Queue object and no per-queue pipeline for each of thousands of idle accounts (their garbage,
// at start-up and at every metrics scrape, is what kept the service's heap large). Only queues that hold a job
// come back. On a Redis Cluster the accounts' keys sit in different hash slots, so there each account is read
// with its own call (its two queues share a slot), a few accounts at a time.
import { queuePrefix, type RedisClient } from '../redis.ts';
import { QUEUE_KINDS, queueName, type QueueKind } from './jobs.ts';

export interface QueueJobCounts {
  kind: QueueKind;
  accountId: string;
  wait: number;
  paused: number;
  active: number;
  prioritized: number;
  delayed: number;
}

/** Accounts read by one script on a single Redis. */
const BATCH = 200;
/** Accounts read side by side on a cluster, one call each. */
const CLUSTER_PARALLEL = 16;
const STATES = ['wait', 'paused', 'active', 'prioritized', 'delayed'] as const;

// KEYS: per queue its wait, paused, active, prioritized and delayed keys. Returns, for each queue holding any
// job, its index (from 0) followed by those five counts.
const COUNT = `
local out = {}
for q = 0, #KEYS / 5 - 1 do
  local k = q * 5
  local w = redis.call('LLEN', KEYS[k + 1])
  local p = redis.call('LLEN', KEYS[k + 2])
  local a = redis.call('LLEN', KEYS[k + 3])
  local pr = redis.call('ZCARD', KEYS[k + 4])
  local d = redis.call('ZCARD', KEYS[k + 5])
  if w + p + a + pr + d > 0 then
    out[#out + 1] = q
    out[#out + 1] = w
    out[#out + 1] = p
    out[#out + 1] = a
    out[#out + 1] = pr
    out[#out + 1] = d
  end
end
return out`;

/**
 * Reads the queues of `accountIds` a batch at a time and hands each batch (its account ids, and those of its
 * queues that hold any job) to `onBatch` before the next batch is read.
 */
export async function scanJobCounts(
  redis: RedisClient,
  prefix: string,
  accountIds: readonly string[],
  onBatch: (accountIds: readonly string[], withJobs: QueueJobCounts[]) => Promise<void> | void,
): Promise<void> {
  const size = redis.isCluster ? CLUSTER_PARALLEL : BATCH;
  for (let i = 0; i < accountIds.length; i += size) {
    const batch = accountIds.slice(i, i + size);
    // One account a call on a cluster: a script may only touch keys of one hash slot.
    const parts = redis.isCluster ? await Promise.all(batch.map((id) => countQueues(redis, prefix, [id]))) : [await countQueues(redis, prefix, batch)];
    await onBatch(batch, parts.flat());
  }
}

async function countQueues(redis: RedisClient, prefix: string, accountIds: readonly string[]): Promise<QueueJobCounts[]> {
  const queues: Array<{ kind: QueueKind; accountId: string }> = [];
  const keys: string[] = [];
  for (const accountId of accountIds) {
    const base = queuePrefix(redis, prefix, accountId);
    for (const kind of QUEUE_KINDS) {
      queues.push({ kind, accountId });
      for (const state of STATES) keys.push(`${base}:${queueName(kind, accountId)}:${state}`);
    }
  }
  const reply = (await redis.eval(COUNT, keys.length, ...keys)) as number[];
  const found: QueueJobCounts[] = [];
  for (let i = 0; i < reply.length; i += 6) {
    const [q, wait, paused, active, prioritized, delayed] = reply.slice(i, i + 6) as [number, number, number, number, number, number];
    found.push({ ...queues[q]!, wait, paused, active, prioritized, delayed });
  }
  return found;
}
