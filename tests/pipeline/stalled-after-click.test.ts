// BullMQ fails a job whose replica died twice while running it ("job stalled more than allowable limit"). For
// a publish job whose final click had happened, the post may exist: the channel must be asked, not offered a
// Retry that publishes a second time.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { UnrecoverableError } from 'bullmq';
import { startHarness, admin, type Harness } from '../support/harness.ts';
import { eventually } from '../support/eventually.ts';
import { publishJobId } from '../../src/queues/jobs.ts';
import { recordDeadLetter } from '../../src/dead-letters/record.ts';

let h: Harness;
before(async () => {
  // No worker here: the replicas that ran (and lost) the job are gone; this one only handles its failure.
  h = await startHarness({ runWorkers: false });
});
after(async () => {
  await h.stop();
});

async function draftInPublishing(blogId: string, clicked: boolean) {
  const actor = admin(`chan-${blogId}`);
  const account = await h.service.addAccount({ blogId }, actor);
  const draft = await h.db.draft.create({
    data: { accountId: account.id, topic: '글', title: '성수동 카페', body: [{ type: 'paragraph', text: '본문' }], tags: [], status: 'publishing', submittedAt: clicked ? new Date() : null },
  });
  await h.db.draftEvent.create({ data: { draftId: draft.id, actor: 'system', action: 'publish_started', fromStatus: 'approved', toStatus: 'publishing' } });
  const job = await h.core.queues.add('publish', account.id, 'publish', { accountId: account.id, draftId: draft.id }, { jobId: publishJobId(draft.id) });
  return { account, draft, job };
}

test('a publish job given up after the final click asks the channel to settle it instead of raising a dead letter', async () => {
  const { account, draft, job } = await draftInPublishing('stalledclick', true);
  await recordDeadLetter(h.core.domain, 'publish', account.id, job, new UnrecoverableError('job stalled more than allowable limit'));

  const saved = await h.db.draft.findUniqueOrThrow({ where: { id: draft.id } });
  assert.equal(saved.status, 'publish_unconfirmed');
  assert.match(saved.lastError ?? '', /Mark published or Publish again/);
  assert.equal(await h.db.deadLetter.count({ where: { draftId: draft.id } }), 0, 'no dead letter whose Retry would publish again');
  await eventually(() => h.notifier.draftActions(draft.id).includes('publish_unconfirmed'), 'the channel is asked', { timeoutMs: 5_000 });
  assert.equal(h.notifier.of('dead_letter').filter((d) => d.draftId === draft.id).length, 0);
});

test('a publish job given up before the final click is a dead letter, as before', async () => {
  const { account, draft, job } = await draftInPublishing('stallednoclick', false);
  await recordDeadLetter(h.core.domain, 'publish', account.id, job, new UnrecoverableError('job stalled more than allowable limit'));
  assert.equal((await h.db.draft.findUniqueOrThrow({ where: { id: draft.id } })).status, 'publish_failed');
  assert.equal(await h.db.deadLetter.count({ where: { draftId: draft.id } }), 1);
});
