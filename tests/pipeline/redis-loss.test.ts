// Redis is not the source of truth: after it loses every key of the service, a restart leaves every draft in a
// state a person can act on, and no post is published twice. Real publisher (Playwright + Chromium) against
// the fake NAVER, which counts the posts it stores.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, admin, deleteKeys } from '../support/harness.ts';
import { eventually } from '../support/eventually.ts';
import { startFakeNaver } from '../fakes/fake-naver/server.ts';
import { naverPublisherKit } from '../support/naver-publisher.ts';
import { enqueuePublish } from '../../src/drafts/jobs.ts';
import { reconcile } from '../../src/drafts/reconcile.ts';
import type { DraftStatus } from '../../src/drafts/state-machine.ts';

test('after Redis loses every key, a restart leaves every draft where a person can act on it, and nothing is published twice', async () => {
  const fake = await startFakeNaver();
  const kit = await naverPublisherKit(fake, 'redis-loss');
  const publisherFactory = kit.factory();
  const config = { ...kit.config, PUBLISH_TIMEOUT_MS: 30_000 };
  // The first process only adds jobs (ROLE=bot): they wait in Redis until Redis loses them.
  const h = await startHarness({ runWorkers: false, config, publisherFactory });
  try {
    const actor = admin('chan-redis-loss');
    fake.addUser({ username: 'lossuser', password: 'loss-pw-1!', blogId: 'lossblog' });
    const account = await h.service.addAccount({ blogId: 'lossblog' }, actor);
    await h.service.setCredentials(account.id, { username: 'lossuser', password: 'loss-pw-1!' }, actor);
    await h.service.updateSettings(account.id, { minIntervalMinutes: 0, dailyCap: 0 }, actor);
    const accountId = account.id;
    const article = (title: string) => ({ title, body: [{ type: 'paragraph', text: `${title} 본문입니다.` }], tags: ['테스트'] });
    const row = (topic: string, status: DraftStatus, extra: Record<string, unknown> = {}) =>
      h.db.draft.create({ data: { accountId, topic, status, ...(status === 'generating' ? {} : article(`${topic} 제목`)), ...extra } });

    // Drafts in every status, each as the last commit before Redis lost its jobs left it.
    const oneOff = await h.service.schedulePost({ accountRef: accountId, topic: '한 번 쓸 글', keywords: [], publishAt: null }, actor);
    const scheduled = await row('예약이 쓴 글', 'generating', { sourceJobId: `generate_${accountId}:sched-lost-1764460800`, scheduleId: 'lost', requestedBy: 'scheduler' });
    const waiting = await row('승인 대기 글', 'pending_approval');
    const approved = await row('승인된 글', 'approved');
    await enqueuePublish(h.core.domain, approved.id);
    const interrupted = await row('클릭 전에 멈춘 글', 'publishing');
    const landed = await row('클릭 후 올라간 글', 'publishing', { submittedAt: new Date() });
    const lost = await row('클릭 후 사라진 글', 'publishing', { submittedAt: new Date() });
    const published = await row('이미 발행된 글', 'published', { logNo: '223300000001', publishedUrl: `${fake.blogUrl}/lossblog/223300000001`, publishedAt: new Date() });
    const rejected = await row('거절된 글', 'rejected');
    const writeFailed = await row('작성 실패 글', 'generation_failed', { title: null, body: undefined });
    const publishFailed = await row('발행 실패 글', 'publish_failed');
    const unconfirmed = await row('확인 못 한 글', 'publish_unconfirmed', { submittedAt: new Date() });
    // The blog already has the posts of `published` and `landed` (its click went through before the crash).
    for (const [d, logNo] of [[published, '223300000001'], [landed, '223300000002']] as const) {
      fake.posts.push({ logNo, blogId: 'lossblog', title: d.title!, blocks: d.body as never, tags: d.tags, category: '', visibility: 'public', strikethrough: false, createdAt: new Date() });
    }
    const letter = await h.db.deadLetter.create({
      data: { queue: `publish_${accountId}`, jobId: `publish-${publishFailed.id}`, jobName: 'publish', accountId, draftId: publishFailed.id, payload: { accountId, draftId: publishFailed.id }, errorClass: 'naver_editor', errorMessage: 'stopped', attempts: 3 },
    });

    // Another account waits for a person to log in: its queue is paused, its approved draft waits in it.
    const waitAccount = await h.service.addAccount({ blogId: 'waitblog' }, actor);
    await h.db.account.update({ where: { id: waitAccount.id }, data: { status: 'needs_login' } });
    await h.core.queues.pause('publish', waitAccount.id);
    const waitDraft = await h.db.draft.create({ data: { accountId: waitAccount.id, topic: '로그인 대기 글', status: 'approved', ...article('로그인 대기 글 제목') } });
    await enqueuePublish(h.core.domain, waitDraft.id);

    assert.ok((await h.core.queues.counts('publish', accountId)).waiting + (await h.core.queues.counts('publish', accountId)).delayed > 0, 'jobs were in Redis');
    await deleteKeys(h.config.QUEUE_PREFIX);

    // The restart: the app built again on the same database and (now empty) Redis prefix, with workers.
    const restarted = await h.replica({ runWorkers: true, config, publisherFactory });
    const statusOf = async (id: string) => (await h.db.draft.findUniqueOrThrow({ where: { id } })).status;
    const expected: Array<[string, { id: string }, DraftStatus]> = [
      ['one-off draft being written', oneOff, 'pending_approval'],
      ['scheduled draft being written', scheduled, 'pending_approval'],
      ['draft waiting for approval', waiting, 'pending_approval'],
      ['approved draft', approved, 'published'],
      ['publishing draft stopped before the click', interrupted, 'published'],
      ['publishing draft whose post is on the blog', landed, 'published'],
      ['publishing draft whose post is not on the blog', lost, 'publish_unconfirmed'],
      ['published draft', published, 'published'],
      ['rejected draft', rejected, 'rejected'],
      ['draft that failed to be written', writeFailed, 'generation_failed'],
      ['draft that failed to publish', publishFailed, 'publish_failed'],
      ['unconfirmed draft', unconfirmed, 'publish_unconfirmed'],
      ['approved draft of an account waiting for its login', waitDraft, 'approved'],
    ];
    for (const [what, d, status] of expected) {
      await eventually(async () => (await statusOf(d.id)) === status, `${what} → ${status} (is ${await statusOf(d.id)})`, { timeoutMs: 60_000 });
    }

    // The one post whose outcome nobody knows asks the channel, with its buttons.
    await eventually(() => restarted.notifier.draftActions(lost.id).includes('publish_unconfirmed'), 'the unconfirmed draft is shown to the channel', { timeoutMs: 10_000 });
    assert.equal((await h.db.draft.findUniqueOrThrow({ where: { id: landed.id } })).logNo, '223300000002', 'the post found on the blog is the one recorded');
    // The account waiting for its login has its queue paused again; its draft waits in it, not attempted.
    assert.equal(await restarted.core.queues.queue('publish', waitAccount.id).isPaused(), true, 'the paused queue is paused again');
    assert.equal((await restarted.core.queues.counts('publish', waitAccount.id)).active, 0);
    // A second pass finds nothing left to do, so nothing more can be published.
    assert.deepEqual(await reconcile(restarted.core.domain), { generate: 0, publish: 0, check: 0, deadLetters: 0, paused: 0 });
    const posts = (title: string | null) => fake.posts.filter((p) => p.blogId === 'lossblog' && p.title === title).length;
    for (const d of [approved, interrupted, landed, published]) assert.equal(posts(d.title), 1, `one post of "${d.title}"`);
    assert.equal(posts(lost.title), 0);
    assert.equal(fake.posts.filter((p) => p.blogId === 'lossblog').length, 4, 'four posts on the blog, none twice');
    assert.ok(await restarted.core.dlq.getJob(`dl-${letter.id}`), 'the open dead letter is back on the queue board');
    // Once a person logs the waiting account in, its draft goes out, once.
    fake.addUser({ username: 'waituser', password: 'wait-pw-1!', blogId: 'waitblog' });
    await restarted.service.setCredentials(waitAccount.id, { username: 'waituser', password: 'wait-pw-1!' }, actor);
    await eventually(async () => (await statusOf(waitDraft.id)) === 'published', 'the waiting draft published after the login', { timeoutMs: 60_000 });
    assert.equal(fake.posts.filter((p) => p.blogId === 'waitblog').length, 1);
  } finally {
    await h.stop();
    await fake.close();
    await kit.remove();
  }
});
