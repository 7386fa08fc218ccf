// "Nothing changed that should not": every row of the service's tables, the blog's posts and the job ids in
// Redis, taken before and after something hostile, and compared.
import { Redis } from 'ioredis';
import type { World } from './world.ts';

const TABLES = ['Account', 'ChannelLink', 'Draft', 'DraftEvent', 'Schedule', 'DeadLetter'] as const;
export type Table = (typeof TABLES)[number];

export interface Snapshot {
  rows: Record<Table, Map<string, string>>;
  posts: number;
  /** Job hash keys (`<prefix>:<queue>:<jobId>`) in Redis. */
  jobs: Set<string>;
}

export interface Change {
  table: Table | 'posts' | 'jobs';
  id: string;
  kind: 'added' | 'removed' | 'changed';
  row?: Record<string, unknown>;
  /** For a changed row: the columns whose values differ. */
  columns?: string[];
}

export async function snapshot(world: World): Promise<Snapshot> {
  const rows = {} as Snapshot['rows'];
  for (const table of TABLES) {
    const found = await world.query<{ id: string; json: string }>(`SELECT t.id, row_to_json(t)::text AS json FROM "${table}" t`);
    rows[table] = new Map(found.map((r) => [r.id, r.json]));
  }
  const redis = new Redis(world.redisUrl, { maxRetriesPerRequest: 1 });
  const jobs = new Set<string>();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${world.prefix}:*`, 'COUNT', 1000);
      cursor = next;
      // A job hash is <prefix>:<queue>:<jobId>; queue bookkeeping keys have known suffixes.
      for (const k of keys) if (!/:(wait|active|delayed|completed|failed|paused|meta|events|id|marker|prioritized|stalled|stalled-check|limiter|pc|de|repeat|wake|wakeups|schedules?)(:.*)?$/.test(k) && !/:(logs|lock)$/.test(k)) jobs.add(k);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return { rows, posts: world.naver.posts.length, jobs };
}

export function changes(before: Snapshot, after: Snapshot): Change[] {
  const out: Change[] = [];
  for (const table of TABLES) {
    const a = before.rows[table];
    const b = after.rows[table];
    for (const [id, json] of b) {
      if (!a.has(id)) out.push({ table, id, kind: 'added', row: JSON.parse(json) as Record<string, unknown> });
      else if (a.get(id) !== json) {
        const was = JSON.parse(a.get(id)!) as Record<string, unknown>;
        const row = JSON.parse(json) as Record<string, unknown>;
        const columns = Object.keys(row).filter((k) => JSON.stringify(row[k]) !== JSON.stringify(was[k]));
        out.push({ table, id, kind: 'changed', row, columns });
      }
    }
    for (const id of a.keys()) if (!b.has(id)) out.push({ table, id, kind: 'removed' });
  }
  if (after.posts !== before.posts) out.push({ table: 'posts', id: `${before.posts}→${after.posts}`, kind: 'changed' });
  for (const k of after.jobs) if (!before.jobs.has(k)) out.push({ table: 'jobs', id: k, kind: 'added' });
  for (const k of before.jobs) if (!after.jobs.has(k)) out.push({ table: 'jobs', id: k, kind: 'removed' });
  return out;
}
