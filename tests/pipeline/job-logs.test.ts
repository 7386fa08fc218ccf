import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { startHarness, admin } from '../support/harness.ts';
import { FakeWriter } from '../support/fakes.ts';
import { eventually } from '../support/eventually.ts';
import { createLogger } from '../../src/logging.ts';
import { RetryableError } from '../../src/errors.ts';

test('every job log line names its account, draft and job', async () => {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const writer = new FakeWriter();
  writer.failNext(new RetryableError('Gemini is overloaded (503).', 'gemini_unavailable'), 1);
  const h = await startHarness({ writer, logger: createLogger({ level: 'info', destination: sink }), config: { JOB_ATTEMPTS: 1 } });
  try {
    const actor = admin('chan-logs');
    const account = await h.service.addAccount({ blogId: 'logblog' }, actor);
    await h.service.updateSettings(account.id, { minIntervalMinutes: 0 }, actor);
    const failing = await h.service.schedulePost({ accountRef: account.id, topic: '실패하는 글', keywords: [], publishAt: null }, actor);
    const good = await h.service.schedulePost({ accountRef: account.id, topic: '좋은 글', keywords: [], publishAt: null }, actor);
    await eventually(async () => (await h.db.draft.findUniqueOrThrow({ where: { id: good.id } })).status === 'pending_approval', 'the good draft written');
    await h.service.approve(good.id, actor);
    await eventually(async () => (await h.db.draft.findUniqueOrThrow({ where: { id: good.id } })).status === 'published', 'the good draft published');
    // log lines follow the saved status: wait for the last one of each job
    await eventually(() => lines.some((l) => l.msg === 'job moved to the dead-letter queue'), 'dead-letter line', { timeoutMs: 5_000 });
    await eventually(() => lines.some((l) => l.msg === 'published'), 'published line', { timeoutMs: 5_000 });

    const jobLines = lines.filter((l) => ['writing draft', 'draft saved', 'published', 'job moved to the dead-letter queue'].includes(String(l.msg)) || String(l.msg).startsWith('job failed'));
    assert.ok(jobLines.length >= 6, `job lines: ${jobLines.map((l) => l.msg).join(', ')}`);
    for (const l of jobLines) {
      assert.equal(l.accountId, account.id, `accountId on "${l.msg}"`);
      assert.ok([failing.id, good.id].includes(String(l.draftId)), `draftId on "${l.msg}"`);
      assert.ok(typeof l.jobId === 'string' && l.jobId.length > 0, `jobId on "${l.msg}"`);
    }
  } finally {
    await h.stop();
  }
});
