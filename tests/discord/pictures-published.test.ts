// Issue 13 end to end: two of the team's photos handed to /schedule post and two pictures the image model makes
// (the real Gemini client against the fake Gemini) are on the approval card in the fake Discord before anyone
// approves; Approve publishes through the real publisher in Chromium into the fake NAVER, whose stored post holds
// the four pictures in the article's slots, with their captions, the generated ones carrying NAVER's AI label.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { buttons, embedImages, type StoredMessage } from '../fakes/fake-discord/index.ts';
import { imageReply, jsonReply, pngBytes, startFakeGemini, wantsImage, type FakeGemini, type RecordedRequest } from '../fakes/fake-gemini.ts';
import { startFakeNaver, type FakeNaver } from '../fakes/fake-naver/server.ts';
import type { PostedImage } from '../fakes/fake-naver/photos.ts';
import { createGeminiWriter } from '../../src/generation/gemini/gemini-writer.ts';
import { createGeminiImageGenerator } from '../../src/generation/gemini/image-generator.ts';
import { naverPublisherKit, type NaverPublisherKit } from '../support/naver-publisher.ts';
import { eventually } from '../support/eventually.ts';
import { startWorld, type World } from './support/discord-world.ts';
import type { Block } from '../../src/article.ts';

const WAIT = { timeoutMs: 60_000 };
let w: World;
let gemini: FakeGemini;
let naver: FakeNaver;
let kit: NaverPublisherKit;
/** Two different pictures, made in turn, so each post picture can be traced to its slot by its bytes. */
const generated: Buffer[] = [];
let made = 0;

/** The writer's answer: text, then a picture per slot the request names (photos first), with a caption each. */
function writerAnswer(r: RecordedRequest): unknown {
  const text = r.body.contents?.[0]?.parts?.[0]?.text ?? '';
  const total = Number(/In all, use (\d+)/.exec(text)?.[1] ?? 0);
  const blocks: unknown[] = [{ type: 'paragraph', text: '성수동 카페 네 곳을 하루에 돌아본 이야기입니다.' }];
  for (let slot = 1; slot <= total; slot++) {
    blocks.push({ type: 'paragraph', text: `${slot}번째 가게는 분위기가 달랐습니다. 커피 맛과 가격을 적어 둡니다.` });
    blocks.push({ type: 'image', slot, what: `성수동 카페 풍경 ${slot}`, alt: `${slot}번 사진`, caption: `${slot}번째 가게의 모습` });
  }
  blocks.push({ type: 'paragraph', text: '다음에는 빵집을 돌아보겠습니다.' });
  return { title: '성수동 카페 네 곳 하루 투어', blocks, tags: ['성수동카페'] };
}

before(async () => {
  generated.push(await pngBytes(3, 96), await pngBytes(5, 96));
  gemini = await startFakeGemini();
  gemini.fallback = (r) => (wantsImage(r) ? imageReply(generated[made++ % 2]!) : jsonReply(writerAnswer(r)));
  naver = await startFakeNaver();
  kit = await naverPublisherKit(naver, 'pictures');
  w = await startWorld({
    writer: createGeminiWriter({ apiKey: 'test-key', model: 'gemini-test', baseUrl: gemini.baseUrl, apiVersion: 'v1beta', timeoutMs: 10_000 }),
    images: createGeminiImageGenerator({ apiKey: 'test-key', model: 'gemini-image-test', baseUrl: gemini.baseUrl, apiVersion: 'v1beta' }),
    config: { ...kit.config, GENERATE_TIMEOUT_MS: 10_000, PUBLISH_TIMEOUT_MS: 60_000 },
    publisherFactory: kit.factory({ maxContexts: 1 }),
  });
});
after(async () => {
  await w?.stop();
  await naver?.close();
  await gemini?.close();
  await kit?.remove();
});

const photo = (r: number) => sharp({ create: { width: 1200, height: 900, channels: 3, background: { r, g: 90, b: 40 } } }).jpeg().toBuffer();

test('two photos and two generated pictures: on the card before Approve, then in the NAVER post in their slots with captions and the AI label', async () => {
  const accountId = await w.addAccount('picpost', w.fake.channels.main);
  naver.addUser({ username: 'picpost-id', password: 'pw-pictures1', blogId: 'picpost' });
  await w.harness.service.setCredentials(accountId, { username: 'picpost-id', password: 'pw-pictures1' }, { userId: w.admin.id, channelId: w.fake.channels.main, manageServer: true });
  await w.run(w.admin, 'account', 'settings', { account: 'picpost', image_count: '4' });

  const reply = await w.run(w.admin, 'schedule', 'post', {
    account: 'picpost',
    topic: '성수동 카페 투어',
    photo1: w.fake.attachment('front.jpg', await photo(200), 'image/jpeg'),
    photo2: w.fake.attachment('latte.jpg', await photo(40), 'image/jpeg'),
  });
  const card: StoredMessage = await eventually(() => {
    const m = w.fake.message(reply.originalId);
    return m && buttons(m).some((b) => b.customId?.startsWith('draft:approve:')) && embedImages(m).length === 4 ? m : null;
  }, 'the approval card with its four pictures', WAIT);
  const draftId = /draft:approve:(\S+)/.exec(buttons(card).find((b) => b.customId?.startsWith('draft:approve:'))!.customId!)![1]!;
  assert.equal((await w.harness.db.draft.findUniqueOrThrow({ where: { id: draftId } })).status, 'pending_approval', 'shown before anyone approves');
  assert.deepEqual(embedImages(card).map((s) => s.footer.includes('AI-made')), [false, false, true, true]);

  w.clickOn(w.admin, card, 'Approve');
  await eventually(async () => (await w.harness.db.draft.findUniqueOrThrow({ where: { id: draftId } })).status === 'published', 'published', WAIT);
  const post = naver.posts.find((p) => p.blogId === 'picpost');
  assert.ok(post, 'the post is on the fake NAVER');
  const pictures = post.blocks.filter((b): b is PostedImage => b.type === 'image');
  assert.equal(pictures.length, 4, 'four pictures in the post');
  assert.deepEqual(pictures.map((p) => p.caption), ['1번째 가게의 모습', '2번째 가게의 모습', '3번째 가게의 모습', '4번째 가게의 모습']);
  assert.deepEqual(pictures.map((p) => p.ai), [false, false, true, true], 'the generated pictures carry the AI label');
  // Each picture is the stored one of its slot, byte for byte, in the article's order between the text.
  const stored = await w.harness.db.draftImage.findMany({ where: { draftId }, orderBy: { slot: 'asc' } });
  assert.deepEqual(pictures.map((p) => stored.findIndex((s) => p.upload && Buffer.from(s.bytes!).equals(p.upload.bytes)) + 1), [1, 2, 3, 4]);
  const order = post.blocks.map((b) => (b.type === 'image' ? 'image' : b.type === 'paragraph' ? 'text' : b.type));
  assert.deepEqual(order, ['text', 'text', 'image', 'text', 'image', 'text', 'image', 'text', 'image', 'text']);
  const article = (await w.harness.db.draft.findUniqueOrThrow({ where: { id: draftId } })).body as Block[];
  assert.deepEqual(article.flatMap((b) => (b.type === 'image' ? [b.slot] : [])), [1, 2, 3, 4]);
});
