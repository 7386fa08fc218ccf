// pipeline: posts through the real service code (generate → draft saved → auto-approve → publish → published,
// every state change and audit event written) with instant fakes at the edges, on the real Redis and
// PostgreSQL; and, in the same run, plain BullMQ doing the same shape of work with no database (the baseline).
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { startHarness, admin, REDIS_URL, deleteKeys } from '../../tests/support/harness.ts';
import { eventually } from '../../tests/support/eventually.ts';
import { countStatements } from '../support/statements.ts';
import { cpuSecondsOf, round } from '../support/procs.ts';
import { durableWritesFloor } from '../support/floor.ts';
import type { Notification, Notifier } from '../../src/ports.ts';

/** The service's own worker settings (src/queues/account-worker.ts defaults), for both sides. */
const WORKER = { lockDuration: 30_000, stalledInterval: 30_000, drainDelay: 5 };

export async function run(opts: { smoke: boolean }): Promise<Record<string, number>> {
  const accounts = opts.smoke ? 3 : Number(process.env.BENCH_PIPELINE_ACCOUNTS ?? 100);
  const perAccount = opts.smoke ? 2 : Number(process.env.BENCH_PIPELINE_POSTS ?? 20);
  const baseline = await baselineJobsPerSecond(accounts, perAccount);
  const measured = await pipeline(accounts, perAccount);
  // Not among the fields: the least a post's durable writes cost, and the ratio no design that makes them
  // one by one can beat (the floor's time and the baseline's jobs add up on the same cores).
  const floor = measured.floor;
  console.log(
    `pipeline: floor (4 durable one-row writes a post, nothing else): ${round(floor.postsPerSecond)} posts/s, CPU ms a post: postgres ${round(floor.pgCpuMsPerPost, 2)}, this process ${round(floor.cpuMsPerPost, 2)}; best ratio with them: ${round(baseline / floor.postsPerSecond + 1, 2)}`,
  );
  return {
    accounts,
    posts: measured.posts,
    posts_per_s: round(measured.postsPerSecond),
    baseline_jobs_per_s: round(baseline),
    ratio: round(baseline / measured.postsPerSecond, 2),
    db_statements_per_post: round(measured.statements / measured.posts, 1),
    cpu_ms_per_post: round(measured.cpuMs / measured.posts, 2),
  };
}

async function pipeline(accounts: number, perAccount: number) {
  const notifier = new CountingNotifier();
  // Every account's two workers may be open at once, as in the baseline (MAX_OPEN_WORKERS is busy_accounts').
  const h = await startHarness({ worker: WORKER, sweepMs: 1_000, notifier, config: { MAX_OPEN_WORKERS: 2 * accounts } });
  try {
    const actor = admin('bench');
    const ids: string[] = [];
    for (let i = 0; i < accounts; i++) {
      const a = await h.service.addAccount({ blogId: `bench${i}` }, actor);
      await h.service.updateSettings(a.id, { minIntervalMinutes: 0, dailyCap: 0, autoApprove: true }, actor);
      ids.push(a.id);
    }
    const total = accounts * perAccount;
    const statements = countStatements();
    const servers0 = { pg: cpuSecondsOf('postgres'), redis: cpuSecondsOf('redis-server') };
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    // Every account's posts are asked for one after another, the accounts at once (as channels would).
    await Promise.all(
      ids.map(async (accountRef) => {
        for (let p = 0; p < perAccount; p++) await h.service.schedulePost({ accountRef, topic: `글 ${p}`, keywords: [], publishAt: null }, actor);
      }),
    );
    await eventually(() => notifier.published >= total, 'every post published', { timeoutMs: 600_000, intervalMs: 10 });
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    // Not among the fields: where else the CPU of a post goes, printed for whoever reads the run.
    const perPost = (s: number) => round(((s * 1000) / total), 2);
    console.log(`pipeline: server CPU ms a post: postgres ${perPost(cpuSecondsOf('postgres') - servers0.pg)}, redis ${perPost(cpuSecondsOf('redis-server') - servers0.redis)}`);
    const sent = statements.read();
    const posts = await h.db.draft.count({ where: { status: 'published' } });
    const events = await h.db.draftEvent.count();
    // requested, writing is a notice only; submitted, publish_started, publish_submitted, published: 5 events a post.
    if (posts !== total || events < total * 5) throw new Error(`pipeline: ${posts}/${total} published with ${events} events`);
    const floor = await durableWritesFloor(h.config.DATABASE_URL, accounts, perAccount);
    return { posts, postsPerSecond: posts / seconds, statements: sent, cpuMs: (cpu.user + cpu.system) / 1000, floor };
  } finally {
    await h.stop();
  }
}

/** The channel, instant: counts the posts it was told are published (kept in memory, no database reads). */
class CountingNotifier implements Notifier {
  published = 0;
  async notify(n: Notification): Promise<void> {
    if (n.kind === 'draft' && n.draft.action === 'published') this.published++;
  }
}

/** Plain BullMQ: a generate queue per account whose worker adds a job to the account's publish queue. */
async function baselineJobsPerSecond(accounts: number, perAccount: number): Promise<number> {
  const prefix = `bapb_${randomBytes(4).toString('hex')}`;
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null, connectionName: `${prefix}:shared` });
  const queue = (kind: string, i: number) => new Queue(`${kind}_${i}`, { connection, prefix });
  const generate = Array.from({ length: accounts }, (_, i) => queue('generate', i));
  const publish = Array.from({ length: accounts }, (_, i) => queue('publish', i));
  let done = 0;
  const settings = { connection, prefix, concurrency: 1, ...WORKER };
  const workers = [
    ...generate.map((q, i) => new Worker(q.name, async (job) => void (await publish[i]!.add('publish', job.data)), settings)),
    ...publish.map((q) => new Worker(q.name, async () => void done++, settings)),
  ];
  try {
    await Promise.all([...generate, ...publish].map((q) => q.setGlobalConcurrency(1)));
    await Promise.all(workers.map((w) => w.waitUntilReady()));
    const total = accounts * perAccount;
    const t0 = performance.now();
    await Promise.all(generate.map(async (q, i) => {
      for (let p = 0; p < perAccount; p++) await q.add('generate', { accountId: String(i), topic: `글 ${p}` });
    }));
    await eventually(() => done >= total, 'every baseline job done', { timeoutMs: 300_000, intervalMs: 10 });
    return total / ((performance.now() - t0) / 1000);
  } finally {
    await Promise.all(workers.map((w) => w.close()));
    await Promise.all([...generate, ...publish].map((q) => q.close()));
    connection.disconnect();
    await deleteKeys(prefix);
  }
}
