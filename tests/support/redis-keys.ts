// Removing one test's keys from a shared Redis: everything under its queue prefix (on every node of a cluster).
import { Redis } from 'ioredis';
import { parseClusterUrl } from '../../src/redis.ts';

export async function deleteKeys(prefix: string, url = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'): Promise<void> {
  const cluster = parseClusterUrl(url);
  const nodes = cluster ? cluster.nodes.map(({ host, port }) => new Redis(port, host, { password: cluster.password })) : [new Redis(url)];
  try {
    for (const redis of nodes) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
        cursor = next;
        // One key per command: a cluster node refuses a DEL over keys of different slots.
        if (keys.length) await (cluster ? Promise.all(keys.map((k) => redis.del(k))) : redis.del(...keys));
      } while (cursor !== '0');
    }
  } finally {
    for (const redis of nodes) redis.disconnect();
  }
}
