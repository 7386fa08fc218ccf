// The search check after publishing, against a fake NAVER Search API on loopback through the real HTTP adapter:
// found at once, found late, never found (one 누락 alert), 429 answers, and the daily quota.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, admin, type Harness } from '../support/harness.ts';
import { eventually } from '../support/eventually.ts';
import { startFakeNaverSearch, type FakeNaverSearch, type Indexing } from '../fakes/fake-naver-search.ts';
import { searchCheckJobId } from '../../src/checks/checks-queue.ts';

const DELAYS = [400, 900, 1_400];
let search: FakeNaverSearch;
let h: Harness;

before(async () => {
  search = await startFakeNaverSearch();
  h = await startHarness({
    config: {
      NAVER_SEARCH_CLIENT_ID: search.clientId,
      NAVER_SEARCH_CLIENT_SECRET: search.clientSecret,
      NAVER_SEARCH_API_URL: search.url,
      SEARCH_CHECK_DELAYS: DELAYS,
    },
  });
});
after(async () => {
  await h.stop();
  await search.close();
});

/** Publishes one post of a new account; the fake search index learns of it as `when` says. */
async function publishIndexed(blogId: string, when: Indexing, harness = h) {
  const actor = admin(`chan-${blogId}`);
  const account = await harness.service.addAccount({ blogId }, actor);
  harness.publisher.script.push(async (req, opts) => {
    await opts.beforeSubmit();
    const result = harness.publisher.store(req);
    search.index({ blogId: req.blogId, logNo: result.logNo, title: req.article.title }, when);
    return result;
  });
  const draft = await harness.service.schedulePost({ accountRef: account.id, topic: `${blogId} 검색 확인`, keywords: [], publishAt: null }, actor);
  await eventually(async () => (await harness.db.draft.findUniqueOrThrow({ where: { id: draft.id } })).status === 'pending_approval', 'draft written');
  await harness.service.approve(draft.id, actor);
  await eventually(async () => (await harness.db.draft.findUniqueOrThrow({ where: { id: draft.id } })).status === 'published', 'published');
  return { account, draftId: draft.id, title: (await harness.db.draft.findUniqueOrThrow({ where: { id: draft.id } })).title! };
}

/** Every search round of the draft has run to its end. */
async function allRoundsDone(draftId: string, harness = h): Promise<void> {
  await eventually(async () => {
    for (let round = 1; round <= DELAYS.length; round++) {
      const state = await (await harness.core.checks.queue.getJob(searchCheckJobId(draftId, round)))?.getState();
      if (state !== 'completed') return false;
    }
    return true;
  }, 'every search round to complete', { timeoutMs: 20_000 });
}

const draftOf = (id: string) => h.db.draft.findUniqueOrThrow({ where: { id }, include: { searchChecks: { orderBy: { round: 'asc' } } } });
const missingAlerts = (draftId: string) => h.notifier.of('search_missing').filter((n) => n.draftId === draftId);
const searchesFor = (title: string) => search.requests.filter((r) => r.query === title);

test('a post found at the first check: found, when and where are recorded, no further searches and no alert', async () => {
  const { draftId, title } = await publishIndexed('foundnow', { fromSearch: 1 });
  await allRoundsDone(draftId);
  const d = await draftOf(draftId);
  assert.equal(d.searchCheck, 'found');
  assert.equal(d.searchPosition, 3, 'two posts of other blogs come first, one with the same log number');
  assert.ok(d.searchFoundAt && d.publishedAt && d.searchFoundAt >= d.publishedAt);
  assert.deepEqual(d.searchChecks.map((c) => [c.round, c.found, c.position, c.query]), [[1, true, 3, title]]);
  assert.equal(searchesFor(title).length, 1, 'the later rounds do not search again');
  assert.equal(searchesFor(title)[0]!.display, '100');
  assert.equal(d.status, 'published');
  assert.deepEqual(missingAlerts(draftId), []);
  assert.ok(h.notifier.draftActions(draftId).includes('found_in_search'), 'the draft’s message shows it');
});

test('the card that says a post is published already says its search check is on the way', async () => {
  const { draftId } = await publishIndexed('cardwaits', { fromSearch: 1 });
  // The card follows the row that says published (the checks are handed over first): wait for the card itself.
  const published = await eventually(() => h.notifier.of('draft').find((n) => n.draft.draftId === draftId && n.draft.action === 'published'), 'the published card');
  assert.equal(published?.draft.afterPublish?.search, 'waiting', 'the published card shows the search check waiting');
  await allRoundsDone(draftId);
});

test('a post found late: not found at the first check, found at the second, the message says when; no alert', async () => {
  const { draftId, title } = await publishIndexed('foundlate', { fromSearch: 2 });
  await allRoundsDone(draftId);
  const d = await draftOf(draftId);
  assert.deepEqual(d.searchChecks.map((c) => [c.round, c.found]), [[1, false], [2, true]]);
  assert.equal(d.searchCheck, 'found');
  assert.equal(d.searchFoundAt?.getTime(), d.searchChecks[1]!.checkedAt.getTime());
  assert.equal(searchesFor(title).length, 2);
  const actions = h.notifier.draftActions(draftId);
  assert.ok(actions.indexOf('not_yet_in_search') < actions.indexOf('found_in_search'));
  const shown = h.notifier.of('draft').filter((n) => n.draft.draftId === draftId && n.draft.action === 'found_in_search')[0]!;
  assert.equal(shown.draft.afterPublish?.search, 'found');
  assert.equal(shown.draft.afterPublish?.searchFoundAt?.getTime(), d.searchFoundAt?.getTime());
  assert.deepEqual(missingAlerts(draftId), []);
});

test('a post never found: every round recorded, exactly one 누락 alert with the link, title and query', async () => {
  const { account, draftId, title } = await publishIndexed('neverfound', 'never');
  await allRoundsDone(draftId);
  const d = await draftOf(draftId);
  // Later rounds are the late looks after 누락 (the next test).
  assert.deepEqual(d.searchChecks.filter((c) => c.round <= 3).map((c) => [c.round, c.found]), [[1, false], [2, false], [3, false]]);
  assert.equal(d.searchCheck, 'missing');
  assert.equal(d.status, 'published', 'the check never touches the post');
  const alerts = missingAlerts(draftId);
  assert.equal(alerts.length, 1);
  assert.equal(alerts[0]!.url, d.publishedUrl);
  assert.equal(alerts[0]!.title, title);
  assert.equal(alerts[0]!.query, title);
  assert.deepEqual(alerts[0]!.channelIds, ['chan-neverfound']);
  assert.equal(alerts[0]!.accountId, account.id);
  assert.equal(alerts[0]!.lastDelayMs, 1_400);
  // The last round run again (a retry after a crash) finds the alert already sent.
  const job = await h.core.checks.queue.getJob(searchCheckJobId(draftId, 3));
  await job!.retry('completed');
  await eventually(async () => (await job!.getState()) === 'completed' && (await h.core.checks.queue.getJob(job!.id!))?.finishedOn !== job!.finishedOn, 'the round to run again');
  assert.equal(missingAlerts(draftId).length, 1);
});

test('a post NAVER lists only after the 누락 alert: a late look finds it, its message says when, no second alert', async () => {
  // Rounds at 0.4, 0.9 and 1.4 s; the late looks at 3 and 7 times the last delay (4.2 and 9.8 s).
  const { draftId, title } = await publishIndexed('foundafter', { fromSearch: 4 });
  // The alert is sent just after the draft is marked missing.
  await eventually(() => missingAlerts(draftId).length === 1, 'the 누락 alert first', { timeoutMs: 20_000 });
  await eventually(async () => (await draftOf(draftId)).searchCheck === 'found', 'found by the first late look', { timeoutMs: 30_000 });
  const d = await draftOf(draftId);
  assert.deepEqual(d.searchChecks.map((c) => [c.round, c.found]), [[1, false], [2, false], [3, false], [4, true]]);
  assert.ok(d.searchFoundAt && d.searchMissingAlertAt && d.searchFoundAt > d.searchMissingAlertAt, 'found after the alert');
  await eventually(() => h.notifier.draftActions(draftId).includes('found_in_search'), 'the draft’s message shows when it was found');
  // The second late look finds it found already: no search, no second alert.
  const second = () => h.core.checks.queue.getJob(searchCheckJobId(draftId, 5));
  await eventually(async () => (await (await second())?.getState()) === 'completed', 'the second late look', { timeoutMs: 30_000 });
  assert.equal(searchesFor(title).length, 4);
  assert.equal(missingAlerts(draftId).length, 1);
  assert.equal(d.status, 'published');
});

test('429 from the Search API: the check backs off and tries again; the post is untouched', async () => {
  search.rateLimitNext(2);
  const { draftId, title } = await publishIndexed('ratelimited', { fromSearch: 1 });
  await allRoundsDone(draftId);
  assert.deepEqual(searchesFor(title).map((r) => r.status), [429, 429, 200]);
  const d = await draftOf(draftId);
  assert.equal(d.searchCheck, 'found');
  assert.equal(d.status, 'published');
  assert.deepEqual(missingAlerts(draftId), []);
});

test('the daily quota used up: no call is made, the round waits for the next day and nothing is alerted', async () => {
  const q = await startHarness({
    config: {
      NAVER_SEARCH_CLIENT_ID: search.clientId,
      NAVER_SEARCH_CLIENT_SECRET: search.clientSecret,
      NAVER_SEARCH_API_URL: search.url,
      SEARCH_CHECK_DELAYS: DELAYS,
      NAVER_SEARCH_DAILY_QUOTA: 1,
    },
  });
  try {
    const { draftId, title } = await publishIndexed('quotablog', 'never', q);
    const second = () => q.core.checks.queue.getJob(searchCheckJobId(draftId, 2));
    await eventually(async () => {
      const job = await second();
      return (await job?.getState()) === 'delayed' && (job?.processedOn ?? 0) > 0;
    }, 'the second round to be put off', { timeoutMs: 20_000 });
    const job = await second();
    const until = (job!.timestamp ?? 0) + (job!.delay ?? 0);
    assert.ok(until > Date.now() + 60_000 || job!.delay > 60_000, 'put off until the quota starts again');
    assert.equal(searchesFor(title).length, 1, 'one call: the quota');
    const d = await q.db.draft.findUniqueOrThrow({ where: { id: draftId } });
    assert.equal(d.searchCheck, 'waiting');
    assert.deepEqual(q.notifier.of('search_missing'), []);
  } finally {
    await q.stop();
  }
});

test('checks lost with Redis are given back: a published post still waiting for its checks gets them again', async () => {
  const actor = admin('chan-lostchecks');
  const account = await h.service.addAccount({ blogId: 'lostchecks' }, actor);
  const title = 'lostchecks 잃어버린 확인';
  // Published a moment ago, its checks never reached the queue (as after a Redis flush).
  const draft = await h.db.draft.create({
    data: { accountId: account.id, topic: 't', title, status: 'published', publishedAt: new Date(), logNo: '223499990001', publishedUrl: 'https://blog.naver.com/lostchecks/223499990001', searchCheck: 'waiting' },
  });
  search.index({ blogId: 'lostchecks', logNo: '223499990001', title });
  assert.equal(await h.core.checks.queue.getJob(searchCheckJobId(draft.id, 1)), undefined);
  const { reconcileChecks } = await import('../../src/checks/reconcile-checks.ts');
  assert.ok((await reconcileChecks(h.core.domain)) >= 1);
  await allRoundsDone(draft.id);
  assert.equal((await draftOf(draft.id)).searchCheck, 'found');
  const firstRound = await h.core.checks.queue.getJob(searchCheckJobId(draft.id, 1));
  await reconcileChecks(h.core.domain);
  assert.equal((await h.core.checks.queue.getJob(searchCheckJobId(draft.id, 1)))?.finishedOn, firstRound!.finishedOn, 'a check that ran is not run again');
  assert.equal(searchesFor(title).length, 1);
});
