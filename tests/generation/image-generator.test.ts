// The image adapter against the fake Gemini with the real SDK: the request it makes (model, modalities, the
// style in the prompt), the inline bytes it takes, and each way an image can fail, as a reason code.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createGeminiImageGenerator } from '../../src/generation/gemini/image-generator.ts';
import { ImageGenerationError } from '../../src/image-shapes.ts';
import { emptyCandidateReply, errorReply, hangReply, imageReply, imageSafetyReply, pngBytes, promptBlockedReply, startFakeGemini, type FakeGemini } from '../fakes/fake-gemini.ts';

let gemini: FakeGemini;
before(async () => {
  gemini = await startFakeGemini();
});
after(async () => {
  await gemini?.close();
});

const generator = () => createGeminiImageGenerator({ apiKey: 'k', model: 'gemini-2.5-flash-image', baseUrl: gemini.baseUrl, apiVersion: 'v1beta' });
const request = { what: '창가 자리의 라테 한 잔', style: '밝은 자연광 사진 느낌, 사람 얼굴 없음', language: 'ko' };

async function reasonOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    assert.ok(err instanceof ImageGenerationError, String(err));
    return err.reason;
  }
}

test('an image comes back as the inline bytes of the answer; the request names the image model and asks for IMAGE', async () => {
  const png = await pngBytes(3);
  gemini.script(imageReply(png));
  const made = await generator().generate(request, AbortSignal.timeout(5_000));
  assert.ok(Buffer.from(made.bytes).equals(png));
  assert.equal(made.mimeType, 'image/png');
  const sent = gemini.requests.at(-1)!;
  assert.equal(sent.model, 'gemini-2.5-flash-image');
  assert.deepEqual(sent.body.generationConfig?.responseModalities, ['TEXT', 'IMAGE']);
  const prompt = sent.body.contents![0]!.parts![0]!.text!;
  assert.match(prompt, /창가 자리의 라테 한 잔/);
  assert.match(prompt, /Style: 밝은 자연광 사진 느낌, 사람 얼굴 없음/);
});

test('IMAGE_SAFETY, a blocked prompt, an answer without a picture, an error and a timeout each give their reason', async () => {
  gemini.script(imageSafetyReply());
  assert.equal(await reasonOf(generator().generate(request, AbortSignal.timeout(5_000))), 'safety');
  gemini.script(promptBlockedReply('SAFETY'));
  assert.equal(await reasonOf(generator().generate(request, AbortSignal.timeout(5_000))), 'safety');
  gemini.script(emptyCandidateReply());
  assert.equal(await reasonOf(generator().generate(request, AbortSignal.timeout(5_000))), 'no_image');
  gemini.script(errorReply(500, 'INTERNAL', 'boom'));
  assert.equal(await reasonOf(generator().generate(request, AbortSignal.timeout(5_000))), 'error');
  gemini.script(hangReply());
  assert.equal(await reasonOf(generator().generate(request, AbortSignal.timeout(200))), 'timeout');
});
