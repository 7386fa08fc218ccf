// Sources (search grounding) through the real @google/genai SDK against the fake Gemini, which answers with
// groundingMetadata as the API does: one call carries both the google_search tool and the JSON schema; a model
// that refuses that pair gets two steps; the sources are saved with the draft, listed on its card, counted
// against its statements, and end the post as a "참고" block when the account wants it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createGeminiWriter } from '../../src/generation/gemini/gemini-writer.ts';
import type { WriteRequest } from '../../src/ports.ts';
import { buttons, messageText } from '../fakes/fake-discord/index.ts';
import { groundedJsonReply, jsonReply, searchWithSchemaRefusedReply, startFakeGemini, textReply, type FakeGemini, type FakeSearch } from '../fakes/fake-gemini.ts';
import { reportOf } from '../../src/drafts/checks/report.ts';
import { eventually } from '../support/eventually.ts';
import { startWorld, type World } from '../discord/support/discord-world.ts';
import { cafeArticle } from './articles.ts';

const SEARCH: FakeSearch = {
  queries: ['성수동 베이커리 카페 영업시간'],
  pages: [
    { title: 'seoul-cafe-guide.example', uri: 'https://seoul-cafe-guide.example/seongsu' },
    { title: 'bakery-news.example', uri: 'https://bakery-news.example/croissant' },
  ],
  supports: [
    { text: '두 번째 가게는 직접 구운 빵으로 유명한 베이커리 카페입니다.', pages: [1] },
    { text: '주차는 근처 공영주차장을 이용하는 편이 편했고, 지하철역에서 걸어서 십 분 정도면 모든 가게를 둘러볼 수 있었습니다.', pages: [0] },
  ],
};

let gemini: FakeGemini;
const writer = () => createGeminiWriter({ apiKey: 'test-key', model: 'gemini-test-flash', baseUrl: gemini.baseUrl, apiVersion: 'v1beta', timeoutMs: 5_000 });
const request = (grounding: boolean): WriteRequest => ({
  account: { blogId: 'b', label: null, tone: null, defaultTags: [], category: null, language: 'ko', grounding },
  topic: '성수동 카페',
  keywords: [],
});
const signal = () => new AbortController().signal;

before(async () => {
  gemini = await startFakeGemini();
});
after(async () => {
  await gemini?.close();
});

describe('the grounded writer', () => {
  test('one call carries the google_search tool and the JSON schema; the answer’s grounding comes back', async () => {
    const before = gemini.requests.length;
    gemini.script(groundedJsonReply(cafeArticle(), SEARCH));
    const written = await writer().write(request(true), signal());
    assert.equal(gemini.requests.length - before, 1, 'one call');
    const body = gemini.requests[before]!.body;
    assert.deepEqual(body.tools, [{ googleSearch: {} }]);
    assert.equal(body.generationConfig?.responseMimeType, 'application/json');
    assert.ok(body.generationConfig?.responseJsonSchema);
    assert.deepEqual(written.grounding?.queries, SEARCH.queries);
    assert.deepEqual(written.grounding?.sources, SEARCH.pages.map((p) => ({ title: p.title, url: p.uri })));
    assert.deepEqual(written.grounding?.supported, SEARCH.supports.map((s) => s.text));
  });

  test('without grounding there is no tool in the request and no grounding in the answer', async () => {
    const before = gemini.requests.length;
    gemini.script(jsonReply(cafeArticle()));
    const written = await writer().write(request(false), signal());
    assert.equal(gemini.requests[before]!.body.tools, undefined);
    assert.equal(written.grounding, undefined);
  });

  test('a model that refuses search with a schema gets two steps: grounded notes, then the JSON article from them', async () => {
    const before = gemini.requests.length;
    gemini.script(searchWithSchemaRefusedReply(), { status: 200, body: notesBody() }, jsonReply(cafeArticle()));
    const written = await writer().write(request(true), signal());
    const [refused, research, structured] = gemini.requests.slice(before).map((r) => r.body);
    assert.ok(refused!.tools && refused!.generationConfig?.responseJsonSchema, 'first: both at once');
    assert.deepEqual(research!.tools, [{ googleSearch: {} }]);
    assert.equal(research!.generationConfig?.responseJsonSchema, undefined, 'research: search, no schema');
    assert.equal(structured!.tools, undefined, 'article: schema, no search');
    const text = (structured!.contents ?? []).flatMap((c) => c.parts ?? []).map((p) => p.text).join('\n');
    assert.match(text, /Research notes from a web search/);
    assert.match(text, /크루아상은 오후 두 시쯤 다 팔린다/);
    assert.deepEqual(written.grounding?.sources.map((s) => s.url), SEARCH.pages.map((p) => p.uri));
    assert.equal(written.article.title, cafeArticle().title);
  });
});

/** A plain-text grounded answer (the research notes of the first step). */
function notesBody() {
  const reply = textReply('- 크루아상은 오후 두 시쯤 다 팔린다 (bakery-news)\n- 지하철역에서 걸어서 십 분 (seoul-cafe-guide)');
  const body = reply.body as { candidates: Array<Record<string, unknown>> };
  body.candidates[0]!.groundingMetadata = {
    webSearchQueries: SEARCH.queries,
    groundingChunks: SEARCH.pages.map((p) => ({ web: { uri: p.uri, title: p.title } })),
    groundingSupports: [{ segment: { startIndex: 2, endIndex: 40, text: '크루아상은 오후 두 시쯤 다 팔린다' }, groundingChunkIndices: [1], confidenceScores: [0.9] }],
  };
  return body;
}

describe('sources on the draft and its card', () => {
  let w: World;
  before(async () => {
    w = await startWorld({ writer: writer() });
  });
  after(async () => {
    await w?.stop();
  });

  test('a new account writes with grounding: the sources are saved, listed on the card, and unsupported statements counted and listed', async () => {
    await w.addAccount('srcblog');
    gemini.script(groundedJsonReply(cafeArticle(), SEARCH));
    const before = gemini.requests.length;
    const reply = await w.run(w.admin, 'schedule', 'post', { account: 'srcblog', topic: '성수동 카페' });
    const card = await w.fake.waitFor(() => {
      const m = w.fake.message(reply.originalId);
      return m && buttons(m).length === 6 ? m : null;
    }, 'the card with Check details');
    assert.deepEqual(gemini.requests[before]!.body.tools, [{ googleSearch: {} }], 'grounding is on for a new account');
    const text = messageText(card);
    assert.ok(text.includes('seoul-cafe-guide.example — https://seoul-cafe-guide.example/seongsu'), text);
    assert.ok(text.includes('bakery-news.example — https://bakery-news.example/croissant'));
    const draftId = /draft:approve:(\S+)/.exec(buttons(card)[0]!.customId!)![1]!;
    const report = reportOf((await w.harness.db.draft.findUniqueOrThrow({ where: { id: draftId } })).checks)!;
    assert.equal(report.sources!.sources.length, 2);
    assert.ok(report.sources!.statements > 5);
    assert.equal(report.sources!.unsupported.length, report.sources!.statements - 2, 'two statements are supported');
    assert.ok(!report.sources!.unsupported.some((s) => s.includes('직접 구운 빵으로 유명한')));
    assert.match(text, new RegExp(`🔎 2 sources · ${report.sources!.unsupported.length} of ${report.sources!.statements} statements not supported`));
    assert.deepEqual(report.flags, [], 'sources inform; they do not flag');

    const details = w.fake.answerText(await w.fake.waitForAnswer(w.clickOn(w.admin, card, 'Check details')));
    assert.match(details, /Searched: 성수동 베이커리 카페 영업시간/);
    assert.match(details, /Statements no source supports: \d+ of \d+/);
    assert.ok(details.includes('- 첫 번째로 들른 곳은 창이 넓은 이층 카페였습니다.'), details);
  });

  test('with references_block on, the post ends with a “참고” block of its sources; with grounding off, no search', async () => {
    await w.addAccount('refblog');
    const set = await w.run(w.admin, 'account', 'settings', { account: 'refblog', references_block: true });
    assert.match(w.fake.answerText(set), /Search grounding: on · “참고” block: on/);
    gemini.script(groundedJsonReply(cafeArticle(), SEARCH));
    await w.run(w.admin, 'schedule', 'post', { account: 'refblog', topic: '성수동 카페' });
    const draft = await eventually(() => w.harness.db.draft.findFirst({ where: { account: { blogId: 'refblog' }, status: 'pending_approval' } }), 'the draft');
    const blocks = draft.body as Array<{ type: string; text?: string; items?: string[] }>;
    assert.deepEqual(blocks.at(-2), { type: 'heading', text: '참고' });
    assert.deepEqual(blocks.at(-1)!.items, SEARCH.pages.map((p) => `${p.title} - ${p.uri}`));

    await w.run(w.admin, 'account', 'settings', { account: 'refblog', grounding: false });
    const before = gemini.requests.length;
    gemini.script(jsonReply(cafeArticle()));
    await w.run(w.admin, 'schedule', 'post', { account: 'refblog', topic: '다른 카페' });
    await w.fake.waitFor(() => gemini.requests.length > before, 'the second request');
    assert.equal(gemini.requests[before]!.body.tools, undefined);
  });
});
