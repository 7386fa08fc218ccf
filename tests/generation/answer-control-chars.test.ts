// A Gemini answer carrying control characters (NUL, which PostgreSQL refuses in text) or a lone surrogate
// half (refused in JSON columns) is saved like any other, without them, instead of failing every retry and
// ending as a dead letter. Real SDK against the fake Gemini, real PostgreSQL.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, admin, type Harness } from '../support/harness.ts';
import { eventually } from '../support/eventually.ts';
import { jsonReply, startFakeGemini, type FakeGemini } from '../fakes/fake-gemini.ts';
import { createGeminiWriter } from '../../src/generation/gemini/gemini-writer.ts';
import type { Block } from '../../src/article.ts';

let gemini: FakeGemini;
let h: Harness;
before(async () => {
  gemini = await startFakeGemini();
  h = await startHarness({ writer: createGeminiWriter({ apiKey: 'test-key', model: 'gemini-test-flash', baseUrl: gemini.baseUrl, apiVersion: 'v1beta', timeoutMs: 5_000 }) });
});
after(async () => {
  await h?.stop();
  await gemini?.close();
});

test('control characters and lone surrogates in the answer are dropped; the draft waits for approval with the rest of its text', async () => {
  gemini.script(
    jsonReply({
      title: '성수동\u0000 카페 \u0007후기',
      blocks: [
        { type: 'paragraph', text: '첫 문단\u0000입니다.\r\n둘째 줄\uD800도 있어요.' },
        { type: 'list', ordered: false, items: ['라떼\u001B', '스콘 \uDC00'] },
        { type: 'paragraph', text: '이모지 ☕ 그대로 😀 둡니다.' },
      ],
      tags: ['성수동카페'],
    }),
  );
  const actor = admin('chan-controls');
  const account = await h.service.addAccount({ blogId: 'controlblog' }, actor);
  await h.service.updateSettings(account.id, { grounding: false }, actor);
  const draft = await h.service.schedulePost({ accountRef: account.id, topic: '성수동 카페', keywords: [], publishAt: null }, actor);
  await eventually(async () => (await h.db.draft.findUniqueOrThrow({ where: { id: draft.id } })).status !== 'generating', 'the draft written');
  const saved = await h.db.draft.findUniqueOrThrow({ where: { id: draft.id } });
  assert.equal(saved.status, 'pending_approval');
  assert.equal(saved.title, '성수동 카페 후기');
  assert.deepEqual(saved.body as Block[], [
    { type: 'paragraph', text: '첫 문단입니다.\n둘째 줄도 있어요.' },
    { type: 'list', ordered: false, items: ['라떼', '스콘'] },
    { type: 'paragraph', text: '이모지 ☕ 그대로 😀 둡니다.' },
  ]);
  assert.equal(gemini.requests.length, 1, 'the first answer was good enough: no second try');
});
