// MAX_OPEN_WORKERS: a replica keeps at most that many account workers open; more accounts with work take
// turns, one job at a time, so every post is done, in order per account, and no account waits for all others.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, admin, type Harness } from '../support/harness.ts';
import { FakePublisher, FakeWriter } from '../support/fakes.ts';
import { eventually } from '../support/eventually.ts';
import { generateJobId } from '../../src/queues/jobs.ts';
import { requestGeneration } from '../../src/drafts/jobs.ts';

const actor = admin('chan-cap');

async function busyAccounts(h: Harness, accounts: number, posts: number, tag: string) {
  const made: Array<{ accountId: string; blogId: string; drafts: string[] }> = [];
  for (let i = 0; i < accounts; i++) {
    const a = await h.service.addAccount({ blogId: `${tag}${i}` }, actor);
    await h.service.updateSettings(a.id, { minIntervalMinutes: 0, dailyCap: 0, autoApprove: true }, actor);
    const drafts: string[] = [];
    for (let p = 0; p < posts; p++) drafts.push((await h.service.schedulePost({ accountRef: a.id, topic: `${tag} ${i}-${p}`, keywords: [], publishAt: null }, actor)).id);
    made.push({ accountId: a.id, blogId: `${tag}${i}`, drafts });
  }
  return made;
}

/** Samples the replicas' open workers until stopped; returns the most seen at once on any one of them. */
function sampleOpenWorkers(replicas: Harness[]): () => number {
  let most = 0;
  const timer = setInterval(() => {
    for (const r of replicas) most = Math.max(most, r.core.queues.openWorkers().length);
  }, 5);
  return () => (clearInterval(timer), most);
}

const published = (h: Harness, ids: string[]) => h.db.draft.count({ where: { id: { in: ids }, status: 'published' } });

test('with two worker slots, six busy accounts take turns: every post is published, in order, none waits for all others', async () => {
  // The posts are queued while no worker runs, so the six accounts all have work when the worker replica starts.
  const h = await startHarness({ runWorkers: false });
  try {
    const accounts = await busyAccounts(h, 6, 3, 'capped');
    const writer = new FakeWriter();
    const publisher = new FakePublisher();
    const replica = await h.replica({ runWorkers: true, writer, publisher, config: { MAX_OPEN_WORKERS: 2 } });
    const most = sampleOpenWorkers([replica]);
    const all = accounts.flatMap((a) => a.drafts);
    await eventually(async () => (await published(h, all)) === all.length, 'every post published', { timeoutMs: 60_000 });
    assert.ok(most() <= 2, 'never more than two workers open');
    assert.equal(replica.core.queues.waitingForWorker(), 0);

    for (const a of accounts) {
      const order = publisher.attempts.filter((r) => r.accountId === a.accountId).map((r) => r.draftId);
      assert.deepEqual(order, a.drafts, `${a.blogId}'s posts went out in the order they were asked for`);
    }
    // Fairness: every account had its first draft written before any account had its last one written.
    const calls = writer.calls.map((c) => c.account.blogId);
    const firsts = accounts.map((a) => calls.indexOf(a.blogId));
    const lasts = accounts.map((a) => calls.lastIndexOf(a.blogId));
    assert.ok(Math.max(...firsts) < Math.min(...lasts), `no account waited for all the others (${calls.join(' ')})`);
  } finally {
    await h.stop();
  }
});

test('two replicas with one worker slot each: one job at a time per account, and a delayed job still runs when due', async () => {
  const writer = new FakeWriter();
  writer.delayMs = 30;
  const publisher = new FakePublisher();
  const h = await startHarness({ writer, publisher, config: { MAX_OPEN_WORKERS: 1 } });
  try {
    const replica = await h.replica({ writer, publisher, config: { MAX_OPEN_WORKERS: 1 } });
    const most = sampleOpenWorkers([h, replica]);
    const accounts = await busyAccounts(h, 3, 3, 'paired');
    // A job delayed behind the busy accounts: only the due wake-ups can give it a worker slot.
    const late = await h.service.addAccount({ blogId: 'pairedlate' }, actor);
    const draft = await h.db.draft.create({ data: { accountId: late.id, topic: '나중' } });
    const dueAt = Date.now() + 800;
    await requestGeneration(h.core.queues, { accountId: late.id, draftId: draft.id, topic: '나중', keywords: [], requestedBy: 'test' }, generateJobId(draft.id), 800);

    const all = accounts.flatMap((a) => a.drafts);
    await eventually(async () => (await published(h, all)) === all.length, 'every post published', { timeoutMs: 60_000 });
    const written = await eventually(async () => {
      const d = await h.db.draft.findUniqueOrThrow({ where: { id: draft.id } });
      return d.status !== 'generating' && d;
    }, 'the delayed draft written', { timeoutMs: 30_000 });
    assert.ok(written.updatedAt.getTime() >= dueAt, 'the delayed job waited for its time');
    assert.ok(most() <= 1, 'never more than one worker open on a replica');
    for (const a of accounts) {
      assert.equal(writer.probe.maxPerKey.get(a.blogId), 1, `${a.blogId} never had two drafts written at once`);
      assert.equal(publisher.probe.maxPerKey.get(a.accountId), 1, `${a.blogId} never had two posts published at once`);
      const order = publisher.attempts.filter((r) => r.accountId === a.accountId).map((r) => r.draftId);
      assert.deepEqual(order, a.drafts, `${a.blogId}'s posts went out in order`);
    }
  } finally {
    await h.stop();
  }
});
