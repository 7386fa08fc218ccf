// Retry on a dead letter either happens (letter resolved, draft moved back, job queued) or leaves the letter
// open: refused because the draft moved on, or not queued because Redis refused or did not answer.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { startHarness, admin, type Harness } from '../support/harness.ts';
import { eventually } from '../support/eventually.ts';
import { PrivateRedis } from '../ops/support/redis-server.ts';
import { IllegalTransitionError, RetryableError } from '../../src/errors.ts';
import { RetryNotQueuedError } from '../../src/dead-letters/retry.ts';

let redis: PrivateRedis;
let control: Redis;
let h: Harness;
before(async () => {
  // A Redis of this file's own, so it can be made to refuse writes or go away without touching anyone else's.
  redis = await PrivateRedis.start();
  control = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  control.on('error', () => undefined);
  h = await startHarness({ config: { REDIS_URL: redis.url } });
});
after(async () => {
  await h?.stop();
  control?.disconnect();
  await redis?.kill();
});

/** An approved draft whose publishing failed every attempt: publish_failed, with one open dead letter. */
async function failedPublish(blogId: string) {
  const actor = admin(`chan-${blogId}`);
  const account = await h.service.addAccount({ blogId }, actor);
  await h.service.updateSettings(account.id, { minIntervalMinutes: 0, dailyCap: 0 }, actor);
  const draft = await h.service.schedulePost({ accountRef: account.id, topic: `${blogId} 글`, keywords: [], publishAt: null }, actor);
  await eventually(async () => (await h.db.draft.findUniqueOrThrow({ where: { id: draft.id } })).status === 'pending_approval', 'written', { timeoutMs: 10_000 });
  h.publisher.failNext(new RetryableError('The editor did not load.', 'naver_editor'), h.config.JOB_ATTEMPTS);
  await h.service.approve(draft.id, actor);
  const dead = await eventually(() => h.db.deadLetter.findFirst({ where: { draftId: draft.id } }), 'dead letter', { timeoutMs: 10_000 });
  await eventually(async () => (await h.db.draft.findUniqueOrThrow({ where: { id: draft.id } })).status === 'publish_failed', 'publish_failed', { timeoutMs: 10_000 });
  return { actor, account, draft, dead };
}

const letterOf = (id: string) => h.db.deadLetter.findUniqueOrThrow({ where: { id } });
const draftOf = (id: string) => h.db.draft.findUniqueOrThrow({ where: { id } });

test('a Retry refused because the draft was rejected meanwhile leaves the dead letter open', async () => {
  const { actor, draft, dead } = await failedPublish('refusedretry');
  await h.service.reject(draft.id, actor);
  await assert.rejects(h.service.retryDeadLetter(dead.id, actor), (err: unknown) => err instanceof IllegalTransitionError && /cannot be retried now: it is rejected/.test(err.message));
  const letter = await letterOf(dead.id);
  assert.deepEqual([letter.resolvedAt, letter.resolution, letter.resolvedBy], [null, null, null], 'still open');
  assert.ok(await h.core.dlq.getJob(`dl-${dead.id}`), 'still on the queue board');
  assert.equal((await draftOf(draft.id)).status, 'rejected');
  // It can still be resolved the way that applies now.
  await h.service.discardDeadLetter(dead.id, actor);
  assert.equal((await letterOf(dead.id)).resolution, 'discarded');
});

test('a Retry whose job Redis refuses to take puts the dead letter back; the next Retry publishes once', async () => {
  const { actor, draft, dead } = await failedPublish('fullretry');
  const attempts = h.publisher.attempts.length;
  await control.config('SET', 'maxmemory', '1'); // every write is refused ("OOM command not allowed")
  try {
    await assert.rejects(h.service.retryDeadLetter(dead.id, actor), (err: unknown) => err instanceof RetryNotQueuedError && /OOM/.test(err.message));
  } finally {
    await control.config('SET', 'maxmemory', '0');
  }
  const letter = await letterOf(dead.id);
  assert.deepEqual([letter.resolvedAt, letter.resolution], [null, null], 'the letter is open again');
  const back = await draftOf(draft.id);
  assert.deepEqual([back.status, back.lastErrorClass], ['publish_failed', 'naver_editor'], 'the draft is failed again, with its error');
  assert.ok(await h.core.dlq.getJob(`dl-${dead.id}`), 'still on the queue board');

  await h.service.retryDeadLetter(dead.id, actor);
  await eventually(async () => (await draftOf(draft.id)).status === 'published', 'published after the second Retry', { timeoutMs: 10_000 });
  assert.equal(h.publisher.attempts.length, attempts + 1, 'published once');
  assert.equal((await letterOf(dead.id)).resolution, 'retried');
  assert.equal(await h.core.dlq.getJob(`dl-${dead.id}`), undefined, 'gone from the queue board');
});

test('a Retry while Redis is down gives up within its bound and leaves the dead letter open', async () => {
  const { actor, draft, dead } = await failedPublish('downretry');
  await redis.kill();
  try {
    await assert.rejects(h.service.retryDeadLetter(dead.id, actor), RetryNotQueuedError);
  } finally {
    await redis.start();
  }
  assert.equal((await letterOf(dead.id)).resolvedAt, null, 'the letter is open again');
  assert.equal((await draftOf(draft.id)).status, 'publish_failed');
  // The add that waited for Redis may land now; it finds the draft failed and publishes nothing.
  await h.service.retryDeadLetter(dead.id, actor);
  await eventually(async () => (await draftOf(draft.id)).status === 'published', 'published after Redis came back', { timeoutMs: 15_000 });
  assert.equal([...h.publisher.posts.values()].filter((p) => p.blogId === 'downretry').length, 1, 'one post');
});
