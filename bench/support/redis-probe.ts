// Reads what a Redis server sees: connections by client name (a prefix), and commands processed, from INFO.
import { Redis } from 'ioredis';

export const BENCH_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export class RedisProbe {
  readonly redis = new Redis(BENCH_REDIS_URL, { connectionName: 'bench-probe', maxRetriesPerRequest: 1 });

  /** Connections whose client name starts with `prefix` (the service names every connection after QUEUE_PREFIX). */
  async connections(prefix: string): Promise<number> {
    const list = String(await this.redis.client('LIST'));
    return list.split('\n').filter((line) => / name=(\S+)/.exec(line)?.[1]?.startsWith(prefix)).length;
  }

  async commandsProcessed(): Promise<number> {
    const info = await this.redis.info('stats');
    return Number(/total_commands_processed:(\d+)/.exec(info)?.[1] ?? NaN);
  }

  /**
   * Commands per second the server ran over `ms`, less the probe's own two INFO calls. On a shared Redis other
   * clients' commands count too: the bench runs alone, or reads `perClient` for the service's own share.
   */
  async commandsPerSecond(ms: number): Promise<number> {
    const a = await this.commandsProcessed();
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, ms));
    const b = await this.commandsProcessed();
    const seconds = (performance.now() - t0) / 1000;
    return Math.max(0, b - a - 1) / seconds;
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
