import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startHarness, admin } from '../support/harness.ts';
import { eventually } from '../support/eventually.ts';
import { requestGeneration } from '../../src/drafts/jobs.ts';
import { reconcile } from '../../src/drafts/reconcile.ts';

test('a worker killed with SIGKILL mid-job: after restart the job is recovered and the draft exists once', async () => {
  // This process only adds the job; the child process is the only worker until it is killed.
  const h = await startHarness({ runWorkers: false });
  let child: ReturnType<typeof spawn> | undefined;
  try {
    const actor = admin('chan-kill');
    const account = await h.service.addAccount({ blogId: 'killblog' }, actor);
    child = spawn(process.execPath, ['tests/pipeline/worker-process.ts'], {
      env: { ...process.env, TEST_DB_URL: h.testDb.url, TEST_PREFIX: h.config.QUEUE_PREFIX },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    await eventually(() => out.includes('READY'), 'child worker ready', { timeoutMs: 15_000 });

    // A cron-style job: no draft yet, the job makes it (once) from its job id.
    await requestGeneration(h.core.queues, { accountId: account.id, topic: '복구 테스트', keywords: [], requestedBy: 'scheduler' }, 'sched-kill-1');
    await eventually(() => out.includes('WRITING 복구 테스트'), 'child started the job');
    assert.equal(await h.db.draft.count({ where: { accountId: account.id } }), 1, 'the draft is saved before the writer runs');
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));

    const restarted = await h.replica({ worker: { lockDuration: 1_500, stalledInterval: 500, drainDelay: 1 } });
    const draft = await eventually(
      () => restarted.db.draft.findFirst({ where: { accountId: account.id, status: 'pending_approval' } }),
      'recovered job finished',
      { timeoutMs: 15_000 },
    );
    assert.equal(draft.topic, '복구 테스트');
    assert.equal(await h.db.draft.count({ where: { accountId: account.id } }), 1, 'the draft exists exactly once');
    assert.equal(restarted.writer.calls.length, 1);
    // The draft is saved a moment before its job is marked done.
    const job = await restarted.core.queues.queue('generate', account.id).getJob('sched-kill-1');
    await eventually(async () => (await job?.getState()) === 'completed', 'the recovered job completed', { timeoutMs: 10_000 });
  } finally {
    child?.kill('SIGKILL');
    await h.stop();
  }
});

test('a draft saved but never queued (a crash between the two) gets its job when a worker replica starts', async () => {
  const h = await startHarness({ runWorkers: false });
  try {
    const actor = admin('chan-orphans');
    const account = await h.service.addAccount({ blogId: 'orphanblog' }, actor);
    await h.service.updateSettings(account.id, { minIntervalMinutes: 0 }, actor);
    // As if the process died right after each commit: rows, but no jobs.
    const unwritten = await h.db.draft.create({ data: { accountId: account.id, topic: '잃어버릴 뻔한 글' } });
    const unpublished = await h.db.draft.create({
      data: { accountId: account.id, topic: '승인된 글', title: '승인된 글', body: [{ type: 'paragraph', text: '본문' }], tags: [], status: 'approved' },
    });
    const worker = await h.replica({ runWorkers: true });
    await eventually(async () => (await h.db.draft.findUniqueOrThrow({ where: { id: unwritten.id } })).status === 'pending_approval', 'written');
    await eventually(async () => (await h.db.draft.findUniqueOrThrow({ where: { id: unpublished.id } })).status === 'published', 'published');
    assert.equal(worker.writer.calls.length, 1);
    assert.equal(worker.publisher.attempts.length, 1);
    // a second start finds nothing to do
    assert.deepEqual(await reconcile(worker.core.domain), { generate: 0, publish: 0, check: 0, deadLetters: 0, paused: 0 });
  } finally {
    await h.stop();
  }
});
