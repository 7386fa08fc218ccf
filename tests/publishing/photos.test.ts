// Pictures in a post through SmartEditor's own upload (issue 13), with real Chromium against the fake NAVER:
// the 사진 button, the photo server's upload, the image component's caption and AI label, text and pictures
// interleaved as the article orders them, and what happens when an upload fails or a picture is missing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import sharp from 'sharp';
import type { Article, Block } from '../../src/article.ts';
import { PermanentError, RetryableError } from '../../src/errors.ts';
import { screenshotOf, type DryRunRequest, type PostImage } from '../../src/ports.ts';
import type { NaverPublisher } from '../../src/publishing/naver/naver-publisher.ts';
import type { FakeBlock } from '../fakes/fake-naver/server.ts';
import { postsOf, publishOptions, startHarness, type Harness, type TestAccount } from './harness.ts';

let h: Harness;
let publisher: NaverPublisher;

before(async () => {
  h = await startHarness();
  publisher = h.publisher();
});
after(async () => h.close());

async function picture(slot: number, generated: boolean, color: { r: number; g: number; b: number }): Promise<PostImage> {
  const base = sharp({ create: { width: 120 + slot * 10, height: 80 + slot * 5, channels: 3, background: color } });
  // The team's photos as JPEG, the generated ones as PNG, as the domain stores them.
  const bytes = generated ? await base.png().toBuffer() : await base.jpeg({ quality: 80 }).toBuffer();
  return { slot, bytes, contentType: generated ? 'image/png' : 'image/jpeg', fileName: `slot-${slot}.${generated ? 'png' : 'jpg'}`, generated };
}

const image = (slot: number, caption: string): Block => ({ type: 'image', slot, what: `picture ${slot}`, alt: `alt ${slot}`, caption });

/** Text and four pictures: two of the team's photos, two generated; two pictures in a row, one right after a heading. */
function illustrated(): Article {
  return {
    title: `사진이 있는 글 ${Date.now().toString(36)}`,
    blocks: [
      { type: 'paragraph', text: '성수동 카페에 다녀왔습니다.' },
      image(1, '카페 입구, 아침 9시'),
      { type: 'heading', text: '메뉴' },
      image(2, '라떼와 스콘 (AI 생성 이미지)'),
      { type: 'paragraph', text: '라떼는 고소했고\n스콘은 따뜻했어요.' },
      { type: 'list', ordered: false, items: ['주차 불가', '반려견 동반 가능'] },
      image(3, '창가 자리'),
      image(4, '카페 거리 풍경 (AI 생성 이미지)'),
      { type: 'quote', text: '커피는 기다림의 맛이다.' },
      { type: 'paragraph', text: '다음에 또 올게요.' },
    ],
    tags: ['성수카페'],
  };
}

async function fourPictures(): Promise<PostImage[]> {
  return Promise.all([
    picture(1, false, { r: 200, g: 40, b: 40 }),
    picture(2, true, { r: 40, g: 200, b: 40 }),
    picture(3, false, { r: 40, g: 40, b: 200 }),
    picture(4, true, { r: 200, g: 200, b: 40 }),
  ]);
}

/** The stored body as the article would read it: a picture by the slot whose bytes NAVER holds for it. */
function asArticleBlocks(blocks: FakeBlock[], images: PostImage[]): Array<Block | { type: 'image'; slot: number | null; caption: string; ai: boolean }> {
  return blocks.map((b) => {
    if (b.type !== 'image') return b;
    const slot = images.find((i) => b.upload && Buffer.from(i.bytes).equals(b.upload.bytes))?.slot ?? null;
    return { type: 'image', slot, caption: b.caption, ai: b.ai };
  });
}

function expectedBlocks(article: Article, images: PostImage[]) {
  return article.blocks.map((b) =>
    b.type === 'image' ? { type: 'image' as const, slot: b.slot, caption: b.caption, ai: images.find((i) => i.slot === b.slot)!.generated } : b,
  );
}

test('a post with two team photos and two generated images: four pictures in the slots the article gave, captioned, the generated ones AI-labelled, the text between them', async () => {
  const account = await h.account();
  const article = illustrated();
  const images = await fourPictures();
  const uploadsBefore = h.fake.uploads.length;
  const opts = publishOptions(AbortSignal.timeout(60_000));

  const result = await publisher.publish(h.request(account, { article, images }), opts);

  const [post] = postsOf(h.fake, account.blogId);
  assert.ok(post, 'the post was published');
  assert.equal(result.logNo, post.logNo);
  assert.deepEqual(asArticleBlocks(post.blocks, images), expectedBlocks(article, images));
  const pictures = post.blocks.filter((b) => b.type === 'image');
  assert.equal(pictures.length, 4);
  for (const p of pictures) {
    assert.equal(p.upload?.blogId, account.blogId, 'each picture is one this blog uploaded');
    assert.match(p.src, /\/blogfiles\//);
  }
  assert.equal(h.fake.uploads.length - uploadsBefore, 4, 'one upload per picture, none twice');

  // What a reader sees: the post view shows the four pictures in order, with their captions, served from NAVER.
  const view = await fetch(`${h.fake.blogUrl}/PostView.naver?blogId=${account.blogId}&logNo=${post.logNo}`).then((r) => r.text());
  const srcs = [...view.matchAll(/<img class="se-image-resource" src="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
  assert.deepEqual(srcs, pictures.map((p) => p.src));
  const captions = [...view.matchAll(/<p class="se-image-caption">([^<]*)<\/p>/g)].map((m) => m[1]);
  assert.deepEqual(captions, ['카페 입구, 아침 9시', '라떼와 스콘 (AI 생성 이미지)', '창가 자리', '카페 거리 풍경 (AI 생성 이미지)']);
  assert.equal([...view.matchAll(/se-image-ai-badge/g)].length, 2, 'the two generated pictures carry the AI label');
  const served = Buffer.from((await (await fetch(srcs[2]!)).arrayBuffer()) as ArrayBuffer);
  assert.ok(served.equals(Buffer.from(images[2]!.bytes)), 'the third picture is served with the bytes of slot 3');
  assert.equal(opts.submits, 1);
});

test('a post that opens with a picture and ends with one keeps them first and last', async () => {
  const account = await h.account();
  const images = [await picture(1, false, { r: 10, g: 10, b: 10 }), await picture(2, true, { r: 250, g: 250, b: 250 })];
  const article: Article = {
    title: `처음과 끝에 사진 ${Date.now().toString(36)}`,
    blocks: [image(1, ''), { type: 'paragraph', text: '사진 사이의 글입니다.' }, image(2, '마지막 사진')],
    tags: [],
  };
  await publisher.publish(h.request(account, { article, images }), publishOptions(AbortSignal.timeout(60_000)));
  const [post] = postsOf(h.fake, account.blogId);
  assert.deepEqual(asArticleBlocks(post!.blocks, images), expectedBlocks(article, images));
});

for (const mode of ['error', 'drop'] as const) {
  test(`an upload the photo server ${mode === 'error' ? 'refuses' : 'cuts short'} fails the publish as a retryable editor failure with a screenshot, and nothing is published`, async () => {
    const account = await h.account();
    const images = await fourPictures();
    h.fake.knobs.uploadFailure = { mode, fileName: 'slot-3.jpg' };
    const opts = publishOptions(AbortSignal.timeout(60_000));
    try {
      const err = await publisher.publish(h.request(account, { article: illustrated(), images }), opts).then(
        () => assert.fail('should fail'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof RetryableError, String(err));
      assert.equal(err.errorClass, 'naver_editor');
      assert.match(err.message, /picture 3/);
      const shot = screenshotOf(err);
      assert.ok(shot && existsSync(shot), 'the failure screenshot exists');
    } finally {
      h.fake.knobs.uploadFailure = null;
    }
    assert.equal(opts.submits, 0, 'the final click was never reached');
    assert.equal(postsOf(h.fake, account.blogId).length, 0, 'no post, and no post without its picture');

    // Worth the retry: once the photo server takes pictures again, the same request publishes, once, whole.
    await publisher.publish(h.request(account, { article: illustrated(), images }), publishOptions(AbortSignal.timeout(60_000)));
    const posts = postsOf(h.fake, account.blogId);
    assert.equal(posts.length, 1);
    assert.equal(posts[0]!.blocks.filter((b) => b.type === 'image').length, 4);
  });
}

test('a publish request whose article places a picture it does not carry is refused for good, before NAVER is opened', async () => {
  const account = await h.account();
  const images = (await fourPictures()).filter((i) => i.slot !== 2);
  const pagesBefore = h.fake.writePagesServed;
  const err = await publisher.publish(h.request(account, { article: illustrated(), images }), publishOptions()).then(
    () => assert.fail('should fail'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof PermanentError, String(err));
  assert.equal(err.errorClass, 'image_missing');
  assert.match(err.message, /picture 2/);
  assert.equal(h.fake.writePagesServed, pagesBefore, 'the editor was never opened');
  assert.equal(postsOf(h.fake, account.blogId).length, 0);
});

test('a preview of an article that places a picture it does not carry says so at the photo step, with the text filled', async () => {
  const account = await h.account();
  const images = (await fourPictures()).filter((i) => i.slot !== 1);
  const uploadsBefore = h.fake.uploads.length;
  const result = await publisher.dryRun!(dryRunRequest(account, 'preview', { images }), AbortSignal.timeout(60_000));
  assert.equal(result.ok, false);
  assert.equal(result.failedStep, 'images');
  assert.equal(result.errorClass, 'image_missing');
  assert.equal(result.steps.find((s) => s.step === 'body')!.outcome, 'ok');
  assert.equal(h.fake.uploads.length, uploadsBefore, 'nothing was uploaded');
  assert.equal(postsOf(h.fake, account.blogId).length, 0);
});

function dryRunRequest(account: TestAccount, purpose: DryRunRequest['purpose'], overrides: Partial<DryRunRequest> = {}): DryRunRequest {
  return { accountId: account.id, blogId: account.blogId, label: 'draft-photos', purpose, article: illustrated(), visibility: 'public', category: null, ...overrides };
}

test('the preview fills the pictures as a publish would and leaves no post and no temporary post on NAVER', async () => {
  const account = await h.account();
  const images = await fourPictures();
  const uploadsBefore = h.fake.uploads.length;
  const result = await publisher.dryRun!(dryRunRequest(account, 'preview', { images }), AbortSignal.timeout(60_000));
  assert.equal(result.ok, true, JSON.stringify(result));
  const step = result.steps.find((s) => s.step === 'images')!;
  assert.equal(step.outcome, 'ok');
  assert.equal(step.detail, 'photos=4 ai_labelled=2');
  assert.equal(h.fake.uploads.length - uploadsBefore, 4, 'the four pictures went through the real upload');
  assert.equal(postsOf(h.fake, account.blogId).length, 0, 'no post on NAVER');
  assert.deepEqual(h.fake.tempPosts.filter((t) => t.blogId === account.blogId), [], `no autosave or temporary post (saves stopped: ${result.savesBlocked})`);
});

test('the editor check uploads a sample picture and reports the photo step with the selector that found the 사진 button', async () => {
  const account = await h.account();
  const uploadsBefore = h.fake.uploads.length;
  const result = await publisher.dryRun!(dryRunRequest(account, 'check', { article: { ...illustrated(), blocks: [{ type: 'paragraph', text: 'check' }] } }), AbortSignal.timeout(60_000));
  assert.equal(result.ok, true, JSON.stringify(result));
  const step = result.steps.find((s) => s.step === 'images')!;
  assert.deepEqual([step.outcome, step.selector, step.detail], ['ok', 'button[data-name="image"]', 'photos=1 ai_labelled=1']);
  assert.equal(h.fake.uploads.length - uploadsBefore, 1);
  assert.equal(postsOf(h.fake, account.blogId).length, 0);
});

test('the editor check names the photo step as broken when the photo server fails, and still checks what comes after', async () => {
  const account = await h.account();
  h.fake.knobs.uploadFailure = { mode: 'error' };
  try {
    const result = await publisher.dryRun!(dryRunRequest(account, 'check', { article: { ...illustrated(), blocks: [{ type: 'paragraph', text: 'check' }] } }), AbortSignal.timeout(60_000));
    assert.equal(result.ok, false);
    assert.equal(result.failedStep, 'images');
    assert.equal(result.errorClass, 'naver_editor');
    assert.equal(result.steps.find((s) => s.step === 'visibility')!.outcome, 'ok');
  } finally {
    h.fake.knobs.uploadFailure = null;
  }
});

test('an editor without the AI label: the post goes out with its pictures unlabelled and the log says so; the editor check names the photo step', async () => {
  const account = await h.account();
  const images = await fourPictures();
  h.fake.knobs.aiLabel = false;
  try {
    const req = h.request(account, { article: illustrated(), images });
    await publisher.publish(req, publishOptions(AbortSignal.timeout(60_000)));
    const [post] = postsOf(h.fake, account.blogId);
    assert.deepEqual(post!.blocks.filter((b) => b.type === 'image').map((b) => b.ai), [false, false, false, false]);
    const published = h.logs.map((l) => JSON.parse(l) as { msg?: string; draftId?: string; photos?: string }).find((l) => l.msg === 'published to naver' && l.draftId === req.draftId);
    assert.equal(published?.photos, 'photos=4 ai_labelled=0 ai_label_missing=2');

    const check = await publisher.dryRun!(dryRunRequest(account, 'check', { article: { ...illustrated(), blocks: [{ type: 'paragraph', text: 'check' }] } }), AbortSignal.timeout(60_000));
    assert.equal(check.ok, false);
    assert.equal(check.failedStep, 'images');
    assert.match(check.message ?? '', /AI label/);
  } finally {
    h.fake.knobs.aiLabel = true;
  }
});
