// A draft whose first attempt timed out waits for its retry, still "publishing"; when the account's next job
// meets a login NAVER refuses, that draft waits for the login too (approved, its card says so), and both
// go out once after the login (found by the reliability suite, scenario 5).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { admin } from '../support/harness.ts';
import { harnessForFile } from '../support/file-harness.ts';
import { eventually } from '../support/eventually.ts';
import { NeedsLoginError, TimeoutError } from '../../src/errors.ts';
import { publishJobId } from '../../src/queues/jobs.ts';

const h = harnessForFile();

const { statusOf } = h;

test('a draft between two attempts when the account needs a login waits approved, and publishes once after the login', async () => {
  const actor = admin('chan-between');
  const account = await h.service.addAccount({ blogId: 'betweenblog' }, actor);
  await h.service.updateSettings(account.id, { minIntervalMinutes: 0 }, actor);
  const write = async (topic: string) => {
    const d = await h.service.schedulePost({ accountRef: account.id, topic, keywords: [], publishAt: null }, actor);
    await eventually(async () => (await statusOf(d.id)) === 'pending_approval', `${topic} written`);
    return d;
  };
  const first = await write('첫 번째 글');
  const second = await write('두 번째 글');
  const queue = h.core.queues.queue('publish', account.id);

  // The first attempt hangs until the second draft's job waits behind it, then times out; the second meets a captcha.
  h.publisher.script.push(async () => {
    await eventually(async () => (await (await queue.getJob(publishJobId(second.id)))?.getState()) === 'waiting', 'the second job waiting');
    throw new TimeoutError('Publishing to NAVER', 30_000);
  });
  h.publisher.script.push(async () => {
    throw new NeedsLoginError('NAVER asked for a captcha; log in again with /account login or import a session with /account session.', 'captcha');
  });
  await h.service.approve(first.id, actor);
  await eventually(async () => (await statusOf(first.id)) === 'publishing', 'the first publish started');
  await h.service.approve(second.id, actor);

  await eventually(() => h.notifier.of('needs_login').some((n) => n.accountId === account.id), 'the needs-login alert');
  await eventually(async () => (await statusOf(first.id)) === 'approved', 'the first draft waiting for the login');
  assert.equal(await statusOf(second.id), 'approved');
  // The cards are told after the alert (the status changed first), so the card's update may still be on its way.
  await eventually(() => h.notifier.draftActions(first.id).includes('publish_blocked'), "the first draft's card says it waits for a login");
  assert.equal(await queue.isPaused(), true);
  assert.equal(h.publisher.posts.size, 0);

  await h.service.setCredentials(account.id, { username: 'naver-id', password: 's3cret-pass' }, actor);
  await eventually(async () => (await statusOf(first.id)) === 'published' && (await statusOf(second.id)) === 'published', 'both published after the login');
  const posts = [...h.publisher.posts.values()].filter((p) => p.blogId === 'betweenblog');
  assert.equal(posts.length, 2, 'each published once');
});
