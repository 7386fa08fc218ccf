// Hangs, aborts, a crash after the final click, a dead browser and the context limit.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { PublishUnconfirmedError, RetryableError, TimeoutError } from '../../src/errors.ts';
import { screenshotOf } from '../../src/ports.ts';
import type { NaverPublisher } from '../../src/publishing/naver/naver-publisher.ts';
import { eventually } from '../support/eventually.ts';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/logging.ts';
import { postsOf, publishOptions, startHarness, type Harness } from './harness.ts';

/** Longer than any test here runs: a publisher with these timeouts can only be stopped by what a test does. */
const NEVER = 60 * 60_000;

let h: Harness;
let publisher: NaverPublisher;
/** What `publisher` itself logged (also in h.logs), to tell its browser's fate from the other publishers'. */
const publisherSaid: string[] = [];
/** Never gives up on its own: a failure can only come from the abort signal or from what NAVER did. */
let patient: NaverPublisher;

before(async () => {
  h = await startHarness();
  const said = new Writable({
    write(chunk, _enc, done) {
      const line = String(chunk);
      publisherSaid.push(String((JSON.parse(line) as { msg?: unknown }).msg));
      h.logs.push(line);
      done();
    },
  });
  publisher = h.publisher({ confirmTimeoutMs: 1_500, logger: createLogger({ level: 'debug', destination: said }) });
  patient = h.publisher({ stepTimeoutMs: NEVER, confirmTimeoutMs: NEVER });
});
after(async () => h.close());
beforeEach(() => {
  Object.assign(h.fake.knobs, { writePageHangs: false, crashAfterSubmit: 'no', listBroken: false, listDelayMs: 0, writePageDelayMs: 0 });
});

test('a write page that never answers is aborted when the signal fires; the next publish works', async () => {
  const account = await h.account();
  await patient.publish(h.request(account), publishOptions()); // a session, so the hang is on the write page
  h.fake.knobs.writePageHangs = true;
  // The page never answers and the publisher never times out by itself: only the signal can end this.
  await assert.rejects(patient.publish(h.request(account), publishOptions(AbortSignal.timeout(800))), TimeoutError);
  await eventually(() => patient.contextsInUse() === 0, 'the context to be closed');

  h.fake.knobs.writePageHangs = false;
  const result = await patient.publish(h.request(account), publishOptions());
  assert.ok(result.logNo);
  assert.equal(postsOf(h.fake, account.blogId).length, 2);
});

test('waiting for a free context also respects the abort signal', async () => {
  const single = h.publisher({ maxContexts: 1, stepTimeoutMs: NEVER });
  const account = await h.account();
  await single.publish(h.request(account), publishOptions());
  h.fake.knobs.writePageHangs = true;
  // The holder keeps the only context until the test lets go.
  const letGo = new AbortController();
  const holder = single.publish(h.request(account), publishOptions(letGo.signal));
  holder.catch(() => {});
  await eventually(() => single.contextsInUse() === 1, 'the first publish to hold the only context');
  await assert.rejects(single.publish(h.request(account), publishOptions(AbortSignal.timeout(300))), TimeoutError);
  assert.equal(single.contextsInUse(), 1, 'the waiter gave up on its own signal while the slot was still held');
  letGo.abort(new DOMException('the test lets go of the context', 'TimeoutError'));
  await assert.rejects(holder, TimeoutError);
  await eventually(() => single.contextsInUse() === 0, 'the held context to be closed');
});

test('a crash after the final click: unconfirmed failure, findPublished finds the one post, no second post', async () => {
  const account = await h.account();
  const req = h.request(account, { visibility: 'private' });
  h.fake.knobs.crashAfterSubmit = 'hang';
  const opts = publishOptions();
  const err = await publisher.publish(req, opts).then(
    () => assert.fail('should fail'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof PublishUnconfirmedError, String(err));
  assert.equal(opts.submits, 1, 'beforeSubmit ran before the final click');
  const shot = screenshotOf(err);
  assert.ok(shot && existsSync(shot), 'the failure screenshot exists');

  h.fake.knobs.crashAfterSubmit = 'no';
  const found = await publisher.findPublished(req, AbortSignal.timeout(10_000));
  const posts = postsOf(h.fake, account.blogId);
  assert.equal(posts.length, 1, 'exactly one post: nothing was retried');
  assert.deepEqual(found, { logNo: posts[0]!.logNo, url: `${h.fake.blogUrl}/${account.blogId}/${posts[0]!.logNo}` });
  assert.equal(posts[0]!.title, req.article.title);
});

test('a connection dropped after the final click fails fast as unconfirmed', async () => {
  const account = await h.account();
  h.fake.knobs.crashAfterSubmit = 'drop';
  const req = h.request(account);
  // The patient publisher would wait for NAVER's answer forever: failing at all means it saw the drop.
  const err = await patient.publish(req, publishOptions()).then(
    () => assert.fail('should fail'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof PublishUnconfirmedError, String(err));
  // Either the cut answer was read or the request was seen to fail; a timeout would say neither.
  assert.match(err.message, /HTTP 200 and a body that is not JSON|the publish request failed/);
  h.fake.knobs.crashAfterSubmit = 'no';
  const posts = postsOf(h.fake, account.blogId);
  assert.equal(posts.length, 1);
  assert.equal((await patient.findPublished(req, AbortSignal.timeout(10_000)))?.logNo, posts[0]!.logNo);
});

test('findPublished returns null when the post is not there and throws when the list cannot be read', async () => {
  const account = await h.account();
  await publisher.publish(h.request(account), publishOptions());
  const missing = h.request(account, { visibility: 'private' });
  assert.equal(await publisher.findPublished(missing, AbortSignal.timeout(10_000)), null);

  h.fake.knobs.listBroken = true;
  await assert.rejects(publisher.findPublished(missing, AbortSignal.timeout(10_000)), RetryableError);
  h.fake.knobs.listBroken = false;

  // The list would come after 5 s, and then findPublished would succeed: failing means the signal ended it.
  h.fake.knobs.listDelayMs = 5_000;
  await assert.rejects(patient.findPublished(missing, AbortSignal.timeout(500)), TimeoutError);
  await eventually(() => patient.contextsInUse() === 0, 'the list context to be closed');
});

test('the browser is launched again after it dies', async () => {
  const account = await h.account();
  await publisher.publish(h.request(account), publishOptions());
  const launches = publisherSaid.filter((m) => m === 'chromium launched').length;
  const killed = killChromium();
  assert.ok(killed > 0, 'a chromium process was found and killed');
  await eventually(() => publisherSaid.some((m) => m.startsWith('chromium disconnected')), 'the publisher to notice that its browser died');
  const result = await publisher.publish(h.request(account), publishOptions());
  assert.ok(result.logNo);
  assert.equal(postsOf(h.fake, account.blogId).length, 2);
  assert.equal(publisherSaid.filter((m) => m === 'chromium launched').length, launches + 1, 'a new browser was launched');
});

test('three concurrent publishes never hold more than maxContexts (2) contexts', async () => {
  const accounts = await Promise.all([h.account(), h.account(), h.account()]);
  h.fake.knobs.writePageDelayMs = 300;
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, publisher.contextsInUse())), 5);
  try {
    const results = await Promise.all(accounts.map((a) => publisher.publish(h.request(a), publishOptions())));
    assert.equal(new Set(results.map((r) => r.logNo)).size, 3);
  } finally {
    clearInterval(sampler);
  }
  assert.equal(peak, 2, `peak contexts ${peak}`);
  for (const a of accounts) assert.equal(postsOf(h.fake, a.blogId).length, 1);
  assert.equal(publisher.contextsInUse(), 0);
});

/** SIGKILLs the Chromium processes this test process started (its descendants), like a crash would. */
function killChromium(): number {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // The process ended while we looked.
    }
  }
  const descendants: number[] = [];
  const walk = (pid: number) => {
    for (const c of children.get(pid) ?? []) {
      descendants.push(c);
      walk(c);
    }
  };
  walk(process.pid);
  let killed = 0;
  for (const pid of descendants) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('chrom')) continue;
      process.kill(pid, 'SIGKILL');
      killed++;
    } catch {
      // Already gone.
    }
  }
  return killed;
}

test('findPublished does not mistake an older post with the same title, published before by us, for the missing one', async () => {
  const account = await h.account();
  const first = h.request(account);
  await publisher.publish(first, publishOptions());
  const old = postsOf(h.fake, account.blogId)[0]!;
  // A later draft with the very same title whose outcome is unknown, and which NAVER never got.
  const again = h.request(account, { article: first.article });
  assert.equal((await publisher.findPublished(again, AbortSignal.timeout(10_000)))?.logNo, old.logNo, 'by title alone, the old post looks like it');
  assert.equal(await publisher.findPublished({ ...again, knownLogNos: [old.logNo] }, AbortSignal.timeout(10_000)), null);
});
