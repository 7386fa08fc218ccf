// Every Redis connection of the service comes from here: one Redis (`redis://`, `rediss://`) or a Redis Cluster
// (`redis+cluster://host1:6379,host2:6379`, `rediss+cluster://` for TLS, an optional `user:password@` before
// the nodes), as an ioredis Redis or Cluster; BullMQ takes either.
//
// On a cluster, a multi-key command or Lua script may only touch keys of one hash slot. So every BullMQ queue's
// keys carry a hash tag (queuePrefix): an account's queues `<prefix>:{<accountId>}:...` (its generate and
// publish queues share a slot, accounts spread over all of them), the shared queues `<prefix>:{dlq}:...` and
// `<prefix>:{checks}:...`. The service's own keys (wake-ups, limits, quotas, login relays, claims) are only
// ever used one key per command. Pub/sub channels work across the cluster as they are. On one Redis the keys
// are unchanged (`<prefix>:<queue>:...`), so an existing deployment keeps its data.
import { Cluster, Redis } from 'ioredis';

export type RedisClient = Redis | Cluster;

const CLUSTER_URL = /^(rediss?)\+cluster:\/\/(.+)$/;

export function isClusterUrl(url: string): boolean {
  return /^rediss?\+cluster:\/\//.test(url);
}

/** The seed nodes and credentials of a `redis+cluster://` URL; null when it is not one or names no node. */
export function parseClusterUrl(url: string): { nodes: Array<{ host: string; port: number }>; username?: string; password?: string; tls: boolean } | null {
  const m = CLUSTER_URL.exec(url);
  if (!m) return null;
  let rest = m[2]!.replace(/\/.*$/, '');
  let username: string | undefined;
  let password: string | undefined;
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    const auth = rest.slice(0, at);
    rest = rest.slice(at + 1);
    const colon = auth.indexOf(':');
    username = colon >= 0 ? decodeURIComponent(auth.slice(0, colon)) || undefined : undefined;
    password = decodeURIComponent(colon >= 0 ? auth.slice(colon + 1) : auth) || undefined;
  }
  const nodes: Array<{ host: string; port: number }> = [];
  for (const part of rest.split(',')) {
    const hm = /^([^:\s]+)(?::(\d{1,5}))?$/.exec(part.trim());
    if (!hm) return null;
    const port = Number(hm[2] ?? 6379);
    if (port < 1 || port > 65535) return null;
    nodes.push({ host: hm[1]!, port });
  }
  return nodes.length ? { nodes, username, password, tls: m[1] === 'rediss' } : null;
}

/** A connection named `name` (CLIENT LIST). maxRetriesPerRequest null: BullMQ requires it, and a short outage waits. */
export function createRedis(url: string, name: string): RedisClient {
  const options = { maxRetriesPerRequest: null, connectionName: name, enableOfflineQueue: true };
  const cluster = parseClusterUrl(url);
  if (!cluster) return new Redis(url, options);
  const { nodes, username, password, tls } = cluster;
  return new Cluster(nodes, { enableOfflineQueue: true, redisOptions: { ...options, username, password, ...(tls ? { tls: {} } : {}) } });
}

/** Another connection to the same Redis or cluster, named `connectionName` (e.g. a subscriber). */
export function duplicateRedis(redis: RedisClient, connectionName: string): RedisClient {
  if (redis instanceof Cluster) return redis.duplicate([], { redisOptions: { ...redis.options.redisOptions, connectionName } });
  return redis.duplicate({ connectionName });
}

/** The BullMQ prefix of the queues tagged `tag`: with the hash tag on a cluster, QUEUE_PREFIX as it is on one Redis. */
export function queuePrefix(redis: RedisClient, prefix: string, tag: string): string {
  return redis.isCluster ? `${prefix}:{${tag}}` : prefix;
}
