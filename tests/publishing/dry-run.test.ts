// The editor dry run (preview and editor check) with real Chromium against the fake NAVER: the same fill steps
// as a publish, a full-page screenshot, and nothing left on NAVER (no post, no autosave, no temporary post).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startHarness, sampleArticle, publishOptions, postsOf, type Harness } from './harness.ts';
import type { DryRunRequest } from '../../src/ports.ts';
import type { TestAccount } from './harness.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h.close();
});

function dryRunRequest(account: TestAccount, purpose: DryRunRequest['purpose'], overrides: Partial<DryRunRequest> = {}): DryRunRequest {
  return { accountId: account.id, blogId: account.blogId, label: purpose === 'check' ? 'check' : 'draft1', purpose, article: sampleArticle(), visibility: 'public', category: null, ...overrides };
}

const outcomes = (r: { steps: Array<{ step: string; outcome: string }> }) => Object.fromEntries(r.steps.map((s) => [s.step, s.outcome]));

function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

test('a preview fills the editor as a publish would, takes a full-page screenshot and leaves no post and no temporary post', async () => {
  const account = await h.account();
  const publisher = h.publisher();
  const long = sampleArticle();
  // A body longer than the window, so "full page" is visible in the picture's height.
  long.blocks.push(...Array.from({ length: 30 }, (_, i) => ({ type: 'paragraph' as const, text: `긴 본문의 ${i + 1}번째 문단입니다.` })));
  const result = await publisher.dryRun!(dryRunRequest(account, 'preview', { article: long, category: '리뷰', visibility: 'private' }), AbortSignal.timeout(30_000));
  assert.equal(result.ok, true, JSON.stringify(result));
  assert.deepEqual(outcomes(result), {
    login: 'ok', write_page: 'ok', title: 'ok', body: 'ok', images: 'skipped', publish_layer: 'ok', category: 'ok', tags: 'ok', visibility: 'ok',
  });
  const shot = await readFile(result.screenshotPath!);
  assert.ok(pngSize(shot).height > 900, `the screenshot is of the whole page, not the 900px window (${pngSize(shot).height}px)`);
  assert.equal(postsOf(h.fake, account.blogId).length, 0, 'no post on NAVER');
  assert.deepEqual(h.fake.tempPosts.filter((t) => t.blogId === account.blogId), [], 'no autosave or temporary post left on NAVER');
  assert.ok(result.savesBlocked > 0, 'the editor did try to autosave, and the browser stopped it');
});

test('the fake NAVER keeps an autosave of an editor that was filled and left (what the preview must avoid)', async () => {
  const account = await h.account();
  const publisher = h.publisher();
  // A publish whose final click NAVER refuses: the same fill, with saves allowed, and no post.
  h.fake.knobs.rejectPublish = '일시적인 오류';
  try {
    await assert.rejects(publisher.publish(h.request(account), publishOptions()));
  } finally {
    h.fake.knobs.rejectPublish = null;
  }
  assert.equal(postsOf(h.fake, account.blogId).length, 0);
  assert.equal(h.fake.tempPosts.filter((t) => t.blogId === account.blogId && t.kind === 'autosave').length, 1);
});

test('the editor check answers step by step with the selector that matched each part, photo button included', async () => {
  const account = await h.account();
  const result = await h.publisher().dryRun!(dryRunRequest(account, 'check', { category: '일상' }), AbortSignal.timeout(30_000));
  assert.equal(result.ok, true, JSON.stringify(result));
  const by = Object.fromEntries(result.steps.map((s) => [s.step, s]));
  assert.equal(by.login!.detail, 'credentials', 'logged in with the stored credentials');
  assert.equal(by.images!.outcome, 'ok');
  assert.equal(by.images!.selector, 'button[data-name="image"]');
  assert.equal(by.tags!.selector, '#tag-input');
  assert.equal(by.tags!.fallback, false);
  assert.equal(by.visibility!.selector, '#open_public');
  assert.equal(by.title!.selector, '.se-section-documentTitle .se-text-paragraph');
  assert.equal(postsOf(h.fake, account.blogId).length, 0);
  assert.deepEqual(h.fake.tempPosts.filter((t) => t.blogId === account.blogId), []);
});

test('after NAVER renames its tag field, the check names the tag step as broken and still checks what comes after', async () => {
  const account = await h.account();
  h.fake.knobs.tagField = 'renamed';
  try {
    const result = await h.publisher({ stepTimeoutMs: 2_000 }).dryRun!(dryRunRequest(account, 'check'), AbortSignal.timeout(30_000));
    assert.equal(result.ok, false);
    assert.equal(result.failedStep, 'tags');
    assert.equal(outcomes(result).tags, 'failed');
    assert.equal(outcomes(result).visibility, 'ok', 'the steps after it are still checked');
    assert.ok(result.screenshotPath);
  } finally {
    h.fake.knobs.tagField = 'standard';
  }
});

test('a tag field found only by a fallback selector still works, and the fallback is reported', async () => {
  const account = await h.account();
  const fallbacks: Array<[string, string]> = [];
  h.fake.knobs.tagField = 'no_id';
  try {
    const publisher = h.publisher({ onSelectorFallback: (list, selector) => fallbacks.push([list, selector]) });
    const result = await publisher.dryRun!(dryRunRequest(account, 'check'), AbortSignal.timeout(30_000));
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.equal(result.steps.find((s) => s.step === 'tags')!.fallback, true);
    assert.deepEqual(fallbacks, [['PUBLISH.tagInput', 'input[class^="tag_input"]']]);
    // A publish through the same fallback reports it too, and posts the tags.
    const req = h.request(account);
    await publisher.publish(req, publishOptions());
    assert.deepEqual(postsOf(h.fake, account.blogId)[0]!.tags, req.article.tags);
    assert.equal(fallbacks.length, 2);
  } finally {
    h.fake.knobs.tagField = 'standard';
  }
});
