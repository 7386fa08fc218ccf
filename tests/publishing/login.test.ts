// NAVER login screens that need a human end in NeedsLoginError with the right reason and instructions.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { NeedsLoginError } from '../../src/errors.ts';
import { screenshotOf } from '../../src/ports.ts';
import type { NaverPublisher } from '../../src/publishing/naver/naver-publisher.ts';
import type { FakeNaverKnobs } from '../fakes/fake-naver/server.ts';
import { postsOf, publishOptions, startHarness, type Harness, type TestAccount } from './harness.ts';

let h: Harness;
let publisher: NaverPublisher;

before(async () => {
  h = await startHarness();
  publisher = h.publisher();
});
after(async () => h.close());
beforeEach(() => {
  h.fake.knobs.loginMode = 'success';
});

async function failedLogin(account: TestAccount, mode: FakeNaverKnobs['loginMode'] = 'success'): Promise<NeedsLoginError> {
  h.fake.knobs.loginMode = mode;
  const opts = publishOptions();
  const submissions = h.fake.loginSubmissions;
  const err = await publisher.publish(h.request(account), opts).then(
    () => assert.fail('publish should have failed'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof NeedsLoginError, `expected NeedsLoginError, got ${String(err)}`);
  assert.equal(err.retryable, false);
  assert.equal(h.fake.loginSubmissions, submissions + 1, 'exactly one login attempt, never a retry loop');
  assert.equal(opts.submits, 0);
  assert.equal(postsOf(h.fake, account.blogId).length, 0);
  assert.ok(!err.message.includes(account.password), 'the password is not in the message');
  const shot = screenshotOf(err);
  assert.ok(shot && existsSync(shot), 'a screenshot of the login screen is kept');
  assert.equal(publisher.contextsInUse(), 0);
  return err;
}

test('a captcha is never attempted: NeedsLoginError captcha naming /account login', async () => {
  const err = await failedLogin(await h.account(), 'captcha');
  assert.equal(err.reason, 'captcha');
  assert.match(err.message, /captcha/i);
  assert.match(err.message, /\/account login/);
});

test('a wrong stored password: NeedsLoginError wrong_password with a clear message', async () => {
  const account = await h.account({ storedPassword: 'not-the-password' });
  const err = await failedLogin(account);
  assert.equal(err.reason, 'wrong_password');
  assert.match(err.message, /rejected the stored username or password/);
  assert.match(err.message, /\/account login/);
  assert.ok(!err.message.includes('not-the-password'));
});

test('a new-device confirmation: NeedsLoginError new_device', async () => {
  const err = await failedLogin(await h.account(), 'new_device');
  assert.equal(err.reason, 'new_device');
  assert.match(err.message, /new device/);
});

test('2-step verification: NeedsLoginError two_step pointing to /account session', async () => {
  const err = await failedLogin(await h.account(), 'two_step');
  assert.equal(err.reason, 'two_step');
  assert.match(err.message, /\/account session/);
});

test('an expired session without stored credentials: NeedsLoginError no_credentials', async () => {
  const account = await h.account();
  await publisher.publish(h.request(account), publishOptions());
  await h.tdb.db.account.update({ where: { id: account.id }, data: { credentialsEnc: null } });
  h.fake.expireSessions();
  await assert.rejects(publisher.publish(h.request(account), publishOptions()), (e: unknown) => {
    assert.ok(e instanceof NeedsLoginError);
    assert.equal(e.reason, 'no_credentials');
    return true;
  });
  assert.equal(postsOf(h.fake, account.blogId).length, 1);
});
