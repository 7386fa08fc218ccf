// NAVER_SEARCH_DAILY_QUOTA: calls counted per day in Redis, shared by every replica. NAVER's day is Korean
// time (UTC+9, no daylight saving), so the count starts again at midnight there.
import type { RedisClient } from '../redis.ts';

const KST_OFFSET_MS = 9 * 3_600_000;
const DAY_MS = 86_400_000;

export type QuotaAnswer = { ok: true } | { ok: false; resetAt: Date };

export class SearchQuota {
  readonly #redis: RedisClient;
  readonly #prefix: string;
  readonly #perDay: number;

  constructor(o: { redis: RedisClient; prefix: string; perDay: number }) {
    this.#redis = o.redis;
    this.#prefix = o.prefix;
    this.#perDay = o.perDay;
  }

  /** Takes one call of today's quota, or says when the next day's starts. */
  async take(now = new Date()): Promise<QuotaAnswer> {
    const kstDay = Math.floor((now.getTime() + KST_OFFSET_MS) / DAY_MS);
    const resetAt = new Date((kstDay + 1) * DAY_MS - KST_OFFSET_MS);
    const key = `${this.#prefix}:search-quota:${new Date(kstDay * DAY_MS).toISOString().slice(0, 10)}`;
    const used = await this.#redis.incr(key);
    if (used === 1) await this.#redis.expire(key, 2 * 86_400);
    return used <= this.#perDay ? { ok: true } : { ok: false, resetAt };
  }
}
