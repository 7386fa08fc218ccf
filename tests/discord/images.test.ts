// Pictures in every post (issue 13), as a channel sees them: /schedule post with the team's photos, the writer
// (the real Gemini client against the fake Gemini) placing them and asking for generated ones, the image model
// answering with inline bytes (or a safety block), the approval card showing the gallery, the buttons that make
// an image again or go on without it, and the publish request carrying every picture in slot order.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { buttons, embedImages, messageText, type FakeInteraction, type OptionValue, type StoredMessage } from '../fakes/fake-discord/index.ts';
import { imageReply, imageSafetyReply, jsonReply, pngBytes, startFakeGemini, wantsImage, type FakeGemini, type RecordedRequest } from '../fakes/fake-gemini.ts';
import { createGeminiWriter } from '../../src/generation/gemini/gemini-writer.ts';
import { createGeminiImageGenerator } from '../../src/generation/gemini/image-generator.ts';
import { eventually } from '../support/eventually.ts';
import { startWorld, type World } from './support/discord-world.ts';
import type { Block } from '../../src/article.ts';

const IMAGE_MODEL = 'gemini-image-test';
const STYLE = '밝은 자연광 사진 느낌, 사람 얼굴 없음';
const WAIT = { timeoutMs: 30_000 };

let w: World;
let gemini: FakeGemini;
/** Image prompts holding this word are blocked by the fake's safety filter while it is on. */
let safetyOn = true;
let imageSeed = 0;

/** What the writer answers: its image blocks follow the request (the team's photos by slot, the total asked for). */
function writerAnswer(r: RecordedRequest): unknown {
  const text = r.body.contents?.[0]?.parts?.[0]?.text ?? '';
  const topic = /Topic: "([^"]*)"/.exec(text)?.[1] ?? '글';
  const photos = [...text.matchAll(/- slot (\d+): "([^"]*)"/g)].map((m) => ({ slot: Number(m[1]), name: m[2]! }));
  const total = Number(/In all, use (\d+)/.exec(text)?.[1] ?? photos.length);
  const blocks: unknown[] = [{ type: 'paragraph', text: `${topic}에 다녀온 이야기를 정리했습니다. 처음 가는 분도 편하게 읽을 수 있게 썼어요.` }];
  for (let slot = 1; slot <= Math.max(total, photos.length); slot++) {
    const photo = photos.find((p) => p.slot === slot);
    blocks.push({ type: 'heading', text: `${slot}번째 이야기` }, { type: 'paragraph', text: `${topic}의 ${slot}번째 장면입니다. 분위기와 맛, 가격을 차례로 적었습니다.` });
    const what = photo ? photo.name : `${topic} 장면 ${slot}${topic.includes('차단') && slot === total ? ' BLOCKED' : ''}`;
    blocks.push({ type: 'image', slot, what, alt: `${slot}번 사진`, caption: photo ? `팀이 찍은 ${photo.name}` : `${slot}번째 장면 (생성)` });
  }
  blocks.push({ type: 'paragraph', text: '궁금한 점은 댓글로 남겨 주세요.' });
  return { title: `${topic} 완벽 정리`, blocks, tags: ['카페', '여행'] };
}

before(async () => {
  gemini = await startFakeGemini();
  gemini.fallback = (r) => {
    if (!wantsImage(r)) return jsonReply(writerAnswer(r));
    const prompt = r.body.contents?.[0]?.parts?.[0]?.text ?? '';
    if (safetyOn && prompt.includes('BLOCKED')) return imageSafetyReply();
    return imageReply(pngBytesSync(++imageSeed));
  };
  w = await startWorld({
    writer: createGeminiWriter({ apiKey: 'test-key', model: 'gemini-test', baseUrl: gemini.baseUrl, apiVersion: 'v1beta', timeoutMs: 10_000 }),
    images: createGeminiImageGenerator({ apiKey: 'test-key', model: IMAGE_MODEL, baseUrl: gemini.baseUrl, apiVersion: 'v1beta' }),
    config: { GENERATE_TIMEOUT_MS: 10_000 },
  });
  for (const blog of ['picblog', 'safeblog', 'tenblog']) {
    await w.addAccount(blog);
    const count = blog === 'safeblog' ? '3' : '4';
    const settings = await w.run(w.admin, 'account', 'settings', { account: blog, image_count: count, image_style: STYLE, ...(blog === 'tenblog' ? { images: 'photos' } : {}) });
    assert.match(w.fake.answerText(settings), /Images: .*per post · image style: 밝은 자연광/);
  }
});
after(async () => {
  const late = w?.fake.lateInteractions() ?? [];
  await w?.stop();
  await gemini?.close();
  assert.deepEqual(late, [], 'every interaction was acknowledged within 3 s');
});

// pngBytes is async (sharp); the fallback is not: keep a few ready.
const READY: Buffer[] = [];
function pngBytesSync(seed: number): Buffer {
  return READY[seed % READY.length]!;
}
before(async () => {
  for (let i = 0; i < 4; i++) READY.push(await pngBytes(i, 96));
});

async function photo(width: number, height: number, format: 'png' | 'jpeg', gps = false): Promise<Buffer> {
  let img = sharp({ create: { width, height, channels: 3, background: { r: 200, g: 120, b: 40 } } });
  if (gps) img = img.withExif({ IFD0: { Make: 'TestCam' }, IFD3: { GPSLatitudeRef: 'N', GPSLongitudeRef: 'E' } });
  return format === 'png' ? img.png().toBuffer() : img.jpeg().toBuffer();
}

function attach(name: string, data: Buffer, type = 'image/png'): OptionValue {
  return w.fake.attachment(name, data, type);
}

/** The reply that became the draft's approval prompt, once it shows `images` pictures. */
async function promptWith(reply: FakeInteraction, check: (m: StoredMessage) => boolean, what: string): Promise<StoredMessage> {
  return eventually(() => {
    const m = w.fake.message(reply.originalId);
    return m && buttons(m).some((b) => b.customId?.startsWith('draft:approve:')) && check(m) ? m : null;
  }, what, WAIT);
}

function draftIdOf(m: StoredMessage): string {
  return /draft:approve:(\S+)/.exec(buttons(m).find((b) => b.customId?.startsWith('draft:approve:'))!.customId!)![1]!;
}

async function blocksOf(draftId: string): Promise<Array<Extract<Block, { type: 'image' }>>> {
  const d = await w.harness.db.draft.findUniqueOrThrow({ where: { id: draftId } });
  return (d.body as Block[]).filter((b): b is Extract<Block, { type: 'image' }> => b.type === 'image');
}

describe('pictures in a post', () => {
  test('/schedule post with 2 photos and a target of 4: 2 team photos and 2 generated images, shown on the card, published in slot order', async () => {
    const front = await photo(2400, 1800, 'png');
    const menu = await photo(800, 600, 'jpeg', true);
    const reply = await w.run(w.admin, 'schedule', 'post', { account: 'picblog', topic: '성수동 카페 투어', photo1: attach('cafe-front.png', front), photo2: attach('menu-board.jpg', menu, 'image/jpeg') });
    const prompt = await promptWith(reply, (m) => embedImages(m).length === 4, 'the approval card with four pictures');
    const draftId = draftIdOf(prompt);

    // The writer was told the photos by name; the image model got each slot's description with the style.
    const writes = gemini.requests.filter((r) => !wantsImage(r));
    assert.match(writes.at(-1)!.body.contents![0]!.parts![0]!.text!, /slot 1: "cafe-front\.png"[\s\S]*slot 2: "menu-board\.jpg"[\s\S]*In all, use 4 image blocks/);
    // It also saw them: each photo, small, as an inline picture after a line naming its slot.
    const parts = writes.at(-1)!.body.contents![0]!.parts!;
    assert.deepEqual(parts.slice(1).map((p) => p.text ?? p.inlineData?.mimeType), ['Photo for slot 1:', 'image/jpeg', 'Photo for slot 2:', 'image/jpeg']);
    const seen = await sharp(Buffer.from(parts[2]!.inlineData!.data!, 'base64')).metadata();
    assert.ok(Math.max(seen.width!, seen.height!) <= 512);
    const drawn = gemini.requests.filter(wantsImage);
    assert.equal(drawn.length, 2);
    for (const r of drawn) {
      assert.equal(r.model, IMAGE_MODEL);
      assert.match(r.body.contents![0]!.parts![0]!.text!, new RegExp(STYLE));
      assert.match(r.body.contents![0]!.parts![0]!.text!, /성수동 카페 투어 장면 [34]/);
      assert.deepEqual(r.body.generationConfig?.responseModalities, ['TEXT', 'IMAGE']);
    }

    // Stored: resized, metadata gone, sources right; the article has the four slots with captions.
    const rows = await w.harness.db.draftImage.findMany({ where: { draftId }, orderBy: { slot: 'asc' } });
    assert.deepEqual(rows.map((r) => [r.slot, r.source, r.status]), [[1, 'photo', 'ok'], [2, 'photo', 'ok'], [3, 'generated', 'ok'], [4, 'generated', 'ok']]);
    assert.equal(rows[0]!.width, 1600, 'the long side is cut to 1600 px');
    const menuMeta = await sharp(Buffer.from(rows[1]!.bytes!)).metadata();
    assert.equal(menuMeta.exif, undefined, 'no EXIF (location) left in the stored photo');
    const blocks = await blocksOf(draftId);
    assert.deepEqual(blocks.map((b) => b.slot), [1, 2, 3, 4]);
    assert.ok(blocks.every((b) => b.caption.length > 0));

    // The card: four pictures, which are AI-made, and the counts, before anyone approves.
    const shown = embedImages(prompt);
    assert.deepEqual(shown.map((s) => /Image (\d)/.exec(s.footer)?.[1]), ['1', '2', '3', '4']);
    assert.deepEqual(shown.map((s) => s.footer.includes('AI-made')), [false, false, true, true]);
    assert.match(shown[0]!.footer, /팀이 찍은 cafe-front\.png/);
    assert.match(messageText(prompt), /4 images \(2 AI-made\) · 2 tags/);
    assert.ok(buttons(prompt).some((b) => b.label === 'Add photos'));
    assert.equal((await w.harness.db.draft.findUniqueOrThrow({ where: { id: draftId } })).status, 'pending_approval');
    // DOCS_SCREENSHOT=1: the README's picture of this card (docs/approval-images.png).
    if (process.env.DOCS_SCREENSHOT) await (await import('../support/render-message.ts')).screenshotMessage(prompt, 'docs/approval-images.png');

    w.clickOn(w.admin, prompt, 'Approve');
    await eventually(async () => (await w.harness.db.draft.findUniqueOrThrow({ where: { id: draftId } })).status === 'published', 'published', WAIT);
    const request = w.harness.publisher.attempts.find((a) => a.draftId === draftId)!;
    assert.deepEqual(request.images?.map((i) => [i.slot, i.generated, i.contentType]), [[1, false, 'image/jpeg'], [2, false, 'image/jpeg'], [3, true, 'image/jpeg'], [4, true, 'image/jpeg']]);
    assert.deepEqual(request.images!.map((i) => Buffer.from(i.bytes).equals(Buffer.from(rows.find((r) => r.slot === i.slot)!.bytes!))), [true, true, true, true]);
    assert.deepEqual(request.article.blocks.flatMap((b) => (b.type === 'image' ? [b.slot] : [])), [1, 2, 3, 4]);
    const post = w.harness.publisher.posts.get(draftId)!;
    const published = await eventually(() => {
      const m = w.fake.message(prompt.id)!;
      return messageText(m).includes(post.url) ? m : null;
    }, 'the link on the card', WAIT);
    assert.equal(embedImages(published).length, 4, 'the published message keeps the gallery');
  });

  test('/account settings refuses an image count it cannot use and changes nothing', async () => {
    const before = await w.harness.db.account.findFirstOrThrow({ where: { blogId: 'picblog' } });
    for (const count of ['9-3', '30', 'many']) {
      const i = await w.run(w.admin, 'account', 'settings', { account: 'picblog', image_count: count, image_style: '바뀌면 안 되는 스타일' });
      assert.ok(w.fake.answerIsEphemeral(i));
      assert.match(w.fake.answerText(i), /The image count is a number or a range from 0 to 20, like 4-8\./);
    }
    const after = await w.harness.db.account.findFirstOrThrow({ where: { blogId: 'picblog' } });
    assert.deepEqual([after.imagesMin, after.imagesMax, after.imageStyle], [before.imagesMin, before.imagesMax, before.imageStyle]);
  });

  /** A /schedule post whose photo is refused: one private sentence, no draft, nothing public left behind. */
  async function refused(photos: Record<string, OptionValue>, sentence: RegExp) {
    const drafts = await w.harness.db.draft.count();
    const images = await w.harness.db.draftImage.count();
    const publicBefore = w.fake.channelMessages(w.fake.channels.main).length;
    const i = await w.run(w.admin, 'schedule', 'post', { account: 'picblog', topic: '거절될 글', ...photos });
    await eventually(() => w.fake.answerIsEphemeral(i) && sentence.test(w.fake.answerText(i)), () => `refusal ${sentence}: ${w.fake.answerText(i)}`, WAIT);
    assert.equal(await w.harness.db.draft.count(), drafts);
    assert.equal(await w.harness.db.draftImage.count(), images);
    assert.equal(w.fake.channelMessages(w.fake.channels.main).filter((m) => !m.deleted).length, publicBefore, 'no public message left');
  }

  test('a PDF named .jpg is refused by its bytes', async () => {
    await refused({ photo1: attach('menu.jpg', Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n'), 'image/jpeg') }, /Photo 1 \(menu\.jpg\) is not a picture this bot takes/);
  });

  test('a 25 MB file is refused before anything is downloaded', async () => {
    await refused({ photo1: attach('huge.jpg', Buffer.alloc(25 * 1024 * 1024, 1), 'image/jpeg') }, /Photo 1 \(huge\.jpg\) is larger than 20 MB/);
  });

  test('a corrupt PNG is refused', async () => {
    const good = await photo(300, 200, 'png');
    const broken = Buffer.concat([good.subarray(0, 60), Buffer.alloc(400, 7)]);
    await refused({ photo1: attach('ok.png', good), photo2: attach('broken.png', broken) }, /Photo 2 \(broken\.png\) is damaged and cannot be read/);
  });

  test('an attachment whose address is not Discord\'s CDN is never fetched', async () => {
    const forged: OptionValue = { attachment: { id: '123456789012345678', filename: 'evil.png', url: 'http://127.0.0.1:9/evil.png', size: 100, contentType: 'image/png' } };
    await refused({ photo1: forged }, /Photo 1 \(evil\.png\) could not be downloaded from Discord/);
  });

  test('an 11th photo is refused and the draft keeps its ten', async () => {
    const small = await photo(120, 90, 'jpeg');
    const ten = Object.fromEntries(Array.from({ length: 10 }, (_, n) => [`photo${n + 1}`, attach(`p${n + 1}.jpg`, small, 'image/jpeg')]));
    const reply = await w.run(w.admin, 'schedule', 'post', { account: 'tenblog', topic: '사진 열 장', ...ten });
    const prompt = await promptWith(reply, (m) => embedImages(m).length === 9, 'the card of ten photos (nine shown)');
    const draftId = draftIdOf(prompt);
    assert.match(messageText(prompt), /10 images · 2 tags/);
    assert.match(messageText(prompt), /1 more image not shown here/);
    const before = await w.harness.db.draft.findUniqueOrThrow({ where: { id: draftId } });
    const i = await w.run(w.admin, 'draft', 'photos', { draft: draftId, photo1: attach('eleven.jpg', small, 'image/jpeg') });
    assert.ok(w.fake.answerIsEphemeral(i));
    assert.match(w.fake.answerText(i), /A post takes at most 10 photos; this would make 11\. Nothing was saved\./);
    assert.equal(await w.harness.db.draftImage.count({ where: { draftId } }), 10);
    assert.deepEqual((await w.harness.db.draft.findUniqueOrThrow({ where: { id: draftId } })).body, before.body);
  });

  test('a generated image blocked by safety: the draft waits with the rest, then Regenerate image makes it', async () => {
    safetyOn = true;
    const reply = await w.run(w.admin, 'schedule', 'post', { account: 'safeblog', topic: '차단 테스트 카페', photo1: attach('door.png', await photo(400, 300, 'png')) });
    const prompt = await promptWith(reply, (m) => /Image 3 is missing: the image model’s safety filter blocked it/.test(messageText(m)), 'the card naming the missing image');
    const draftId = draftIdOf(prompt);
    assert.equal(embedImages(prompt).length, 2, 'the photo and the other generated image are shown');
    assert.match(messageText(prompt), /차단 테스트 카페 완벽 정리/, 'the text is all there');
    assert.deepEqual(buttons(prompt).filter((b) => b.customId?.startsWith('img:')).map((b) => b.label), ['Add photos', 'Regenerate image 3', 'Go on without image 3', 'Regenerate image 2']);
    const failed = await w.harness.db.draftImage.findUniqueOrThrow({ where: { draftId_slot: { draftId, slot: 3 } } });
    assert.deepEqual([failed.status, failed.reason], ['failed', 'safety']);

    safetyOn = false;
    w.clickOn(w.admin, prompt, 'Regenerate image 3');
    const fixed = await eventually(() => {
      const m = w.fake.message(prompt.id)!;
      return embedImages(m).length === 3 && !/missing/.test(messageText(m)) ? m : null;
    }, 'the card with image 3 made again', WAIT);
    assert.ok(embedImages(fixed)[2]!.footer.includes('AI-made'));
    assert.equal((await w.harness.db.draftImage.findUniqueOrThrow({ where: { draftId_slot: { draftId, slot: 3 } } })).status, 'ok');
  });

  test('Go on without it: the blocked slot leaves the article and the publish request has the others', async () => {
    safetyOn = true;
    const reply = await w.run(w.admin, 'schedule', 'post', { account: 'safeblog', topic: '차단 두번째 카페', photo1: attach('sign.png', await photo(400, 300, 'png')) });
    const prompt = await promptWith(reply, (m) => /Image 3 is missing/.test(messageText(m)), 'the card naming the missing image');
    const draftId = draftIdOf(prompt);
    // A member without an approver role cannot decide for the team.
    const forged = await w.fake.waitForAnswer(w.fake.click(w.member, `img:drop:${draftId}:3`, { messageId: prompt.id }));
    assert.match(w.fake.answerText(forged), /Manage Server permission or an approver role/);
    assert.deepEqual((await blocksOf(draftId)).map((b) => b.slot), [1, 2, 3]);

    w.clickOn(w.admin, prompt, 'Go on without image 3');
    const without = await eventually(() => {
      const m = w.fake.message(prompt.id)!;
      return !/missing/.test(messageText(m)) && !buttons(m).some((b) => b.label === 'Go on without image 3') ? m : null;
    }, 'the card without image 3', WAIT);
    assert.equal(embedImages(without).length, 2);
    assert.deepEqual((await blocksOf(draftId)).map((b) => b.slot), [1, 2]);
    w.clickOn(w.admin, without, 'Approve');
    await eventually(async () => (await w.harness.db.draft.findUniqueOrThrow({ where: { id: draftId } })).status === 'published', 'published', WAIT);
    const request = w.harness.publisher.attempts.find((a) => a.draftId === draftId)!;
    assert.deepEqual(request.images?.map((i) => i.slot), [1, 2]);
    assert.deepEqual(request.article.blocks.flatMap((b) => (b.type === 'image' ? [b.slot] : [])), [1, 2]);
  });

  test('Add photos: the button says how; /draft photos adds them between paragraphs and the card shows them', async () => {
    const small = await photo(160, 120, 'jpeg');
    const reply = await w.run(w.admin, 'schedule', 'post', { account: 'tenblog', topic: '사진 추가 글', photo1: attach('first.jpg', small, 'image/jpeg') });
    const prompt = await promptWith(reply, (m) => embedImages(m).length === 1, 'the card with one photo');
    const draftId = draftIdOf(prompt);
    const denied = await w.fake.waitForAnswer(w.clickOn(w.member, prompt, 'Add photos'));
    assert.match(w.fake.answerText(denied), /Manage Server permission or an approver role/);
    const told = await w.fake.waitForAnswer(w.clickOn(w.admin, prompt, 'Add photos'));
    assert.ok(w.fake.answerIsEphemeral(told));
    assert.match(w.fake.answerText(told), new RegExp(`/draft photos draft:${draftId}`));

    const refusedMember = await w.run(w.member, 'draft', 'photos', { draft: draftId, photo1: attach('sneaky.jpg', small, 'image/jpeg') });
    assert.match(w.fake.answerText(refusedMember), /Manage Server permission or an approver role/);
    const added = await w.run(w.admin, 'draft', 'photos', { draft: draftId, photo1: attach('second.jpg', small, 'image/jpeg'), photo2: attach('third.jpg', small, 'image/jpeg') });
    assert.match(w.fake.answerText(added), /Added photos 2, 3 to the draft/);
    await eventually(() => embedImages(w.fake.message(prompt.id)).length === 3, 'the card with three photos', WAIT);
    const blocks = await blocksOf(draftId);
    assert.deepEqual(blocks.map((b) => b.slot).sort(), [1, 2, 3]);
    assert.equal(await w.harness.db.draftImage.count({ where: { draftId } }), 3);
  });

  test('retention: a rejected draft\'s pictures go after 7 days, a published one\'s after 30; waiting drafts keep theirs', async () => {
    const { sweepImages } = await import('../../src/images/retention.ts');
    const published = await w.harness.db.draft.findMany({ where: { status: 'published', images: { some: {} } }, select: { id: true } });
    assert.ok(published.length > 0);
    const pending = await w.harness.db.draftImage.count({ where: { draft: { status: 'pending_approval' } } });
    assert.ok(pending > 0);
    assert.equal(await sweepImages(w.harness.db, Date.now() + 8 * 86_400_000), 0, 'nothing rejected, published ones not yet due');
    assert.ok((await sweepImages(w.harness.db, Date.now() + 31 * 86_400_000)) > 0);
    assert.equal(await w.harness.db.draftImage.count({ where: { draftId: { in: published.map((p) => p.id) } } }), 0);
    assert.equal(await w.harness.db.draftImage.count({ where: { draft: { status: 'pending_approval' } } }), pending);
  });
});
