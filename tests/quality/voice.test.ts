// The account's voice from /account settings reaches the writer: the request the fake Gemini receives (through
// the real @google/genai SDK) holds the persona, the closing line, the banned phrases and the chosen published
// posts as style examples; the AI-disclosure sentence ends every post; a wrong style example changes nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createGeminiWriter } from '../../src/generation/gemini/gemini-writer.ts';
import { buttons, type StoredMessage } from '../fakes/fake-discord/index.ts';
import { jsonReply, startFakeGemini, type FakeGemini } from '../fakes/fake-gemini.ts';
import { eventually } from '../support/eventually.ts';
import { startWorld, type World } from '../discord/support/discord-world.ts';
import { cafeArticle, hikeArticle } from './articles.ts';

let w: World;
let gemini: FakeGemini;
before(async () => {
  gemini = await startFakeGemini();
  w = await startWorld({ writer: createGeminiWriter({ apiKey: 'k', model: 'gemini-test-flash', baseUrl: gemini.baseUrl, apiVersion: 'v1beta', timeoutMs: 5_000 }) });
});
after(async () => {
  await w?.stop();
  await gemini?.close();
});

const userText = (index: number) => (gemini.requests[index]?.body.contents ?? []).flatMap((c) => c.parts ?? []).map((p) => p.text ?? '').join('\n');

async function card(reply: { originalId: string | null }): Promise<StoredMessage> {
  return w.fake.waitFor(() => {
    const m = reply.originalId ? w.fake.message(reply.originalId) : undefined;
    return m && buttons(m).length >= 4 ? m : null;
  }, 'the approval card');
}

test('persona, closing line, banned phrases and style examples reach the writer; the AI disclosure ends the post', async () => {
  await w.addAccount('voiceblog');
  await w.run(w.admin, 'account', 'settings', { account: 'voiceblog', grounding: false });
  gemini.script(jsonReply(cafeArticle()));
  const first = await card(await w.run(w.admin, 'schedule', 'post', { account: 'voiceblog', topic: '성수동 카페' }));
  w.clickOn(w.admin, first, 'Approve');
  const published = await eventually(() => w.harness.db.draft.findFirst({ where: { account: { blogId: 'voiceblog' }, status: 'published' } }), 'the example post published');

  const set = await w.run(w.admin, 'account', 'settings', {
    account: 'voiceblog',
    persona: '주말마다 카페를 찾아다니는 30대 직장인이, 서울에서 쉴 곳을 찾는 직장인에게',
    closing_line: '오늘도 좋은 하루 보내세요!',
    banned_phrases: '최저가, 무조건 가세요',
    style_examples: published.publishedUrl!,
    ai_disclosure: '이 글은 AI의 도움을 받아 작성했습니다.',
  });
  assert.match(w.fake.answerText(set), /Persona: 주말마다 카페를 찾아다니는 30대 직장인이.* · Closing line: 오늘도 좋은 하루 보내세요! · Banned phrases: 최저가, 무조건 가세요 · Style examples: 1 · AI disclosure: 이 글은 AI의 도움을 받아 작성했습니다\./);

  gemini.script(jsonReply(hikeArticle()));
  const before = gemini.requests.length;
  const reply = await w.run(w.admin, 'schedule', 'post', { account: 'voiceblog', topic: '북한산 둘레길' });
  await card(reply);
  const sent = userText(before);
  assert.match(sent, /Persona \(who writes, for whom\): "주말마다 카페를 찾아다니는 30대 직장인이, 서울에서 쉴 곳을 찾는 직장인에게"/);
  assert.match(sent, /End the post with this closing line, word for word: "오늘도 좋은 하루 보내세요!"/);
  assert.match(sent, /Never use these phrases: "최저가", "무조건 가세요"/);
  assert.match(sent, /Posts of this blog whose voice to match/);
  assert.ok(sent.includes(`Title: ${cafeArticle().title}`), 'the example’s title');
  assert.ok(sent.includes('첫 번째로 들른 곳은 창이 넓은 이층 카페였습니다.'), 'the example’s text');
  const draft = await w.harness.db.draft.findFirstOrThrow({ where: { account: { blogId: 'voiceblog' }, status: 'pending_approval' } });
  assert.deepEqual((draft.body as unknown[]).at(-1), { type: 'paragraph', text: '이 글은 AI의 도움을 받아 작성했습니다.' });
});

test('a style example that is not a published post of the account is refused in one sentence and nothing changes', async () => {
  const before = await w.harness.db.account.findFirstOrThrow({ where: { blogId: 'voiceblog' } });
  const refused = await w.run(w.admin, 'account', 'settings', { account: 'voiceblog', style_examples: 'https://blog.naver.com/someone/123', persona: '바뀌면 안 되는 페르소나' });
  assert.ok(w.fake.answerIsEphemeral(refused));
  assert.equal(w.fake.answerText(refused), '"https://blog.naver.com/someone/123" is not a published post of this account; give the draft id or the post’s address from /drafts status:published.');
  const tooMany = await w.run(w.admin, 'account', 'settings', { account: 'voiceblog', style_examples: 'a b c d' });
  assert.equal(w.fake.answerText(tooMany), 'Choose at most 3 style examples (you gave 4).');
  const after = await w.harness.db.account.findFirstOrThrow({ where: { blogId: 'voiceblog' } });
  assert.equal(after.persona, before.persona);
  assert.deepEqual(after.styleExampleIds, before.styleExampleIds);
});
