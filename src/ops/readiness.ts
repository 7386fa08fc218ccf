// Readiness: can this replica do its job right now? Each check gets a short timeout, so a dead Redis or
// PostgreSQL turns /readyz into a quick 503 instead of a hung probe.
import type { RedisClient } from '../redis.ts';

export interface ReadinessCheck {
  name: string;
  /** Resolves when the part is usable; rejects (or times out) when it is not. */
  check(): Promise<void>;
}

export interface ReadinessReport {
  ready: boolean;
  /** `ok`, or one short sentence saying what is wrong, per part. */
  checks: Record<string, string>;
  /** Names of the failing parts. */
  failing: string[];
}

/** Rejects with `message` after `ms`; the timer never keeps the process alive. */
export function withDeadline<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
    timer.unref();
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/**
 * Redis: the shared connection must be connected and answer PING. The status is looked at first because the
 * shared connection queues commands while it is offline (BullMQ needs that), so a PING alone would just wait.
 */
export function redisCheck(redis: Pick<RedisClient, 'status' | 'ping'>): ReadinessCheck {
  return {
    name: 'redis',
    async check() {
      if (redis.status !== 'ready') throw new Error(`not connected (${redis.status})`);
      const answer = await redis.ping();
      if (answer !== 'PONG') throw new Error(`unexpected PING answer ${answer}`);
    },
  };
}

/** PostgreSQL: `SELECT 1` through the application's own client (and so its pool). */
export function postgresCheck(db: { $queryRaw: (query: TemplateStringsArray) => PromiseLike<unknown> }): ReadinessCheck {
  return {
    name: 'postgres',
    async check() {
      await db.$queryRaw`SELECT 1`;
    },
  };
}

/** Discord: the gateway session is up (ROLE=all and bot only). */
export function discordCheck(isReady: () => boolean): ReadinessCheck {
  return {
    name: 'discord',
    async check() {
      if (!isReady()) throw new Error('gateway not ready');
    },
  };
}

/** Runs every check at once, each bounded by `timeoutMs`. */
export async function runReadiness(checks: readonly ReadinessCheck[], timeoutMs = 2_000): Promise<ReadinessReport> {
  const results = await Promise.all(
    checks.map(async (c) => {
      try {
        await withDeadline(c.check(), timeoutMs, `no answer within ${timeoutMs} ms`);
        return [c.name, 'ok'] as const;
      } catch (err) {
        // The first line only, and short: readiness output is public and must not leak details.
        const message = (err instanceof Error ? err.message : String(err)).split('\n')[0]!.slice(0, 200);
        return [c.name, message || 'failed'] as const;
      }
    }),
  );
  const failing = results.filter(([, v]) => v !== 'ok').map(([k]) => k);
  return { ready: failing.length === 0, checks: Object.fromEntries(results), failing };
}
