import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, admin, type Harness } from '../support/harness.ts';
import { FakeWriter } from '../support/fakes.ts';
import { eventually } from '../support/eventually.ts';
import { RetryableError } from '../../src/errors.ts';
import { refused } from '../support/refusals.ts';
import { generateJobId } from '../../src/queues/jobs.ts';
import { requestGeneration } from '../../src/drafts/jobs.ts';

const statusOf = async (h: Harness, id: string) => (await h.db.draft.findUniqueOrThrow({ where: { id } })).status;

test('two replicas never run two jobs of one account at once, while other accounts run in parallel', async () => {
  const writer = new FakeWriter();
  writer.delayMs = 250;
  const h = await startHarness({ writer });
  try {
    const replica = await h.replica({ writer });
    const actor = admin('chan-replicas');
    const a = await h.service.addAccount({ blogId: 'replica-a' }, actor);
    const b = await h.service.addAccount({ blogId: 'replica-b' }, actor);
    const drafts: Array<{ id: string }> = [];
    for (let i = 0; i < 4; i++) {
      drafts.push(await h.service.schedulePost({ accountRef: a.id, topic: `A ${i}`, keywords: [], publishAt: null }, actor));
      drafts.push(await replica.service.schedulePost({ accountRef: b.id, topic: `B ${i}`, keywords: [], publishAt: null }, actor));
    }
    await eventually(async () => {
      const statuses = await Promise.all(drafts.map((d) => statusOf(h, d.id)));
      return statuses.every((s) => s === 'pending_approval');
    }, 'all drafts written', { timeoutMs: 20_000 });
    assert.equal(writer.calls.length, 8);
    assert.equal(writer.probe.maxPerKey.get('replica-a'), 1, 'account A never ran two jobs at once');
    assert.equal(writer.probe.maxPerKey.get('replica-b'), 1, 'account B never ran two jobs at once');
    assert.ok(writer.probe.maxOverall >= 2, 'the two accounts ran in parallel');
    // both replicas had workers for these accounts
    assert.ok(h.core.queues.openWorkers().length > 0 && replica.core.queues.openWorkers().length > 0);
  } finally {
    await h.stop();
  }
});

test('a delayed job for an account whose worker was closed runs when it comes due', async () => {
  const h = await startHarness({ config: { WORKER_IDLE_MS: 300 }, sweepMs: 100 });
  try {
    const actor = admin('chan-delayed');
    const account = await h.service.addAccount({ blogId: 'sleepyblog' }, actor);
    const first = await h.service.schedulePost({ accountRef: account.id, topic: '첫 글', keywords: [], publishAt: null }, actor);
    await eventually(async () => (await statusOf(h, first.id)) === 'pending_approval', 'the first draft written');
    await eventually(() => h.core.queues.openWorkers().length === 0, 'idle worker closed', { timeoutMs: 5_000 });

    const draft = await h.db.draft.create({ data: { accountId: account.id, topic: '나중 글' } });
    const dueAt = Date.now() + 1_200;
    await requestGeneration(h.core.queues, { accountId: account.id, draftId: draft.id, topic: '나중 글', keywords: [], requestedBy: 'test' }, generateJobId(draft.id), 1_200);
    // Another account's delayed job, due at once: only a sweep of the due wake-ups opens its worker.
    const other = await h.service.addAccount({ blogId: 'sweptblog' }, actor);
    const otherDraft = await h.db.draft.create({ data: { accountId: other.id, topic: '바로 글' } });
    await requestGeneration(h.core.queues, { accountId: other.id, draftId: otherDraft.id, topic: '바로 글', keywords: [], requestedBy: 'test' }, generateJobId(otherDraft.id), 1);
    await eventually(() => h.core.queues.openWorkers().some((w) => w.accountId === other.id), 'a sweep to open the worker of the job that came due');
    assert.deepEqual(h.core.queues.openWorkers().filter((w) => w.accountId === account.id), [], 'no worker is opened before the job is due');
    await eventually(async () => (await statusOf(h, draft.id)) === 'pending_approval', 'delayed job ran', { timeoutMs: 8_000 });
    assert.ok(Date.now() >= dueAt);
  } finally {
    await h.stop();
  }
});

test('a job that fails every attempt ends as one dead letter, one dlq job and one alert', async () => {
  const writer = new FakeWriter();
  writer.failNext(new RetryableError('Gemini is overloaded (503).', 'gemini_unavailable'), 3);
  const h = await startHarness({ writer });
  try {
    const actor = admin('chan-dlq');
    const account = await h.service.addAccount({ blogId: 'dlqblog' }, actor);
    const draft = await h.service.schedulePost({ accountRef: account.id, topic: '실패', keywords: [], publishAt: null }, actor);
    await eventually(async () => (await statusOf(h, draft.id)) === 'generation_failed', 'generation failed');
    // the row, the dlq job and the alert come in that order: the alert is the last
    await eventually(() => h.notifier.of('dead_letter').length > 0, 'dead-letter alert');
    const dead = await h.db.deadLetter.findMany({ where: { accountId: account.id } });
    assert.equal(dead.length, 1);
    assert.equal(dead[0]!.errorClass, 'gemini_unavailable');
    assert.equal(dead[0]!.attempts, 3);
    assert.equal(dead[0]!.draftId, draft.id);
    assert.equal(writer.calls.length, 3);
    assert.equal(await h.core.dlq.count(), 1);
    const alerts = h.notifier.of('dead_letter');
    assert.equal(alerts.length, 1);
    assert.deepEqual(alerts[0]!.channelIds, ['chan-dlq']);
    const saved = await h.db.draft.findUniqueOrThrow({ where: { id: draft.id } });
    assert.equal(saved.lastErrorClass, 'gemini_unavailable');

    // Retry re-runs it (the writer now works); the dead letter is resolved.
    await h.service.retryDeadLetter(dead[0]!.id, actor);
    await eventually(async () => (await statusOf(h, draft.id)) === 'pending_approval', 'retried draft written');
    const resolved = await h.db.deadLetter.findUniqueOrThrow({ where: { id: dead[0]!.id } });
    assert.equal(resolved.resolution, 'retried');
    assert.equal(await h.core.dlq.count(), 0, 'the dlq job goes with the resolved letter');
    assert.equal(resolved.resolvedBy, actor.userId);
    await assert.rejects(h.service.retryDeadLetter(dead[0]!.id, actor), refused('dead_letter_resolved', /already retried/));
  } finally {
    await h.stop();
  }
});

test('a malformed job payload fails at once with a clear reason and is not retried', async () => {
  const h = await startHarness();
  try {
    const account = await h.service.addAccount({ blogId: 'malformed' }, admin('chan-malformed'));
    const job = await h.core.queues.add('generate', account.id, 'generate', { accountId: account.id, topic: 42 }, { jobId: 'bad-payload-1' });
    await eventually(() => h.notifier.of('dead_letter').length > 0, 'dead-letter alert');
    const dead = await h.db.deadLetter.findFirstOrThrow({ where: { jobId: 'bad-payload-1' } });
    assert.equal(dead.errorClass, 'invalid_payload');
    assert.match(dead.errorMessage, /generate job payload is malformed \(topic: .*\)/);
    assert.equal(dead.attempts, 1);
    const failed = await h.core.queues.queue('generate', account.id).getJob(job.id!);
    assert.equal(failed?.attemptsMade, 1);
    assert.equal(h.writer.calls.length, 0);
    assert.equal(h.notifier.of('dead_letter').length, 1);
  } finally {
    await h.stop();
  }
});

test('a job that hangs past its timeout is aborted and the next job of that account runs', async () => {
  const writer = new FakeWriter();
  writer.hangNext(true); // ignores the abort signal entirely: the worker must still be freed
  const h = await startHarness({ writer, config: { GENERATE_TIMEOUT_MS: 400, JOB_ATTEMPTS: 1 } });
  try {
    const actor = admin('chan-hang');
    const account = await h.service.addAccount({ blogId: 'hangblog' }, actor);
    const stuck = await h.service.schedulePost({ accountRef: account.id, topic: '멈춤', keywords: [], publishAt: null }, actor);
    const next = await h.service.schedulePost({ accountRef: account.id, topic: '다음', keywords: [], publishAt: null }, actor);
    await eventually(async () => (await statusOf(h, next.id)) === 'pending_approval', 'next job ran', { timeoutMs: 8_000 });
    const failed = await h.db.draft.findUniqueOrThrow({ where: { id: stuck.id } });
    assert.equal(failed.status, 'generation_failed');
    assert.equal(failed.lastErrorClass, 'timeout');
    assert.match(failed.lastError ?? '', /did not finish within 400 ms/);
  } finally {
    await h.stop();
  }
});

test('at start, a replica opens workers for every account with waiting or delayed jobs', async () => {
  // Jobs are added while no replica runs workers (e.g. only the bot was up).
  const h = await startHarness({ runWorkers: false });
  try {
    const actor = admin('chan-start');
    const waiting = await h.service.addAccount({ blogId: 'startwaiting' }, actor);
    const delayed = await h.service.addAccount({ blogId: 'startdelayed' }, actor);
    const now = await h.service.schedulePost({ accountRef: waiting.id, topic: '바로', keywords: [], publishAt: null }, actor);
    const later = await h.db.draft.create({ data: { accountId: delayed.id, topic: '나중' } });
    await requestGeneration(h.core.queues, { accountId: delayed.id, draftId: later.id, topic: '나중', keywords: [], requestedBy: 'test' }, generateJobId(later.id), 1_500);
    // the wake-up registered at add time is gone (e.g. Redis was restored without it): start must find the job itself
    await h.core.redis.del(`${h.config.QUEUE_PREFIX}:wakeups`);
    // The only replica up runs no worker, so the job can only wait: nothing runs without a worker replica.
    assert.deepEqual(h.core.queues.openWorkers(), []);
    assert.equal((await h.core.queues.counts('generate', waiting.id)).waiting, 1);
    assert.equal(await statusOf(h, now.id), 'generating', 'nothing runs without a worker replica');

    const worker = await h.replica({ runWorkers: true });
    await eventually(async () => (await statusOf(h, now.id)) === 'pending_approval', 'waiting job ran after start', { timeoutMs: 8_000 });
    assert.equal(await statusOf(h, later.id), 'generating', 'the delayed job waits for its time');
    await eventually(async () => (await statusOf(h, later.id)) === 'pending_approval', 'delayed job ran when due', { timeoutMs: 8_000 });
    assert.equal(worker.writer.calls.length, 2);
  } finally {
    await h.stop();
  }
});

test('a replica that only adds jobs lets its idle queues go too', async () => {
  const h = await startHarness({ runWorkers: false, config: { WORKER_IDLE_MS: 300 }, sweepMs: 100 });
  try {
    const actor = admin('chan-botqueues');
    const account = await h.service.addAccount({ blogId: 'botqueues' }, actor);
    await h.service.schedulePost({ accountRef: account.id, topic: '봇', keywords: [], publishAt: null }, actor);
    assert.ok(h.core.queues.openQueues().some((q) => q.name === `generate_${account.id}`));
    await eventually(() => h.core.queues.openQueues().length === 0, 'idle queues dropped', { timeoutMs: 5_000 });
    // and they come back on use, with the job still there
    const counts = await h.core.queues.counts('generate', account.id);
    assert.equal(counts.waiting, 1);
  } finally {
    await h.stop();
  }
});
