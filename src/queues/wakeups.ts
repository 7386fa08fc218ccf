// How replicas tell each other that an account's queue has work: a wake message for work due now, and a
// sorted set of due times that every replica's sweeper reads (a wake message can be missed, the set cannot).
import { duplicateRedis, type RedisClient } from '../redis.ts';
import type { Queue } from 'bullmq';
import type { Logger } from '../logging.ts';
import { QUEUE_KINDS, type QueueKind } from './jobs.ts';

const member = (kind: QueueKind, accountId: string) => `${kind}|${accountId}`;

function parseMember(value: string): { kind: QueueKind; accountId: string } | null {
  const [kind, accountId] = value.split('|') as [QueueKind, string | undefined];
  return QUEUE_KINDS.includes(kind) && accountId ? { kind, accountId } : null;
}

export class Wakeups {
  readonly channel: string;
  readonly key: string;
  readonly #redis: RedisClient;
  #subscriber: RedisClient | null = null;

  constructor(redis: RedisClient, prefix: string) {
    this.#redis = redis;
    this.channel = `${prefix}:wake`;
    this.key = `${prefix}:wakeups`;
  }

  /** Work on the queue is due at `at` (LT: the earliest due time is kept when several jobs wait). */
  async register(kind: QueueKind, accountId: string, at: number): Promise<void> {
    await this.#redis.zadd(this.key, 'LT', at, member(kind, accountId));
  }

  /**
   * A job was added: registers its due time and, for work due now, sends the wake message too, in one round trip
   * (a pipeline: the set's one key and a keyless PUBLISH also go together on a cluster).
   */
  async announce(kind: QueueKind, accountId: string, at: number, wakeNow: boolean): Promise<void> {
    const queue = member(kind, accountId);
    const batch = this.#redis.pipeline().zadd(this.key, 'LT', at, queue);
    if (wakeNow) batch.publish(this.channel, queue);
    const replies = (await batch.exec()) ?? [];
    const failed = replies.find(([err]) => err)?.[0];
    if (failed) throw failed;
  }

  /** Registers the queue's earliest delayed job; false when it has none. */
  async registerEarliestDelayed(kind: QueueKind, accountId: string, queue: Queue): Promise<boolean> {
    const [next] = await queue.getDelayed(0, 0);
    if (!next) return false;
    await this.register(kind, accountId, next.timestamp + (next.delay ?? 0));
    return true;
  }

  async publish(kind: QueueKind, accountId: string): Promise<void> {
    await this.#redis.publish(this.channel, member(kind, accountId));
  }

  /** Queues whose registered time has come; each is taken off the set as it is returned. */
  async takeDue(): Promise<Array<{ kind: QueueKind; accountId: string }>> {
    const due = await this.#redis.zrangebyscore(this.key, '-inf', Date.now());
    // Later delayed jobs of these queues are not lost with their members: the worker re-registers the earliest
    // remaining one when it closes for idleness. One ZREM for all of them (one round trip, not one each).
    if (due.length > 0) await this.#redis.zrem(this.key, ...due);
    const taken: Array<{ kind: QueueKind; accountId: string }> = [];
    for (const value of due) {
      const parsed = parseMember(value);
      if (parsed) taken.push(parsed);
    }
    return taken;
  }

  async subscribe(connectionName: string, logger: Logger, onWake: (kind: QueueKind, accountId: string) => void): Promise<void> {
    const sub = duplicateRedis(this.#redis, connectionName);
    this.#subscriber = sub;
    sub.on('error', (err) => logger.warn({ err }, 'wake subscriber error'));
    sub.on('message', (_channel, value: string) => {
      const parsed = parseMember(value);
      if (parsed) onWake(parsed.kind, parsed.accountId);
    });
    await sub.subscribe(this.channel);
  }

  async close(): Promise<void> {
    await this.#subscriber?.quit().catch(() => undefined);
  }
}
