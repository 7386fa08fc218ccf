// A job whose stored data is not JSON must not wedge its account's queue: it fails as a malformed payload,
// with its dead letter, and the account's next job runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { admin } from '../support/harness.ts';
import { harnessForFile } from '../support/file-harness.ts';
import { eventually } from '../support/eventually.ts';

const h = harnessForFile();

test("a job whose data in Redis is not JSON fails as malformed and the account's next post is still written", async () => {
  const actor = admin('chan-unreadable');
  const account = await h.service.addAccount({ blogId: 'unreadable' }, actor);
  const queue = h.core.queues.queue('generate', account.id);
  // Written by hand (or corrupted): due in a moment, with data nobody can parse.
  await h.core.queues.add('generate', account.id, 'generate', { accountId: account.id, topic: '카페' }, { jobId: 'garbled', delay: 500 });
  await h.core.redis.hset(`${h.config.QUEUE_PREFIX}:${queue.name}:garbled`, 'data', '{"accountId": not json');

  const letter = await eventually(() => h.db.deadLetter.findFirst({ where: { jobId: 'garbled' } }), 'the dead letter of the garbled job', { timeoutMs: 15_000 });
  assert.equal(letter.errorClass, 'invalid_payload');
  assert.equal(await queue.getJobState('garbled'), 'failed');

  const draft = await h.service.schedulePost({ accountRef: account.id, topic: '다음 글', keywords: [], publishAt: null }, actor);
  await eventually(async () => (await h.db.draft.findUniqueOrThrow({ where: { id: draft.id } })).status === 'pending_approval', 'the next post written', { timeoutMs: 15_000 });
});
