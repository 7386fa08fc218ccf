// The pipeline on a Redis Cluster of three masters that the test starts itself (REDIS_URL=redis+cluster://…):
// drafts written, approved and published for several accounts over two replicas, a delayed job, a schedule
// tick, the draft-request limit's Lua script and a login relay's keys; each account's queues in one hash slot,
// the accounts' queues spread over the nodes; start-up finding the few queues with jobs among many idle accounts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, admin, quietLogger, type Harness } from '../support/harness.ts';
import { eventually } from '../support/eventually.ts';
import { TestRedisCluster } from '../support/redis-server.ts';
import { generateJobId } from '../../src/queues/jobs.ts';
import { requestGeneration } from '../../src/drafts/jobs.ts';
import { Scheduler } from '../../src/scheduling/index.ts';
import { startAmongIdleAccounts } from '../support/idle-start.ts';

let cluster: TestRedisCluster;
before(async () => {
  cluster = await TestRedisCluster.start(7100);
});
after(async () => {
  await cluster?.stop();
});

const statusOf = async (h: Harness, id: string) => (await h.db.draft.findUniqueOrThrow({ where: { id } })).status;

test('on a Redis Cluster, posts of several accounts are written, approved and published; delayed jobs and schedule ticks run', async () => {
  // Three worker slots per replica for eight accounts: the workers also take turns on the cluster.
  const h = await startHarness({ config: { REDIS_URL: cluster.url, DRAFT_REQUESTS_PER_MEMBER_HOUR: 100, MAX_OPEN_WORKERS: 3 } });
  const scheduler = new Scheduler({ db: h.db, queues: h.core.queues, redis: h.core.redis, prefix: h.config.QUEUE_PREFIX, logger: quietLogger() });
  try {
    assert.equal(h.core.redis.isCluster, true);
    const replica = await h.replica({ config: { REDIS_URL: cluster.url, MAX_OPEN_WORKERS: 3 } });
    const actor = admin('chan-cluster');
    const accounts = [];
    const drafts: string[] = [];
    for (let i = 0; i < 8; i++) {
      const a = await h.service.addAccount({ blogId: `cluster${i}` }, actor);
      await h.service.updateSettings(a.id, { minIntervalMinutes: 0, dailyCap: 0 }, actor);
      accounts.push(a);
      const via = i % 2 ? replica : h;
      drafts.push((await via.service.schedulePost({ accountRef: a.id, topic: `클러스터 ${i}`, keywords: [], publishAt: null }, actor)).id);
    }
    await eventually(async () => (await Promise.all(drafts.map((d) => statusOf(h, d)))).every((s) => s === 'pending_approval'), 'every draft written', { timeoutMs: 30_000 });
    for (const [i, d] of drafts.entries()) await (i % 2 ? replica : h).service.approve(d, actor);
    await eventually(async () => (await Promise.all(drafts.map((d) => statusOf(h, d)))).every((s) => s === 'published'), 'every draft published', { timeoutMs: 30_000 });

    // A delayed job whose account has no open worker: the wake-up set brings it in when due.
    const late = await h.db.draft.create({ data: { accountId: accounts[0]!.id, topic: '나중' } });
    const dueAt = Date.now() + 800;
    await requestGeneration(h.core.queues, { accountId: accounts[0]!.id, draftId: late.id, topic: '나중', keywords: [], requestedBy: 'test' }, generateJobId(late.id), 800);
    await eventually(async () => (await statusOf(h, late.id)) === 'pending_approval', 'the delayed draft written', { timeoutMs: 20_000 });
    assert.ok((await h.db.draft.findUniqueOrThrow({ where: { id: late.id } })).updatedAt.getTime() >= dueAt);

    // A schedule: the change reaches the Scheduler over pub/sub on the cluster, and a tick becomes a draft.
    await scheduler.start();
    const schedule = await h.service.createSchedule({ accountRef: accounts[1]!.id, cron: '0 0 1 1 *', topics: ['새해 인사'] }, actor);
    await eventually(() => scheduler.scheduled().includes(schedule.id), 'the scheduler to hear of the new schedule');
    assert.equal(await scheduler.fire(schedule.id, new Date(Math.floor(Date.now() / 60_000) * 60_000)), 'fired');
    await eventually(() => h.db.draft.findFirst({ where: { scheduleId: schedule.id, status: 'pending_approval' } }), 'the scheduled draft written', { timeoutMs: 20_000 });

    // A login relay that nobody holds: its two keys are removed one command each (no cross-slot DEL).
    assert.equal(await h.core.relays.deliver('no-such-relay', { type: 'cancel', by: actor.userId }), 'ended');

    // Each account's queues in one slot (one node); the accounts' queues on more than one node.
    const prefix = h.config.QUEUE_PREFIX;
    const nodesOf = new Map<string, Set<number>>();
    for (const port of cluster.ports) {
      for (const key of await cluster.keysOn(port, `${prefix}:*`)) {
        assert.doesNotMatch(key, /^[^:]+:(generate|publish|dlq|checks)[_:]/, 'no queue key without a hash tag');
        const m = /^[^:]+:\{([^}]+)\}:(generate|publish)_/.exec(key);
        if (m) nodesOf.set(m[1]!, (nodesOf.get(m[1]!) ?? new Set()).add(port));
      }
    }
    assert.deepEqual([...nodesOf.keys()].sort(), accounts.map((a) => a.id).sort(), 'every account has its queues under its hash tag');
    for (const [id, nodes] of nodesOf) assert.equal(nodes.size, 1, `account ${id}'s queue keys are on one node`);
    assert.ok(new Set([...nodesOf.values()].map((s) => [...s][0])).size >= 2, 'the accounts’ queues are spread over the nodes');
    assert.equal(await cluster.nodeOf(`${prefix}:{${accounts[0]!.id}}:publish_${accounts[0]!.id}:meta`), await cluster.nodeOf(`${prefix}:{${accounts[0]!.id}}:generate_${accounts[0]!.id}:meta`));
  } finally {
    await scheduler.stop();
    await h.stop();
  }
});

test('on a Redis Cluster, a replica starting among idle accounts finds the queues with jobs in every hash slot', async () => {
  // Accounts' keys lie in different slots, so they are read one account a call (a script may not cross slots).
  const s = await startAmongIdleAccounts(cluster.url, 400);
  assert.deepEqual(s.openWorkers, ['generate_acct7', 'publish_acct100']);
  assert.ok(s.delayedDueAt !== null && Math.abs(s.delayedDueAt - s.delayedAt) < 5_000, 'the delayed job is registered for its due time');
  assert.deepEqual(s.openQueues, ['generate_acct399', 'generate_acct7', 'publish_acct100']);
});
