// The whole pipeline with the real NAVER publisher (Playwright + Debian Chromium) against the fake NAVER.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { startHarness, admin, type Harness } from '../support/harness.ts';
import { eventually } from '../support/eventually.ts';
import { startFakeNaver, type FakeNaver } from '../fakes/fake-naver/server.ts';
import { naverPublisherKit, type NaverPublisherKit } from '../support/naver-publisher.ts';
import { publishJobId } from '../../src/queues/jobs.ts';

let fake: FakeNaver;
let h: Harness;
let kit: NaverPublisherKit;

before(async () => {
  fake = await startFakeNaver();
  kit = await naverPublisherKit(fake, 'pipeline');
  h = await startHarness({
    // Nobody answers the login relay here: its question ends after 2 s (tests/accounts/login-relay.test.ts answers).
    config: { ...kit.config, PUBLISH_TIMEOUT_MS: 30_000, JOB_ATTEMPTS: 2, LOGIN_RELAY_TIMEOUT_MS: 2_000 },
    publisherFactory: kit.factory(),
  });
});
after(async () => {
  await h.stop();
  await fake.close();
  await kit?.remove();
});

const statusOf = async (id: string) => (await h.db.draft.findUniqueOrThrow({ where: { id } })).status;
/** Waits until the draft's publish job has ended (completed or failed for good): no attempt of it is left. */
async function publishJobEnded(accountId: string, draftId: string): Promise<string> {
  const queue = h.core.queues.queue('publish', accountId);
  return eventually(async () => {
    const state = await (await queue.getJob(publishJobId(draftId)))?.getState();
    return state === 'completed' || state === 'failed' ? state : null;
  }, 'the publish job to end');
}

async function readyDraft(blogId: string, channel: string) {
  const actor = admin(channel);
  const username = `${blogId}-id`;
  const password = `pw-${blogId.slice(0, 8)}1!`; // NAVER passwords are 8–16 characters
  fake.addUser({ username, password, blogId });
  const account = await h.service.addAccount({ blogId }, actor);
  await h.service.setCredentials(account.id, { username, password }, actor);
  const draft = await h.service.schedulePost({ accountRef: account.id, topic: `${blogId} 여행기`, keywords: ['여행'], publishAt: null }, actor);
  await eventually(async () => (await statusOf(draft.id)) === 'pending_approval', 'draft written');
  // Storing the login logs in right away; its session is saved once that is done.
  await eventually(async () => (await h.db.account.findUniqueOrThrow({ where: { id: account.id } })).sessionEnc, 'the login asked for by /account login', { timeoutMs: 40_000 });
  return { actor, account, draft };
}

test('an approved draft is published into the editor and confirmed from NAVER’s answer', async () => {
  const { actor, account, draft } = await readyDraft('pipeblog', 'chan-pipe');
  await h.service.approve(draft.id, actor);
  await eventually(async () => (await statusOf(draft.id)) === 'published', 'published', { timeoutMs: 40_000 });
  const posts = fake.posts.filter((p) => p.blogId === 'pipeblog');
  assert.equal(posts.length, 1);
  const saved = await h.db.draft.findUniqueOrThrow({ where: { id: draft.id } });
  assert.equal(posts[0]!.title, saved.title);
  assert.deepEqual(posts[0]!.tags, saved.tags);
  assert.equal(saved.logNo, posts[0]!.logNo);
  assert.ok(saved.publishedUrl?.includes(posts[0]!.logNo));
  assert.ok(saved.screenshotPath && existsSync(saved.screenshotPath), 'a screenshot of the published post is kept');
  const row = await h.db.account.findUniqueOrThrow({ where: { id: account.id } });
  assert.ok(row.sessionEnc, 'the session is saved back');
  assert.ok(!row.sessionEnc.includes('pw-pipeblog'), 'and sealed');
});

test('a captcha at login that nobody answers: needs_login, queue paused, one message, no retry', async () => {
  const { actor, account, draft } = await readyDraft('walledpipe', 'chan-captcha-pipe');
  fake.expireSessions();
  fake.knobs.loginMode = 'captcha';
  try {
    const submissions = fake.loginSubmissions;
    await h.service.approve(draft.id, actor);
    await eventually(async () => (await h.db.account.findUniqueOrThrow({ where: { id: account.id } })).status === 'needs_login', 'needs_login', { timeoutMs: 40_000 });
    const asked = h.notifier.of('login_relay').find((n) => n.accountId === account.id && n.step === 'captcha')!;
    const relay = h.notifier.of('login_relay').filter((n) => n.relayId === asked.relayId);
    assert.deepEqual(relay.map((n) => n.step), ['captcha', 'timed_out'], 'the question, then its end, in one relay message');
    assert.equal(h.notifier.of('needs_login').filter((n) => n.accountId === account.id).length, 0, 'no second alert');
    assert.equal(await h.core.queues.queue('publish', account.id).isPaused(), true);
    assert.equal(await publishJobEnded(account.id, draft.id), 'failed', 'the job ended for good: BullMQ never retries it');
    assert.equal(fake.loginSubmissions - submissions, 1, 'one login attempt, not retried');
    assert.equal(await statusOf(draft.id), 'approved');
    assert.equal(fake.posts.filter((p) => p.blogId === 'walledpipe').length, 0);
  } finally {
    fake.knobs.loginMode = 'success';
  }
});

test('the answer is lost after the final click: no second post, the draft ends published or unconfirmed', async () => {
  const { actor, account, draft } = await readyDraft('droppipe', 'chan-drop');
  fake.knobs.crashAfterSubmit = 'drop';
  try {
    await h.service.approve(draft.id, actor);
    const status = await eventually(async () => {
      const s = await statusOf(draft.id);
      return s === 'published' || s === 'publish_unconfirmed' ? s : null;
    }, 'settled', { timeoutMs: 40_000 });
    assert.ok(['published', 'publish_unconfirmed'].includes(status));
  } finally {
    fake.knobs.crashAfterSubmit = 'no';
  }
  assert.equal(await publishJobEnded(account.id, draft.id), 'completed');
  assert.equal(fake.posts.filter((p) => p.blogId === 'droppipe').length, 1, 'exactly one post');
  assert.equal(await statusOf(draft.id), 'published', 'found on the blog');
});
