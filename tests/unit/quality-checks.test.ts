// The quality checks' measures on their own: MinHash similarity of near-copies and of different posts, and
// NAVER fit counts (keywords and their share, stuffing, banned words, the 40-character title).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateSimilarity, lshBands, minhash } from '../../src/drafts/checks/minhash.ts';
import { naverFit } from '../../src/drafts/checks/naver-fit.ts';
import { textOf } from '../../src/drafts/checks/report.ts';
import { cafeArticle, cafeNearCopy, hikeArticle, stuffedArticle } from '../quality/articles.ts';

const sig = (a: ReturnType<typeof cafeArticle>) => minhash(textOf(a));

test('a lightly reworded copy of a post scores as near the same; a post on another subject does not', () => {
  const near = estimateSimilarity(sig(cafeArticle()), sig(cafeNearCopy()));
  const other = estimateSimilarity(sig(cafeArticle()), sig(hikeArticle()));
  assert.ok(near > 0.7, `near copy: ${near}`);
  assert.ok(other < 0.15, `different post: ${other}`);
  // Spacing and punctuation do not make a copy original.
  const respaced = { ...cafeArticle(), blocks: cafeArticle().blocks.map((b) => (b.type === 'paragraph' ? { ...b, text: b.text.replace(/ /g, '  ').replace(/\./g, '!') } : b)) };
  assert.equal(estimateSimilarity(sig(cafeArticle()), sig(respaced)), 1);
});

test('near copies share LSH bands (they become candidates); unrelated posts mostly do not', () => {
  const a = new Set(lshBands(sig(cafeArticle())));
  assert.equal(a.size, 42);
  assert.ok(lshBands(sig(cafeNearCopy())).some((b) => a.has(b)));
  assert.ok(lshBands(sig(hikeArticle())).filter((b) => a.has(b)).length <= 2);
});

test('NAVER fit counts the text, headings, paragraphs, images and tags, and flags a stuffed keyword', () => {
  const clean = naverFit(cafeArticle(), { keywords: ['성수동 카페'], bannedWords: [], keywordMaxShare: 0.04 });
  assert.equal(clean.headings, 3);
  assert.equal(clean.paragraphs, 6);
  assert.equal(clean.images, 0);
  assert.equal(clean.tags, 2);
  assert.ok(clean.chars > 400);
  assert.deepEqual(clean.stuffed, []);
  assert.equal(clean.keywords[0]!.keyword, '성수동 카페');

  const stuffed = naverFit(stuffedArticle('둘레길 코스'), { keywords: ['둘레길 코스'], bannedWords: [], keywordMaxShare: 0.04 });
  assert.deepEqual(stuffed.stuffed, ['둘레길 코스']);
  assert.ok(stuffed.keywords[0]!.count >= 18 && stuffed.keywords[0]!.share > 0.04, JSON.stringify(stuffed.keywords));
});

test('a keyword written without its space still counts; banned words and a title over 40 characters are found', () => {
  const a = { ...cafeArticle(), title: '성수동카페 완벽 가이드: 주말에 꼭 가 봐야 할 카페 세 곳과 베이커리, 로스터리까지' };
  const fit = naverFit(a, { keywords: ['성수동 카페'], bannedWords: ['로스터리', '최저가'], keywordMaxShare: 0.04 });
  assert.ok(fit.keywords[0]!.count >= 1);
  assert.deepEqual(fit.banned, ['로스터리']);
  assert.ok(fit.titleTooLong && fit.titleChars > 40);
});

test('a keyword used fewer than 5 times is not stuffing, even in a post of a few words', () => {
  const tiny = { title: '성수동 카페 투어 후기', blocks: [{ type: 'paragraph' as const, text: '주말에 성수동 카페 세 곳을 다녀왔습니다.' }, { type: 'heading' as const, text: '첫 번째 카페' }], tags: [] };
  const fit = naverFit(tiny, { keywords: ['카페'], bannedWords: [], keywordMaxShare: 0.04 });
  assert.equal(fit.keywords[0]!.count, 3);
  assert.ok(fit.keywords[0]!.share > 0.04);
  assert.deepEqual(fit.stuffed, []);
});
