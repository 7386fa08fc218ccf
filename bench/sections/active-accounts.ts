// active_accounts: many accounts get work at the same moment, then go quiet. Redis connections at the peak (a
// worker holds a blocking connection while its account has work) and once the idle workers have closed (the
// idle period shortened for the bench). The real service code in this process, on a redis-server of its own.
import { startHarness, admin } from '../../tests/support/harness.ts';
import { eventually } from '../../tests/support/eventually.ts';
import { PrivateRedis } from '../../tests/ops/support/redis-server.ts';
import { RedisProbe } from '../support/redis-probe.ts';

export async function run(opts: { smoke: boolean }): Promise<Record<string, number>> {
  const accounts = opts.smoke ? 5 : Number(process.env.BENCH_ACTIVE_ACCOUNTS ?? 100);
  const redis = await PrivateRedis.start();
  const probe = new RedisProbe(redis.url);
  const h = await startHarness({ config: { REDIS_URL: redis.url, WORKER_IDLE_MS: 2_000 }, sweepMs: 250, worker: { drainDelay: 1 } });
  let peak = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peak = Math.max(peak, (await probe.clientNames()).length);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  try {
    const actor = admin('bench');
    const ids: string[] = [];
    for (let i = 0; i < accounts; i++) {
      const a = await h.service.addAccount({ blogId: `active${i}` }, actor);
      await h.service.updateSettings(a.id, { minIntervalMinutes: 0, dailyCap: 0, autoApprove: true }, actor);
      ids.push(a.id);
    }
    // Two posts each, asked for at once: generate and publish workers are open together for a while.
    await Promise.all(ids.map((accountRef) => Promise.all([0, 1].map((p) => h.service.schedulePost({ accountRef, topic: `글 ${p}`, keywords: [], publishAt: null }, actor)))));
    await eventually(async () => (await h.db.draft.count({ where: { status: 'published' } })) === accounts * 2, 'every post published', { timeoutMs: 300_000, intervalMs: 100 });
    await eventually(() => h.core.queues.openWorkers().length === 0, 'the idle workers closed', { timeoutMs: 120_000, intervalMs: 100 });
    // The checks queue's worker goes idle too; give its last job a moment to finish.
    await eventually(async () => (await h.core.checks.queue.getActiveCount()) === 0, 'the checks done', { timeoutMs: 60_000 });
    sampling = false;
    await sampler;
    const after = (await probe.clientNames()).length;
    return { accounts, redis_connections_peak: peak, redis_connections_after_idle: after };
  } finally {
    sampling = false;
    await sampler.catch(() => undefined);
    await h.stop();
    await probe.close();
    await redis.kill();
  }
}
