import { test } from 'node:test';
import assert from 'node:assert/strict';
import { admin } from '../support/harness.ts';
import { harnessForFile } from '../support/file-harness.ts';
import { eventually } from '../support/eventually.ts';
import { NeedsLoginError } from '../../src/errors.ts';
import { publishJobId } from '../../src/queues/jobs.ts';

const h = harnessForFile();

const { statusOf } = h;
/** The state of a draft's publish job in its account's queue (BullMQ's word: waiting, active, failed, …). */
const publishJobState = async (accountId: string, draftId: string) => (await h.core.queues.queue('publish', accountId).getJob(publishJobId(draftId)))?.getState();

async function approvedDraft(blogId: string, channel: string) {
  const actor = admin(channel);
  const account = await h.service.addAccount({ blogId }, actor);
  const draft = await h.service.schedulePost({ accountRef: account.id, topic: `${blogId} 글`, keywords: [], publishAt: null }, actor);
  await eventually(async () => (await statusOf(draft.id)) === 'pending_approval', 'the draft written');
  return { actor, account, draft };
}

test('a crash after the final click: the blog is checked, the post is found, and nothing is published twice', async () => {
  h.publisher.crashAfterSubmitNext(true);
  const { actor, draft } = await approvedDraft('crashfound', 'chan-crash1');
  await h.service.approve(draft.id, actor);
  await eventually(async () => (await statusOf(draft.id)) === 'published', 'published after the check');
  assert.equal([...h.publisher.posts.values()].filter((p) => p.blogId === 'crashfound').length, 1);
  assert.equal(h.publisher.attempts.filter((a) => a.draftId === draft.id).length, 1, 'publish was not tried again');
  const events = (await h.db.draftEvent.findMany({ where: { draftId: draft.id } })).map((e) => e.action);
  assert.ok(events.includes('published_confirmed'));
  assert.match((await h.db.draft.findUniqueOrThrow({ where: { id: draft.id } })).publishedUrl ?? '', /crashfound/);
});

test('a crash after the final click when the blog cannot be read: publish_unconfirmed, an alert, and the human decides', async () => {
  h.publisher.crashAfterSubmitNext(false);
  h.publisher.blogReadable = false;
  const { actor, draft } = await approvedDraft('crashunknown', 'chan-crash2');
  try {
    await h.service.approve(draft.id, actor);
    await eventually(async () => (await statusOf(draft.id)) === 'publish_unconfirmed', 'unconfirmed');
  } finally {
    h.publisher.blogReadable = true;
  }
  assert.equal(h.publisher.attempts.filter((a) => a.draftId === draft.id).length, 1);
  // the status is saved first, then the channel is told
  await eventually(() => h.notifier.draftActions(draft.id).includes('publish_unconfirmed'), 'unconfirmed notice', { timeoutMs: 5_000 });
  assert.equal(h.notifier.of('dead_letter').filter((d) => d.draftId === draft.id).length, 0, 'not a dead letter');
  const saved = await h.db.draft.findUniqueOrThrow({ where: { id: draft.id } });
  assert.match(saved.lastError ?? '', /Mark published or Publish again/);

  // Publish again: exactly one new attempt, then published.
  await h.service.publishAgain(draft.id, actor);
  await eventually(async () => (await statusOf(draft.id)) === 'published', 'published again');
  assert.equal(h.publisher.attempts.filter((a) => a.draftId === draft.id).length, 2);
});

test('Mark published settles an unconfirmed draft without publishing', async () => {
  h.publisher.crashAfterSubmitNext(false);
  h.publisher.blogReadable = false;
  const { actor, draft } = await approvedDraft('markblog', 'chan-mark');
  try {
    await h.service.approve(draft.id, actor);
    await eventually(async () => (await statusOf(draft.id)) === 'publish_unconfirmed', 'unconfirmed');
  } finally {
    h.publisher.blogReadable = true;
  }
  await h.service.markPublished(draft.id, actor, 'https://blog.naver.com/markblog/1');
  assert.equal(await statusOf(draft.id), 'published');
  await assert.rejects(h.service.publishAgain(draft.id, actor), /cannot be sent to publishing again now: it is published/);
});

test('a captcha makes the account needs_login: its publish queue pauses, no retry, one alert; a login resumes it', async () => {
  const { actor, account, draft } = await approvedDraft('captchablog', 'chan-captcha');
  await h.service.updateSettings(account.id, { minIntervalMinutes: 0 }, actor); // no pacing delay between the two posts
  h.publisher.failNext(new NeedsLoginError('NAVER asked for a captcha; log in again with /account login or import a session with /account session.', 'captcha'));
  await h.service.approve(draft.id, actor);
  await eventually(async () => (await h.db.account.findUniqueOrThrow({ where: { id: account.id } })).status === 'needs_login', 'needs_login');
  await eventually(() => h.notifier.of('needs_login').some((n) => n.accountId === account.id), 'the needs-login alert');
  assert.equal(await statusOf(draft.id), 'approved', 'the draft waits, approved');
  assert.equal(await h.core.queues.queue('publish', account.id).isPaused(), true);

  // A second approved draft does not publish while the account waits for a human, and makes no second alert.
  const second = await h.service.schedulePost({ accountRef: account.id, topic: '두 번째', keywords: [], publishAt: null }, actor);
  await eventually(async () => (await statusOf(second.id)) === 'pending_approval', 'the second draft written');
  await h.service.approve(second.id, actor);
  // The first job has ended for good (a failed job is never retried), and the second waits in the paused
  // queue, which hands no job to a worker: neither can publish or alert again until a login resumes it.
  await eventually(async () => (await publishJobState(account.id, draft.id)) === 'failed', 'the blocked publish job to end');
  assert.equal(await h.core.queues.queue('publish', account.id).isPaused(), true);
  assert.equal(await publishJobState(account.id, second.id), 'waiting');
  assert.equal(await statusOf(second.id), 'approved');
  assert.equal(h.publisher.attempts.filter((a) => a.accountId === account.id).length, 1, 'no retry');
  assert.equal(h.notifier.of('needs_login').filter((n) => n.accountId === account.id).length, 1, 'one alert');
  assert.equal(h.notifier.of('dead_letter').filter((n) => n.accountId === account.id).length, 0);

  await h.service.setCredentials(account.id, { username: 'naver-id', password: 's3cret-pass' }, actor);
  await eventually(async () => (await statusOf(draft.id)) === 'published' && (await statusOf(second.id)) === 'published', 'both published after login');
  assert.equal((await h.db.account.findUniqueOrThrow({ where: { id: account.id } })).status, 'active');
});

test('publish failures that exhaust their attempts end publish_failed; Retry from the dead letter publishes', async () => {
  const { actor, account, draft } = await approvedDraft('flakyblog', 'chan-flaky');
  h.publisher.failNext(new Error('editor did not load'), 3);
  await h.service.approve(draft.id, actor);
  await eventually(async () => (await statusOf(draft.id)) === 'publish_failed', 'publish failed');
  const dead = await eventually(() => h.db.deadLetter.findFirst({ where: { accountId: account.id } }), 'the dead letter');
  assert.equal(dead.errorClass, 'unexpected');
  await h.service.retryDeadLetter(dead.id, actor);
  await eventually(async () => (await statusOf(draft.id)) === 'published', 'published after retry');
  assert.equal([...h.publisher.posts.values()].filter((p) => p.blogId === 'flakyblog').length, 1);
});

test('when another attempt has already claimed the final click, this one stops before pressing publish', async () => {
  const { actor, draft } = await approvedDraft('claimedblog', 'chan-claimed');
  // As if a replica that lost its job lock were about to press publish while this attempt runs.
  h.publisher.script.push(async (req, opts) => {
    await h.db.draft.update({ where: { id: req.draftId }, data: { submittedAt: new Date() } });
    await opts.beforeSubmit();
    return h.publisher.store(req);
  });
  h.publisher.blogReadable = true;
  await h.service.approve(draft.id, actor);
  // The other attempt's outcome is unknown to us: the blog is checked (no post here), and a human decides.
  await eventually(async () => (await statusOf(draft.id)) === 'publish_unconfirmed', 'unconfirmed');
  assert.equal([...h.publisher.posts.values()].filter((p) => p.blogId === 'claimedblog').length, 0, 'this attempt did not publish');
  const events = (await h.db.draftEvent.findMany({ where: { draftId: draft.id } })).map((e) => e.action);
  assert.ok(!events.includes('publish_submitted'), 'this attempt never recorded a click');
});

test('unlinking an account from the channel its schedule was made in stops the schedule', async () => {
  const actor = admin('chan-unlink');
  const account = await h.service.addAccount({ blogId: 'unlinkblog' }, actor);
  const schedule = await h.service.createSchedule({ accountRef: account.id, cron: '0 9 * * *', topics: ['매일 글'] }, actor);
  assert.equal(schedule.enabled, true);
  await h.service.unlinkAccount(account.id, actor);
  assert.equal((await h.db.schedule.findUniqueOrThrow({ where: { id: schedule.id } })).enabled, false);
});
