// busy_accounts: 1,000 accounts get work at the same moment (one auto-approved post each), on one replica
// with MAX_OPEN_WORKERS at its default, instant fakes at the edges, the real Redis and PostgreSQL. The posts
// are queued while the replica's workers are not started yet, so every account has work when they start.
// Reported: the Redis connections the replica holds at most (CLIENT LIST, by the replica's client names),
// posts per second, and the slowest account's wait: from the start until its post was published.
import { Redis } from 'ioredis';
import { startHarness, admin, REDIS_URL, type Harness } from '../../tests/support/harness.ts';
import { eventually } from '../../tests/support/eventually.ts';
import { DEFAULT_MAX_OPEN_WORKERS } from '../../src/queues/worker-pool.ts';

const BATCH = 25;

async function inBatches<T, R>(items: readonly T[], work: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += BATCH) out.push(...(await Promise.all(items.slice(i, i + BATCH).map((item, j) => work(item, i + j)))));
  return out;
}

/** Connections whose client name is under the replica's queue prefix (the shared one, subscribers, workers). */
async function connections(probe: Redis, prefix: string): Promise<number> {
  const list = String(await probe.client('LIST'));
  return list.split('\n').filter((line) => / name=(\S+)/.exec(line)?.[1]?.startsWith(`${prefix}:`)).length;
}

export async function run(opts: { smoke: boolean }): Promise<Record<string, number>> {
  const accounts = opts.smoke ? 20 : 1_000;
  const cap = opts.smoke ? 5 : DEFAULT_MAX_OPEN_WORKERS;
  const h: Harness = await startHarness({ start: false, config: { MAX_OPEN_WORKERS: cap, WORKER_IDLE_MS: 60_000 }, sweepMs: 200 });
  const probe = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    const actor = admin('bench-busy');
    const prefix = h.config.QUEUE_PREFIX;
    const ids = await inBatches(Array.from({ length: accounts }, (_, i) => i), async (i) => {
      const a = await h.service.addAccount({ blogId: `busy${i}` }, actor);
      await h.service.updateSettings(a.id, { minIntervalMinutes: 0, dailyCap: 0, autoApprove: true }, actor);
      return a.id;
    });
    await inBatches(ids, (id, i) => h.service.schedulePost({ accountRef: id, topic: `바쁜 글 ${i}`, keywords: [], publishAt: null }, actor));

    let peak = await connections(probe, prefix);
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peak = Math.max(peak, await connections(probe, prefix));
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const t0 = Date.now();
    await h.core.start();
    await eventually(async () => (await h.db.draft.count({ where: { status: 'published' } })) === accounts, 'every post published', {
      timeoutMs: opts.smoke ? 60_000 : 900_000,
      intervalMs: 100,
    });
    const seconds = (Date.now() - t0) / 1000;
    sampling = false;
    await sampler;
    const last = await h.db.draft.aggregate({ _max: { publishedAt: true } });
    const slowest = ((last._max.publishedAt?.getTime() ?? Date.now()) - t0) / 1000;
    return {
      accounts,
      max_open_workers: cap,
      redis_connections_peak: peak,
      posts_per_s: Number((accounts / seconds).toFixed(1)),
      slowest_account_wait_s: Number(slowest.toFixed(2)),
    };
  } finally {
    probe.disconnect();
    await h.stop();
  }
}

// `node bench/sections/busy-accounts.ts [--smoke]` runs this section alone.
if (import.meta.main) console.log(JSON.stringify(await run({ smoke: process.argv.includes('--smoke') }), null, 2));
