// Pictures on their way in (issue 13): the type read from the bytes, the size and orientation fixed, metadata
// gone; image blocks surviving the Edit form and the writer's loose answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { processImage, sniffImage, ImageRefusedError } from '../../src/images/process.ts';
import { bodyToText, textToBlocks, type Block } from '../../src/article.ts';
import { readAnswer } from '../../src/generation/gemini/answer.ts';

const canvas = (width: number, height: number, alpha = false) =>
  sharp({ create: { width, height, channels: alpha ? 4 : 3, background: alpha ? { r: 10, g: 20, b: 30, alpha: 0.5 } : { r: 10, g: 20, b: 30 } } });

async function refusal(bytes: Buffer): Promise<string> {
  try {
    await processImage(bytes);
    return 'accepted';
  } catch (err) {
    assert.ok(err instanceof ImageRefusedError);
    return err.reason;
  }
}

test('JPEG, PNG, WebP and GIF are read from their bytes; the long side is cut to 1600 px and kept otherwise', async () => {
  const jpeg = await processImage(await canvas(1000, 3200).jpeg().toBuffer());
  assert.deepEqual([jpeg.contentType, jpeg.width, jpeg.height], ['image/jpeg', 500, 1600]);
  const png = await processImage(await canvas(640, 480, true).png().toBuffer());
  assert.deepEqual([png.contentType, png.width, png.height], ['image/png', 640, 480], 'transparency keeps a PNG');
  const webp = await processImage(await canvas(2000, 1000).webp().toBuffer());
  assert.deepEqual([webp.contentType, webp.width], ['image/webp', 1600]);
  const gif = await processImage(await canvas(300, 200).gif().toBuffer());
  assert.notEqual(gif.contentType, 'image/gif', 'a still GIF is stored as a still picture');
  assert.equal(gif.sha256.length, 64);
});

test('a photo is turned upright by its EXIF orientation and stored with no EXIF or GPS', async () => {
  const sideways = await canvas(400, 200).withMetadata({ orientation: 6 }).jpeg().toBuffer();
  assert.equal((await sharp(sideways).metadata()).orientation, 6);
  const out = await processImage(sideways);
  assert.deepEqual([out.width, out.height], [200, 400]);
  const meta = await sharp(out.bytes).metadata();
  assert.equal(meta.exif, undefined);
});

test('refusals: a PDF named .jpg, text, a cut-off PNG, more than 20 MB; HEIC is sniffed and refused when it cannot be decoded', async () => {
  assert.equal(await refusal(Buffer.from('%PDF-1.7\n%âãÏÓ\n')), 'type');
  assert.equal(await refusal(Buffer.from('hello')), 'type');
  const png = await canvas(200, 200).png().toBuffer();
  assert.equal(await refusal(Buffer.concat([png.subarray(0, 50), Buffer.alloc(100)])), 'corrupt');
  assert.equal(await refusal(Buffer.alloc(20 * 1024 * 1024 + 1)), 'too_large');
  const heicHeader = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic'), Buffer.alloc(16)]);
  assert.equal(sniffImage(heicHeader), 'heic');
  assert.equal(await refusal(heicHeader), 'heic');
});

test('Edit keeps image blocks: [image N: caption] takes the new caption and keeps what and alt; an unknown slot is dropped', () => {
  const blocks: Block[] = [
    { type: 'paragraph', text: '첫 문단' },
    { type: 'image', slot: 2, what: '카페 입구', alt: '카페 입구 사진', caption: '입구' },
    { type: 'paragraph', text: '둘째 문단' },
  ];
  const text = bodyToText(blocks);
  assert.match(text, /\[image 2: 입구\]/);
  assert.deepEqual(textToBlocks(text, blocks), blocks);
  const edited = textToBlocks(text.replace('[image 2: 입구]', '[image 2: 새 설명]') + '\n\n[image 9: 없는 사진]', blocks);
  assert.deepEqual(edited[1], { type: 'image', slot: 2, what: '카페 입구', alt: '카페 입구 사진', caption: '새 설명' });
  assert.equal(edited.length, 3);
});

test('the writer’s image blocks are read tolerantly: a slot as text, a missing alt or caption, an over-long caption', () => {
  const answer = JSON.stringify({
    title: '제목',
    blocks: [
      { type: 'paragraph', text: '본문' },
      { type: 'image', slot: '3', what: '**밝은** 카페 내부' },
      { type: 'image', slot: 4, what: '', caption: 'x'.repeat(300) },
    ],
    tags: [],
  });
  const read = readAnswer(answer, []);
  assert.ok(read.ok, read.ok ? '' : read.problem);
  const images = read.article.blocks.filter((b) => b.type === 'image');
  assert.deepEqual(images[0], { type: 'image', slot: 3, what: '밝은 카페 내부', alt: '', caption: '' });
  assert.equal(images[1]!.type === 'image' && images[1]!.caption.length, 200);
});
