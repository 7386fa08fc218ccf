// `npm run bench`: the pipeline's own costs with instant fake adapters, on the real Redis and PostgreSQL.
// Prints: drafts/s through generate → approve → publish for many accounts, Redis connections while busy and
// after the idle close, and how late a delayed job runs when its worker had been closed.
import { startHarness, admin } from '../tests/support/harness.ts';
import { eventually } from '../tests/support/eventually.ts';
import { generateJobId } from '../src/queues/jobs.ts';
import { requestGeneration } from '../src/drafts/jobs.ts';

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 20);
const POSTS = Number(process.env.BENCH_POSTS ?? 5);

async function clients(h: Awaited<ReturnType<typeof startHarness>>): Promise<number> {
  const list = String(await h.core.redis.client('LIST'));
  return list.split('\n').filter(Boolean).length;
}

const h = await startHarness({ config: { WORKER_IDLE_MS: 1_000 }, sweepMs: 100, worker: { drainDelay: 1 } });
try {
  const baseline = await clients(h);
  const actor = admin('bench');
  const accounts = [];
  for (let i = 0; i < ACCOUNTS; i++) {
    const a = await h.service.addAccount({ blogId: `bench${i}` }, actor);
    await h.service.updateSettings(a.id, { minIntervalMinutes: 0, dailyCap: 0, autoApprove: true }, actor);
    accounts.push(a);
  }
  const t0 = performance.now();
  for (const a of accounts) {
    for (let p = 0; p < POSTS; p++) await h.service.schedulePost({ accountRef: a.id, topic: `글 ${p}`, keywords: [], publishAt: null }, actor);
  }
  const total = ACCOUNTS * POSTS;
  let peakClients = 0;
  await eventually(async () => {
    peakClients = Math.max(peakClients, await clients(h));
    return (await h.db.draft.count({ where: { status: 'published' } })) === total;
  }, 'all published', { timeoutMs: 120_000 });
  const seconds = (performance.now() - t0) / 1000;
  const workerPairs = ACCOUNTS * 2; // one generate and one publish worker per account at most
  await eventually(() => h.core.queues.openWorkers().length === 0, 'idle workers closed', { timeoutMs: 30_000 });
  const idleClients = await clients(h);

  // a delayed job whose worker is closed
  const account = accounts[0]!;
  const draft = await h.db.draft.create({ data: { accountId: account.id, topic: 'late' } });
  const due = Date.now() + 2_000;
  await requestGeneration(h.core.queues, { accountId: account.id, draftId: draft.id, topic: 'late', keywords: [], requestedBy: 'bench' }, generateJobId(draft.id), 2_000);
  await eventually(async () => (await h.db.draft.findUniqueOrThrow({ where: { id: draft.id } })).status !== 'generating', 'late draft', { timeoutMs: 20_000 });
  const lateness = Date.now() - due;

  console.log(JSON.stringify({
    accounts: ACCOUNTS,
    posts: total,
    seconds: Number(seconds.toFixed(2)),
    draftsPerSecond: Number((total / seconds).toFixed(1)),
    redisClients: { baseline, peakWhileBusy: peakClients, afterIdleClose: idleClients, workersAtMost: workerPairs },
    delayedJobLatenessMs: lateness,
  }, null, 2));
} finally {
  await h.stop();
}
