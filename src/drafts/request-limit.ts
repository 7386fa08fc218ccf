// A per-member brake on draft requests (DRAFT_REQUESTS_PER_MEMBER_HOUR): each /schedule post and each
// Regenerate is a Gemini call and a message in the channel, so one member cannot run up the bill or flood it.
//
// Counted in Redis, not PostgreSQL: one Lua script keeps a sliding hour per (channel, member) in a sorted set,
// checks and takes a slot atomically on whichever replica answers, and lets the key expire on its own. The
// count is a brake, not a record: if Redis loses it, members may ask again a little early, and no request is
// ever refused wrongly. (PostgreSQL would need a lock per member to count without races, and a second table or
// a scan of drafts and events to tell regenerations apart.)
import { randomUUID } from 'node:crypto';
import type { RedisClient } from '../redis.ts';
import { DraftRequestLimitError } from '../refusals.ts';
import type { Actor } from '../service-api.ts';

export const REQUEST_WINDOW_MS = 60 * 60_000;

// KEYS[1] the member's set · ARGV now, window, limit, slot id → {1, slot count} or {0, oldest slot's time}
const TAKE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]) - tonumber(ARGV[2]))
local n = redis.call('ZCARD', KEYS[1])
if n >= tonumber(ARGV[3]) then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return {0, tonumber(oldest[2])}
end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return {1, n + 1}
`;

export interface DraftRequestSlot {
  /** Runs the work that makes the request real; if it throws, the slot is given back (nothing was asked). */
  unlessFails<T>(work: () => Promise<T>): Promise<T>;
}

const FREE: DraftRequestSlot = { unlessFails: (work) => work() };

export interface DraftRequestLimit {
  /** Takes one of the member's slots in this channel, or throws DraftRequestLimitError saying when one frees. */
  take(actor: Actor): Promise<DraftRequestSlot>;
}

export class RedisDraftRequestLimit implements DraftRequestLimit {
  private readonly o: { redis: RedisClient; prefix: string; perHour: number; windowMs?: number; now?: () => number };

  constructor(o: RedisDraftRequestLimit['o']) {
    this.o = o;
  }

  async take(actor: Actor): Promise<DraftRequestSlot> {
    if (this.o.perHour <= 0 || !actor.channelId) return FREE;
    const windowMs = this.o.windowMs ?? REQUEST_WINDOW_MS;
    const now = (this.o.now ?? Date.now)();
    const key = `${this.o.prefix}:limit:drafts:${actor.channelId}:${actor.userId}`;
    const slot = `${now}-${randomUUID()}`;
    const [ok, value] = (await this.o.redis.eval(TAKE, 1, key, now, windowMs, this.o.perHour, slot)) as [number, number];
    if (ok !== 1) throw new DraftRequestLimitError(this.o.perHour, new Date(Number(value) + windowMs));
    const redis = this.o.redis;
    return {
      async unlessFails(work) {
        try {
          return await work();
        } catch (err) {
          await redis.zrem(key, slot).catch(() => undefined);
          throw err;
        }
      },
    };
  }
}

/** No limit (DRAFT_REQUESTS_PER_MEMBER_HOUR=0, and where no Redis is at hand). */
export const noDraftRequestLimit: DraftRequestLimit = { take: async () => FREE };
