// The live check right after publishing: the real NAVER publisher (Playwright + Debian Chromium) against the
// fake NAVER, the post opened in a fresh context with no session. Public: live. Private by mistake: not live,
// with the draft's message and the channel told (with a screenshot), and the draft still published.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { startHarness, admin, type Harness } from '../support/harness.ts';
import { eventually } from '../support/eventually.ts';
import { startFakeNaver, type FakeNaver } from '../fakes/fake-naver/server.ts';
import { naverPublisherKit, type NaverPublisherKit } from '../support/naver-publisher.ts';
import { liveCheckJobId, searchCheckJobId } from '../../src/checks/checks-queue.ts';

let fake: FakeNaver;
let h: Harness;
let kit: NaverPublisherKit;

before(async () => {
  fake = await startFakeNaver();
  kit = await naverPublisherKit(fake, 'live');
  h = await startHarness({
    config: { ...kit.config, PUBLISH_TIMEOUT_MS: 30_000, JOB_ATTEMPTS: 2 },
    publisherFactory: kit.factory(),
  });
});
after(async () => {
  await h.stop();
  await fake.close();
  await kit?.remove();
});

const draftOf = (id: string) => h.db.draft.findUniqueOrThrow({ where: { id } });

async function publishOne(blogId: string) {
  const actor = admin(`chan-${blogId}`);
  const username = `${blogId}-id`;
  fake.addUser({ username, password: `pw-${blogId.slice(0, 8)}1!`, blogId });
  const account = await h.service.addAccount({ blogId }, actor);
  await h.service.setCredentials(account.id, { username, password: `pw-${blogId.slice(0, 8)}1!` }, actor);
  const draft = await h.service.schedulePost({ accountRef: account.id, topic: `${blogId} 산책 코스`, keywords: [], publishAt: null }, actor);
  await eventually(async () => (await draftOf(draft.id)).status === 'pending_approval', 'draft written');
  await h.service.approve(draft.id, actor);
  await eventually(async () => (await draftOf(draft.id)).status === 'published', 'published', { timeoutMs: 40_000 });
  return { account, draftId: draft.id };
}

test('a public post opens for a visitor with no session: live, recorded with its time; no alert', async () => {
  const { draftId } = await publishOne('livepublic');
  const d = await eventually(async () => {
    const row = await draftOf(draftId);
    return row.liveCheck ? row : null;
  }, 'the live check', { timeoutMs: 30_000 });
  assert.equal(d.liveCheck, 'live');
  assert.ok(d.liveCheckedAt && d.publishedAt && d.liveCheckedAt >= d.publishedAt);
  const post = fake.posts.find((p) => p.blogId === 'livepublic')!;
  assert.ok(
    fake.postViews.some((v) => v.path === '/blog/PostView.naver' && !v.loggedIn),
    'the post was read through its frame by a visitor without a NAVER session',
  );
  assert.ok(d.publishedUrl?.endsWith(`/${post.logNo}`));
  assert.equal(d.status, 'published');
  assert.deepEqual(h.notifier.of('post_not_live').filter((n) => n.draftId === draftId), []);
  const confirmed = () => h.notifier.of('draft').filter((n) => n.draft.draftId === draftId && n.draft.action === 'live_confirmed');
  await eventually(() => confirmed().length > 0, 'the draft’s message to show it');
  const shown = confirmed();
  assert.equal(shown.length, 1);
  assert.equal(shown[0]!.draft.afterPublish?.live, 'live');
});

test('a post that went out private by mistake: not live, the message and the channel say so with a screenshot; still published', async () => {
  // NAVER stores the post private although the account publishes publicly (the editor's setting did not take).
  fake.hooks.afterStore = (post) => {
    if (post.blogId === 'liveprivate') post.visibility = 'private';
  };
  try {
    const { account, draftId } = await publishOne('liveprivate');
    await eventually(() => h.notifier.of('post_not_live').some((n) => n.draftId === draftId), 'the not-live alert', { timeoutMs: 30_000 });
    const d = await draftOf(draftId);
    assert.equal(d.liveCheck, 'not_live');
    assert.ok(d.liveCheckedAt);
    assert.match(d.liveCheckDetail ?? '', /^title_missing: .*비공개 글입니다/);
    assert.equal(d.status, 'published', 'the check never touches the status');
    const alerts = h.notifier.of('post_not_live').filter((n) => n.draftId === draftId);
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0]!.url, d.publishedUrl);
    assert.deepEqual(alerts[0]!.channelIds, ['chan-liveprivate']);
    assert.equal(alerts[0]!.accountId, account.id);
    assert.ok(alerts[0]!.screenshotPath && existsSync(alerts[0]!.screenshotPath), 'with a screenshot of what a visitor sees');
    const shown = h.notifier.of('draft').find((n) => n.draft.draftId === draftId && n.draft.action === 'not_live')!;
    assert.equal(shown.draft.afterPublish?.live, 'not_live');
    assert.equal(shown.draft.screenshotPath, alerts[0]!.screenshotPath, 'the draft’s message shows the same picture');
    // The owner still sees the post: it exists, it is just not public.
    assert.equal(fake.posts.filter((p) => p.blogId === 'liveprivate').length, 1);
  } finally {
    fake.hooks.afterStore = undefined;
  }
});

test('without search keys the search check is off: the live check runs, no search job is queued', async () => {
  const { draftId } = await publishOne('nosearchkeys');
  await eventually(async () => (await h.core.checks.queue.getJob(liveCheckJobId(draftId)))?.getState().then((s) => s === 'completed'), 'the live check job', {
    timeoutMs: 30_000,
  });
  assert.equal(h.core.checks.searchOn, false);
  assert.equal(await h.core.checks.queue.getJob(searchCheckJobId(draftId, 1)), undefined);
  assert.equal((await draftOf(draftId)).searchCheck, null);
});
