// Reads what a Redis server sees: connections by client name (a prefix), and commands processed, from INFO.
import { Redis } from 'ioredis';

export const BENCH_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export class RedisProbe {
  readonly redis: Redis;

  constructor(url = BENCH_REDIS_URL) {
    this.redis = new Redis(url, { connectionName: 'bench-probe', maxRetriesPerRequest: 1 });
  }

  /** Client names of every connection but the probe's own (a connection without a name counts as ''). */
  async clientNames(): Promise<string[]> {
    const list = String(await this.redis.client('LIST'));
    return list.split('\n').filter(Boolean).map((line) => / name=(\S*)/.exec(line)?.[1] ?? '').filter((n) => n !== 'bench-probe');
  }

  /** Connections whose client name starts with `prefix` (the service names its connections after QUEUE_PREFIX). */
  async connections(prefix: string): Promise<number> {
    return (await this.clientNames()).filter((n) => n.startsWith(prefix)).length;
  }

  async commandsProcessed(): Promise<number> {
    const info = await this.redis.info('stats');
    return Number(/total_commands_processed:(\d+)/.exec(info)?.[1] ?? NaN);
  }

  /**
   * Commands per second the server ran over `ms`, less the probe's own INFO call. Every client's commands
   * count: the sections that read this run the service on a private redis-server.
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
