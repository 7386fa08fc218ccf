// Publishing a draft through the real publisher (Playwright + Debian Chromium) into the fake NAVER.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { NeedsLoginError, PermanentError } from '../../src/errors.ts';
import { screenshotOf } from '../../src/ports.ts';
import type { NaverPublisher } from '../../src/publishing/naver/naver-publisher.ts';
import { postsOf, publishOptions, startHarness, type Harness } from './harness.ts';

let h: Harness;
let publisher: NaverPublisher;

before(async () => {
  h = await startHarness();
  publisher = h.publisher();
});
after(async () => h.close());

test('a draft is published with exactly its title, blocks, tags, category and visibility', async () => {
  const account = await h.account();
  const req = h.request(account, { category: '리뷰', visibility: 'neighbors' });
  const opts = publishOptions();

  const result = await publisher.publish(req, opts);

  const posts = postsOf(h.fake, account.blogId);
  assert.equal(posts.length, 1);
  const post = posts[0]!;
  assert.equal(post.title, req.article.title);
  assert.deepEqual(post.blocks, req.article.blocks);
  assert.deepEqual(post.tags, req.article.tags);
  assert.equal(post.category, '리뷰');
  assert.equal(post.visibility, 'neighbors');
  assert.equal(post.strikethrough, false);
  assert.equal(result.logNo, post.logNo);
  assert.equal(result.url, `${h.fake.blogUrl}/${account.blogId}/${post.logNo}`);
  assert.equal(opts.submits, 1);
  assert.ok(result.screenshotPath && existsSync(result.screenshotPath), 'a screenshot of the published post exists');
  assert.match(result.screenshotPath, new RegExp(`${account.id}_${req.draftId}_`));
  assert.equal(publisher.contextsInUse(), 0);
});

test('the published screenshot is taken on the post: where the editor goes by itself, or opened by its address', async () => {
  const account = await h.account();
  const before = h.fake.postViews.length;
  const redirected = await publisher.publish(h.request(account), publishOptions());
  const seen = h.fake.postViews.slice(before).map((v) => v.path);
  assert.ok(redirected.screenshotPath && existsSync(redirected.screenshotPath), 'a screenshot of the published post exists');
  // NAVER's editor goes to the new post itself (PostView.naver): the publisher waits for it, not loading it again.
  assert.deepEqual(seen, ['/blog/PostView.naver'], 'the post was opened once, by the editor');

  h.fake.knobs.stayAfterPublish = true;
  try {
    const before2 = h.fake.postViews.length;
    const stayed = await publisher.publish(h.request(account), publishOptions());
    const seen2 = h.fake.postViews.slice(before2).map((v) => v.path);
    assert.ok(stayed.screenshotPath && existsSync(stayed.screenshotPath), 'a screenshot of the published post exists');
    assert.deepEqual(seen2, [`/blog/${account.blogId}/${stayed.logNo}`, '/blog/PostView.naver'], 'the publisher opened the post by its address');
  } finally {
    h.fake.knobs.stayAfterPublish = false;
  }
});

test('the second publish reuses the saved session; an expired one logs in again with the stored credentials', async () => {
  const account = await h.account();
  const firstLogins = h.fake.loginSubmissions;
  await publisher.publish(h.request(account), publishOptions());
  assert.equal(h.fake.loginSubmissions, firstLogins + 1, 'no session yet: one login');
  const row = await h.tdb.db.account.findUniqueOrThrow({ where: { id: account.id } });
  assert.ok(row.sessionEnc && row.sessionSavedAt, 'the session was saved');

  const loginRequests = h.fake.loginRequests;
  await publisher.publish(h.request(account), publishOptions());
  assert.equal(h.fake.loginRequests, loginRequests, 'the saved session is used: no request to the login host');

  h.fake.expireSessions();
  await publisher.publish(h.request(account), publishOptions());
  assert.equal(h.fake.loginSubmissions, firstLogins + 2, 'the expired session is replaced by a new login');
  assert.equal(postsOf(h.fake, account.blogId).length, 3);
});

test('credentials and sessions are not readable in the database nor in the logs', async () => {
  const account = await h.account();
  await publisher.publish(h.request(account), publishOptions());
  const rows = await h.tdb.db.$queryRawUnsafe<Array<Record<string, unknown>>>('SELECT * FROM "Account" WHERE id = $1', account.id);
  const raw = JSON.stringify(rows);
  const logs = h.logs.join('\n');
  assert.ok(rows[0]?.sessionEnc && rows[0]?.credentialsEnc);
  const secrets = [account.password, ...h.fake.issuedCookieValues()];
  assert.ok(secrets.length > 2);
  for (const secret of secrets) {
    assert.ok(!raw.includes(secret), 'a secret is readable in the Account row');
    assert.ok(!logs.includes(secret), 'a secret is readable in the logs');
  }
  assert.ok(!raw.includes(account.username) && !logs.includes(account.username), 'the NAVER username is not stored or logged in clear');
  assert.ok(h.logs.length > 0, 'the publisher did log');
});

test('a failed publish leaves a screenshot and no post', async () => {
  const account = await h.account();
  const opts = publishOptions();
  const err = await publisher.publish(h.request(account, { category: '없는카테고리' }), opts).then(
    () => assert.fail('should fail'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof PermanentError);
  assert.equal(err.errorClass, 'category_not_found');
  const shot = screenshotOf(err);
  assert.ok(shot && existsSync(shot), 'the failure screenshot exists');
  assert.match(shot, /_failed\.png$/);
  assert.equal(opts.submits, 0, 'nothing was submitted');
  assert.equal(postsOf(h.fake, account.blogId).length, 0);
});

test('no session and no credentials: NeedsLoginError no_credentials without touching NAVER', async () => {
  const account = await h.account({ credentials: false });
  const before = h.fake.loginRequests + h.fake.writePagesServed;
  await assert.rejects(publisher.publish(h.request(account), publishOptions()), (e: unknown) => {
    assert.ok(e instanceof NeedsLoginError);
    assert.equal(e.reason, 'no_credentials');
    assert.match(e.message, /\/account login/);
    return true;
  });
  assert.equal(h.fake.loginRequests + h.fake.writePagesServed, before);
});
