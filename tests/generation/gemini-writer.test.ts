// The Gemini article writer through the real @google/genai SDK against a local fake Gemini server.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { PermanentError, RetryableError, TimeoutError } from '../../src/errors.ts';
import { createGeminiWriter } from '../../src/generation/gemini/gemini-writer.ts';
import type { AccountProfile, WriteRequest, WrittenArticle } from '../../src/ports.ts';
import type { Article } from '../../src/article.ts';
import {
  candidateBlockedReply,
  emptyCandidateReply,
  errorReply,
  jsonReply,
  promptBlockedReply,
  rateLimitedReply,
  slow,
  startFakeGemini,
  textReply,
  type FakeGemini,
  type ScriptedReply,
} from '../fakes/fake-gemini.ts';
import { eventually } from '../support/eventually.ts';

const API_KEY = 'test-key-SECRET-1234567890';
const MODEL = 'gemini-test-flash';

const account: AccountProfile = {
  blogId: 'tasty_seoul',
  label: '서울 맛집 탐방',
  tone: '20대 직장인, 솔직하고 유쾌한 말투',
  defaultTags: ['서울맛집', '맛집추천'],
  category: '맛집',
  language: 'ko',
};

const request: WriteRequest = {
  account,
  topic: '성수동 브런치 카페 추천',
  keywords: ['성수동 카페', '브런치 맛집'],
};

const goodArticle: Article = {
  title: '성수동 카페 브런치 맛집 BEST 3, 주말에 가 본 솔직 후기',
  blocks: [
    { type: 'paragraph', text: '주말마다 성수동 카페를 찾아다니는 직장인입니다. 오늘은 브런치 맛집 세 곳을 소개할게요.' },
    { type: 'heading', text: '1. 햇살 가득한 창가 자리' },
    { type: 'paragraph', text: '첫 번째 가게는 통창으로 들어오는 햇살이 좋아요.' },
    { type: 'list', ordered: false, items: ['에그 베네딕트', '리코타 샐러드'] },
    { type: 'heading', text: '마무리' },
    { type: 'paragraph', text: '여러분이 좋아하는 성수동 카페도 댓글로 알려 주세요.' },
  ],
  tags: ['성수동카페', '브런치맛집', '성수동'],
};

/** Answers that break the schema (a title too long, a block type that does not exist) and a body too long. */
const brokenSchema = { title: 'x'.repeat(101), blocks: [{ type: 'video', url: 'a.mp4' }], tags: ['ok'] };
const tooLong = { ...goodArticle, blocks: Array.from({ length: 5 }, () => ({ type: 'paragraph', text: '가'.repeat(4_500) })) };

type Write = (r?: WriteRequest, s?: AbortSignal) => Promise<WrittenArticle>;

async function setup(t: TestContext, timeoutMs = 5_000): Promise<{ fake: FakeGemini; write: Write }> {
  const fake = await startFakeGemini();
  t.after(() => fake.close());
  const writer = createGeminiWriter({ apiKey: API_KEY, model: MODEL, baseUrl: fake.baseUrl, apiVersion: 'v1beta', timeoutMs });
  return { fake, write: (r = request, s = new AbortController().signal) => writer.write(r, s) };
}

/** Text of every part of the last user turn of a recorded request. */
function lastUserText(fake: FakeGemini, index: number): string {
  const contents = fake.requests[index]?.body.contents ?? [];
  const last = contents.at(-1);
  assert.equal(last?.role, 'user');
  return (last?.parts ?? []).map((p) => p.text ?? '').join('\n');
}

function expectError(
  expected: { type: typeof RetryableError | typeof PermanentError; errorClass: string; retryable: boolean; retryAfterMs?: number; message: RegExp | string },
) {
  return (err: unknown) => {
    assert.ok(err instanceof expected.type, `expected ${expected.type.name}, got ${String(err)}`);
    assert.equal(err.errorClass, expected.errorClass);
    assert.equal(err.retryable, expected.retryable);
    if (err instanceof RetryableError) assert.equal(err.retryAfterMs, expected.retryAfterMs);
    if (typeof expected.message === 'string') assert.equal(err.message, expected.message);
    else assert.match(err.message, expected.message);
    assert.ok(!err.message.includes(API_KEY), 'the API key must never appear in a message');
    return true;
  };
}

test('a good answer becomes the article, with the account tags first, the model version and the token usage', async (t) => {
  const { fake, write } = await setup(t);
  fake.script(jsonReply(goodArticle, { modelVersion: 'gemini-test-flash-002' }));

  const written = await write();

  assert.equal(written.article.title, goodArticle.title);
  assert.deepEqual(written.article.blocks, goodArticle.blocks);
  assert.deepEqual(written.article.tags, ['서울맛집', '맛집추천', '성수동카페', '브런치맛집', '성수동']);
  assert.equal(written.model, 'gemini-test-flash-002');
  assert.deepEqual(written.usage, { promptTokens: 120, outputTokens: 830, totalTokens: 950 });
  assert.equal(fake.requests.length, 1);
});

test('the request goes to the configured model and API version, with the key, the JSON schema and the prompt', async (t) => {
  const { fake, write } = await setup(t);
  fake.script(jsonReply(goodArticle));

  await write();

  const [req] = fake.requests;
  assert.ok(req);
  assert.equal(req.method, 'POST');
  assert.equal(req.path, `/v1beta/models/${MODEL}:generateContent`);
  assert.equal(req.headers['x-goog-api-key'], API_KEY);
  assert.equal(req.headers['x-server-timeout'], '5');

  const config = req.body.generationConfig;
  assert.equal(config?.responseMimeType, 'application/json');
  const schema = config?.responseJsonSchema as { type: string; required: string[]; properties: Record<string, unknown> };
  assert.equal(schema.type, 'object');
  assert.deepEqual(schema.required, ['title', 'blocks', 'tags']);
  const text = JSON.stringify(schema);
  assert.ok(!text.includes('$schema') && !text.includes('oneOf') && !text.includes('"const"'), text);
  assert.match(text, /"enum":\["heading"\]/);
  assert.equal(config?.responseSchema, undefined);

  const system = (req.body.systemInstruction?.parts ?? []).map((p) => p.text).join('\n');
  assert.match(system, /Korean \(한국어\)/);
  assert.match(system, /no Markdown/);
  const prompt = lastUserText(fake, 0);
  assert.match(prompt, /Topic: "성수동 브런치 카페 추천"/);
  assert.match(prompt, /Keywords: "성수동 카페", "브런치 맛집"/);
  assert.match(prompt, /Tone and persona: 20대 직장인, 솔직하고 유쾌한 말투/);
  assert.match(prompt, /Blog category: "맛집"/);
  assert.match(prompt, /always adds: 서울맛집, 맛집추천 \(do not repeat them; suggest up to 8 different ones\)/);
  assert.doesNotMatch(prompt, /earlier draft/);
});

test('an account in another language without a tone gets that language and a matching default tone', async (t) => {
  const { fake, write } = await setup(t);
  fake.script(jsonReply(goodArticle));

  await write({ ...request, account: { ...account, language: 'en-US', tone: null, defaultTags: [] } });

  const system = (fake.requests[0]!.body.systemInstruction?.parts ?? []).map((p) => p.text).join('\n');
  assert.match(system, /natural, fluent American English/);
  const prompt = lastUserText(fake, 0);
  assert.match(prompt, /Tone and persona: A friendly, trustworthy blogger/);
  assert.doesNotMatch(prompt, /해요체|always adds/);
});

test('Regenerate with feedback sends the previous draft and the feedback', async (t) => {
  const { fake, write } = await setup(t);
  fake.script(jsonReply(goodArticle));

  await write({ ...request, previous: { ...goodArticle, title: '예전 제목입니다' }, feedback: '가격 정보를 더 자세히 써 주세요' });

  const prompt = lastUserText(fake, 0);
  assert.match(prompt, /earlier draft/);
  assert.match(prompt, /Title: 예전 제목입니다/);
  assert.match(prompt, /리코타 샐러드/);
  assert.match(prompt, /Reviewer feedback[^\n]*\n"가격 정보를 더 자세히 써 주세요"/);
});

test('markdown artefacts and # signs are cleaned out of the answer rather than failing it', async (t) => {
  const { fake, write } = await setup(t);
  fake.script(
    jsonReply({
      title: '**성수동 카페** 추천',
      blocks: [
        { type: 'paragraph', text: '오늘은 **브런치 맛집**을 소개할게요.\n## 첫 번째 가게\n햇살이 좋은 `창가` 자리가 있어요.' },
        { type: 'heading', text: '## 마무리' },
        { type: 'list', ordered: true, items: ['1. 예약하기', '- 일찍 가기'] },
      ],
      tags: ['#성수동카페', '# 브런치 맛집', '서울맛집', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'],
    }),
  );

  const { article } = await write();

  assert.equal(article.title, '성수동 카페 추천');
  assert.deepEqual(article.blocks, [
    { type: 'paragraph', text: '오늘은 브런치 맛집을 소개할게요.' },
    { type: 'heading', text: '첫 번째 가게' },
    { type: 'paragraph', text: '햇살이 좋은 창가 자리가 있어요.' },
    { type: 'heading', text: '마무리' },
    { type: 'list', ordered: true, items: ['예약하기', '일찍 가기'] },
  ]);
  assert.deepEqual(article.tags, ['서울맛집', '맛집추천', '성수동카페', '브런치맛집', 'a', 'b', 'c', 'd', 'e', 'f']);
});

type ExpectedError = Parameters<typeof expectError>[0];

interface ErrorCase {
  /** The test's name: what a user of the writer would notice. */
  name: string;
  /** Gemini's answers, in order. */
  replies: ScriptedReply[];
  /** One expected failure per call of the writer, in order. */
  fails: ExpectedError[];
  /** Requests Gemini received in all: the writer never retries on its own, except once for an unusable answer. */
  requests: number;
  /** Anything else to check afterwards. */
  then?: (fake: FakeGemini) => void;
}

const rateLimited = 'Gemini\'s rate limit or quota for GEMINI_API_KEY was reached ("You exceeded your current quota, please check your plan and billing details"); wait, or raise the quota if it keeps happening.';
const keyRefused = (status: number) => new RegExp(`^Gemini refused the API key \\(HTTP ${status}\\).*check GEMINI_API_KEY`);

const errorCases: ErrorCase[] = [
  {
    name: '429 is retryable later, honours the RetryInfo delay, and the SDK does not retry on its own',
    replies: [rateLimitedReply('22s'), jsonReply(goodArticle)],
    fails: [{ type: RetryableError, errorClass: 'gemini_rate_limited', retryable: true, retryAfterMs: 22_000, message: rateLimited }],
    requests: 1,
  },
  {
    name: '500 is retryable and not retried inside the writer',
    replies: [errorReply(500, 'INTERNAL', 'An internal error has occurred.'), jsonReply(goodArticle)],
    fails: [{ type: RetryableError, errorClass: 'gemini_unavailable', retryable: true, message: 'Gemini had a temporary server problem (HTTP 500) ("An internal error has occurred"); it usually passes within minutes.' }],
    requests: 1,
  },
  {
    name: '503 is retryable and carries a retry delay when Gemini gives one',
    replies: [
      errorReply(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.', [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '1.5s' }]),
    ],
    fails: [{ type: RetryableError, errorClass: 'gemini_unavailable', retryable: true, retryAfterMs: 1_500, message: /HTTP 503.*overloaded/ }],
    requests: 1,
  },
  {
    name: 'a proxy HTML error page is retryable and its HTML stays out of the message',
    replies: [{ status: 502, body: { error: { code: 502, message: '<html><body>Bad Gateway</body></html>', status: 'Bad Gateway' } } }],
    fails: [{ type: RetryableError, errorClass: 'gemini_unavailable', retryable: true, message: 'Gemini had a temporary server problem (HTTP 502); it usually passes within minutes.' }],
    requests: 1,
  },
  {
    name: '400 is permanent and says what to fix',
    replies: [errorReply(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received. Unknown name "responseJsonSchema".')],
    fails: [
      {
        type: PermanentError,
        errorClass: 'gemini_bad_request',
        retryable: false,
        message:
          'Gemini rejected the request as invalid (HTTP 400) ("Invalid JSON payload received. Unknown name "responseJsonSchema""); check that GEMINI_MODEL supports JSON output and shorten the topic, keywords or feedback.',
      },
    ],
    requests: 1,
  },
  {
    name: '401, 403 and an invalid key are permanent and point at GEMINI_API_KEY without showing it',
    replies: [
      errorReply(401, 'UNAUTHENTICATED', `Request had invalid authentication credentials: ${API_KEY}`),
      errorReply(403, 'PERMISSION_DENIED', 'Method doesn\'t allow unregistered callers.'),
      errorReply(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', [
        { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' },
      ]),
    ],
    fails: [401, 403, 400].map((status) => ({ type: PermanentError, errorClass: 'gemini_auth', retryable: false, message: keyRefused(status) })),
    requests: 3,
  },
  {
    name: '404 says the model does not exist and to check GEMINI_MODEL',
    replies: [errorReply(404, 'NOT_FOUND', `models/${MODEL} is not found for API version v1beta.`)],
    fails: [
      {
        type: PermanentError,
        errorClass: 'gemini_model_not_found',
        retryable: false,
        message: `Gemini has no model named "${MODEL}" ("models/${MODEL} is not found for API version v1beta"); check GEMINI_MODEL (and GEMINI_API_VERSION).`,
      },
    ],
    requests: 1,
  },
  {
    name: 'a prompt blocked by safety is permanent and suggests changing the topic',
    replies: [promptBlockedReply('SAFETY')],
    fails: [
      {
        type: PermanentError,
        errorClass: 'content_blocked',
        retryable: false,
        message: 'Gemini refused to write about this topic because its safety filters flagged the content (SAFETY); change the topic or keywords and try again.',
      },
    ],
    requests: 1,
  },
  {
    name: 'an answer stopped by a filter (finishReason SAFETY, RECITATION) is permanent and says why',
    replies: [candidateBlockedReply('SAFETY'), candidateBlockedReply('RECITATION')],
    fails: [
      {
        type: PermanentError,
        errorClass: 'content_blocked',
        retryable: false,
        message: 'Gemini stopped writing because its safety filters flagged the content (SAFETY); change the topic or keywords and try again.',
      },
      { type: PermanentError, errorClass: 'content_blocked', retryable: false, message: /copy existing published text too closely \(RECITATION\)/ },
    ],
    requests: 2,
  },
  {
    name: 'an empty candidate is permanent',
    replies: [emptyCandidateReply()],
    fails: [
      {
        type: PermanentError,
        errorClass: 'empty_answer',
        retryable: false,
        message: 'Gemini returned an empty answer (finish reason STOP); try again, or change the topic if it keeps happening.',
      },
    ],
    requests: 1,
  },
  {
    name: 'text that is not JSON, twice, fails as an invalid answer after exactly 2 requests',
    replies: [textReply('Here is your blog post: 성수동 카페...'), textReply('Sorry, here it is again without JSON.'), jsonReply(goodArticle)],
    fails: [
      {
        type: PermanentError,
        errorClass: 'invalid_answer',
        retryable: false,
        message: /^Gemini's answer was not a usable article after 2 tries \(the answer is not valid JSON \(.+\)\); try again, or simplify the topic or feedback\.$/,
      },
    ],
    requests: 2,
    then: (fake) => assert.match(lastUserText(fake, 1), /not valid JSON/),
  },
  {
    name: 'JSON that breaks the schema, twice, fails with the broken fields named',
    replies: [jsonReply(brokenSchema), jsonReply(brokenSchema)],
    fails: [
      {
        type: PermanentError,
        errorClass: 'invalid_answer',
        retryable: false,
        message: /^Gemini's answer was not a usable article after 2 tries \(the JSON does not match the schema \(title: Too big: expected string to have <=100 characters; blocks\.0\.type: Invalid discriminator value/,
      },
    ],
    requests: 2,
  },
  {
    name: 'a body longer than the limit is an invalid answer',
    replies: [jsonReply(tooLong), jsonReply(tooLong)],
    fails: [{ type: PermanentError, errorClass: 'invalid_answer', retryable: false, message: /blocks: the body may hold at most 20000 characters/ }],
    requests: 2,
  },
];

for (const c of errorCases) {
  test(c.name, async (t) => {
    const { fake, write } = await setup(t);
    fake.script(...c.replies);
    for (const expected of c.fails) await assert.rejects(write(), expectError(expected));
    assert.equal(fake.requests.length, c.requests);
    c.then?.(fake);
  });
}

test('an invalid answer is retried once with the problem fed back, and the second answer is used', async (t) => {
  const { fake, write } = await setup(t);
  const broken = { title: '제목', blocks: [], tags: [] };
  fake.script(jsonReply(broken), jsonReply(goodArticle));

  const written = await write();

  assert.equal(written.article.title, goodArticle.title);
  assert.equal(fake.requests.length, 2);
  const second = fake.requests[1]!.body.contents ?? [];
  assert.equal(second.length, 3);
  assert.equal(second[1]?.role, 'model');
  assert.equal(second[1]?.parts?.[0]?.text, JSON.stringify(broken));
  assert.match(lastUserText(fake, 1), /could not be used: the JSON does not match the schema \(blocks: Too small: expected array to have >=1 items\)/);
  // Both calls are billed, so both are counted.
  assert.deepEqual(written.usage, { promptTokens: 240, outputTokens: 1660, totalTokens: 1900 });
});

test('an answer cut off at MAX_TOKENS takes the invalid-answer path and asks for a shorter article', async (t) => {
  const { fake, write } = await setup(t);
  fake.script(textReply(JSON.stringify(goodArticle).slice(0, 80), 'MAX_TOKENS'), jsonReply(goodArticle));

  const written = await write();

  assert.equal(written.article.title, goodArticle.title);
  assert.match(lastUserText(fake, 1), /cut off at the output length limit, so it must be shorter/);
});

/** Longer than a test may take: a call this slow can only be ended by the writer's timeout or the caller. */
const NEVER_MS = 60 * 60_000;
/** A reply that would come long after a prompt abort; if it is ever received, the write succeeds and the test fails. */
const MUCH_LATER_MS = 60_000;

test('a reply slower than the timeout aborts the request and throws a retryable TimeoutError', async (t) => {
  const { fake, write } = await setup(t, 300);
  fake.script(slow(jsonReply(goodArticle), MUCH_LATER_MS));

  await assert.rejects(write(), (err: unknown) => {
    assert.ok(err instanceof TimeoutError, String(err));
    assert.equal(err.errorClass, 'timeout');
    assert.equal(err.retryable, true);
    assert.match(err.message, /^Writing the article with Gemini did not finish within 300 ms and was aborted\.$/);
    return true;
  });
  assert.equal(fake.requests.length, 1);
  await eventually(() => fake.requests[0]!.abandoned, 'the fake Gemini to see the request dropped');
});

test('aborting the caller signal stops the request promptly with the caller reason', async (t) => {
  // The writer's own timeout never comes: only the caller's signal can end the call before the slow reply.
  const { fake, write } = await setup(t, NEVER_MS);
  fake.script(slow(jsonReply(goodArticle), MUCH_LATER_MS));
  const controller = new AbortController();
  const reason = new Error('worker shutting down');
  const writing = write(request, controller.signal);
  await eventually(() => fake.requests.length === 1, 'the request to reach the fake Gemini');
  controller.abort(reason);

  await assert.rejects(writing, (err: unknown) => err === reason);
  await eventually(() => fake.requests[0]!.abandoned, 'the fake Gemini to see the request dropped');
});

test('an already aborted signal sends no request', async (t) => {
  const { fake, write } = await setup(t);
  const controller = new AbortController();
  controller.abort(new Error('cancelled'));

  await assert.rejects(write(request, controller.signal), /cancelled/);
  assert.equal(fake.requests.length, 0);
});

test('an unreachable Gemini is retryable and names the base URL', async (t) => {
  const { fake } = await setup(t);
  const baseUrl = fake.baseUrl;
  await fake.close();
  const writer = createGeminiWriter({ apiKey: API_KEY, model: MODEL, baseUrl, apiVersion: 'v1beta', timeoutMs: 2_000 });

  await assert.rejects(
    writer.write(request, new AbortController().signal),
    expectError({ type: RetryableError, errorClass: 'gemini_unreachable', retryable: true, message: `Gemini could not be reached at ${baseUrl}; check the network, or GEMINI_BASE_URL if it was changed.` }),
  );
});
