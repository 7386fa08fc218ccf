import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, admin, type Harness } from '../support/harness.ts';
import { FakePublisher, FakeWriter } from '../support/fakes.ts';
import { eventually } from '../support/eventually.ts';
import type { ArticlePublisher, ArticleWriter } from '../../src/ports.ts';

// ROLE=bot is a core with runWorkers:false (adds jobs through the service, runs no worker); ROLE=worker is a
// core with runWorkers:true. One bot and two workers share PostgreSQL and the Redis queue prefix.

const writer = new FakeWriter();
const publisher = new FakePublisher();
writer.delayMs = 60;
publisher.delayMs = 60;
const jobsBy = new Map<string, number>();

/** Each worker replica's adapters record which replica ran the job, then delegate to the shared fakes. */
function tagged(name: string): { writer: ArticleWriter; publisher: ArticlePublisher } {
  const count = () => jobsBy.set(name, (jobsBy.get(name) ?? 0) + 1);
  return {
    writer: { write: (req, signal) => (count(), writer.write(req, signal)) },
    publisher: {
      publish: (req, opts) => (count(), publisher.publish(req, opts)),
      findPublished: (req) => publisher.findPublished(req),
      close: async () => undefined,
    },
  };
}

let bot: Harness;
let workers: Harness[];
before(async () => {
  bot = await startHarness({ runWorkers: false });
  workers = [await bot.replica({ runWorkers: true, ...tagged('w1') }), await bot.replica({ runWorkers: true, ...tagged('w2') })];
});
after(async () => {
  await bot.stop();
});

test('one bot and two workers on the same Redis and PostgreSQL publish every post exactly once, one job per account queue at a time', async () => {
  const actor = admin('chan-roles');
  const accounts: Array<{ id: string; blogId: string }> = [];
  for (const blogId of ['rolesa', 'rolesb', 'rolesc']) {
    const a = await bot.service.addAccount({ blogId }, actor);
    await bot.service.updateSettings(a.id, { autoApprove: true, dailyCap: 0, minIntervalMinutes: 0 }, actor);
    accounts.push(a);
  }
  const drafts: Array<{ id: string }> = [];
  for (let i = 0; i < 5; i++) {
    for (const a of accounts) drafts.push(await bot.service.schedulePost({ accountRef: a.id, topic: `주제 ${i}`, keywords: [], publishAt: null }, actor));
  }
  assert.deepEqual(bot.core.queues.openWorkers(), [], 'the bot runs no worker');

  await eventually(
    async () => (await bot.db.draft.count({ where: { id: { in: drafts.map((d) => d.id) }, status: 'published' } })) === drafts.length,
    'every draft published',
    { timeoutMs: 30_000 },
  );
  // Exactly once: one publish attempt and one post per draft, one write per draft.
  assert.equal(publisher.posts.size, drafts.length);
  assert.equal(publisher.attempts.length, drafts.length);
  assert.equal(new Set(publisher.attempts.map((r) => r.draftId)).size, drafts.length);
  assert.equal(writer.calls.length, drafts.length);
  // Never two jobs of one account's queue at once, across both worker processes.
  for (const a of accounts) {
    assert.equal(writer.probe.maxPerKey.get(a.blogId), 1, `generate concurrency of ${a.blogId}`);
    assert.equal(publisher.probe.maxPerKey.get(a.id), 1, `publish concurrency of ${a.id}`);
  }
  // Different accounts did run in parallel; every job ran on a worker replica (which one BullMQ picks is
  // its own business), and the bot did no job.
  assert.ok(writer.probe.maxOverall > 1 || publisher.probe.maxOverall > 1, 'accounts ran in parallel');
  assert.equal((jobsBy.get('w1') ?? 0) + (jobsBy.get('w2') ?? 0), drafts.length * 2, `jobs per worker: ${JSON.stringify([...jobsBy])}`);
  assert.equal(bot.writer.calls.length, 0);
  assert.equal(bot.publisher.attempts.length, 0);
  for (const w of workers) assert.ok(w.core.queues.openWorkers().length > 0);
});
