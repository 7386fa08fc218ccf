// cluster: the same small pipeline (auto-approved posts over several accounts: generate → draft saved →
// publish → published, instant fakes at the edges) on a Redis Cluster of three masters that the bench starts
// on loopback ports 7110–7112, and on the single Redis, in the same run. ratio_to_single = cluster ÷ single.
import { startHarness, admin, REDIS_URL } from '../../tests/support/harness.ts';
import { eventually } from '../../tests/support/eventually.ts';
import { TestRedisCluster } from '../../tests/support/redis-server.ts';

async function postsPerSecond(redisUrl: string, accounts: number, posts: number): Promise<number> {
  const h = await startHarness({ config: { REDIS_URL: redisUrl } });
  try {
    const actor = admin('bench-cluster');
    const ids: string[] = [];
    for (let i = 0; i < accounts; i++) {
      const a = await h.service.addAccount({ blogId: `clusterbench${i}` }, actor);
      await h.service.updateSettings(a.id, { minIntervalMinutes: 0, dailyCap: 0, autoApprove: true }, actor);
      ids.push(a.id);
    }
    const t0 = performance.now();
    await Promise.all(ids.map(async (id) => {
      for (let p = 0; p < posts; p++) await h.service.schedulePost({ accountRef: id, topic: `글 ${p}`, keywords: [], publishAt: null }, actor);
    }));
    const total = accounts * posts;
    await eventually(async () => (await h.db.draft.count({ where: { status: 'published' } })) === total, 'every post published', { timeoutMs: 600_000, intervalMs: 50 });
    return total / ((performance.now() - t0) / 1000);
  } finally {
    await h.stop();
  }
}

export async function run(opts: { smoke: boolean }): Promise<Record<string, number>> {
  const [accounts, posts] = opts.smoke ? [4, 2] : [20, 10];
  const cluster = await TestRedisCluster.start(7110);
  try {
    const onCluster = await postsPerSecond(cluster.url, accounts, posts);
    const onSingle = await postsPerSecond(REDIS_URL, accounts, posts);
    return { nodes: cluster.ports.length, posts_per_s: Number(onCluster.toFixed(1)), ratio_to_single: Number((onCluster / onSingle).toFixed(2)) };
  } finally {
    await cluster.stop();
  }
}

// `node bench/sections/cluster.ts [--smoke]` runs this section alone.
if (import.meta.main) console.log(JSON.stringify(await run({ smoke: process.argv.includes('--smoke') }), null, 2));
