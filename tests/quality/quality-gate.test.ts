// The quality gate as a channel sees it, with the real Gemini writer (@google/genai) against the fake Gemini:
// a near-duplicate of a published post is written again once (told the title to avoid), a draft still too
// close shows the closest post and its score, a stuffed draft is flagged, auto-approve holds a flagged draft
// and publishes a clean one, an approver may approve a flagged draft (the audit trail says which flags were
// seen), /drafts filters flagged drafts, banned words flag a draft, and a recurring schedule tells the writer
// the blog's recent titles.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createGeminiWriter } from '../../src/generation/gemini/gemini-writer.ts';
import { generatePayload } from '../../src/scheduling/fire.ts';
import { requestGeneration } from '../../src/drafts/jobs.ts';
import { buttons, messageText, type StoredMessage } from '../fakes/fake-discord/index.ts';
import { jsonReply, startFakeGemini, type FakeGemini } from '../fakes/fake-gemini.ts';
import { eventually } from '../support/eventually.ts';
import { startWorld, type World } from '../discord/support/discord-world.ts';
import type { Article } from '../../src/article.ts';
import { cafeArticle, cafeNearCopy, hikeArticle, stuffedArticle } from './articles.ts';

let w: World;
let gemini: FakeGemini;
before(async () => {
  gemini = await startFakeGemini();
  const writer = createGeminiWriter({ apiKey: 'test-key', model: 'gemini-test-flash', baseUrl: gemini.baseUrl, apiVersion: 'v1beta', timeoutMs: 5_000 });
  w = await startWorld({ writer });
});
after(async () => {
  await w?.stop();
  await gemini?.close();
});

/** The user turn of the n-th request Gemini received. */
function userText(index: number): string {
  return (gemini.requests[index]?.body.contents ?? []).flatMap((c) => c.parts ?? []).map((p) => p.text ?? '').join('\n');
}

/** Requests a post whose Gemini answers are `answers`; returns the draft id and its card once it waits or is done. */
async function post(blogId: string, topic: string, answers: Article[], options: { keywords?: string } = {}): Promise<{ draftId: string; card: StoredMessage }> {
  gemini.script(...answers.map((a) => jsonReply(a)));
  const reply = await w.run(w.admin, 'schedule', 'post', { account: blogId, topic, keywords: options.keywords });
  const card = await w.fake.waitFor(() => {
    const m = w.fake.message(reply.originalId);
    return m && /Waiting for approval|Published|Approved|Publishing/.test(m.content) && m.embeds.length ? m : null;
  }, 'the draft card');
  const draftId = /· (\S+)$/.exec(card.embeds[0]!.footer!.text!)![1]!;
  return { draftId, card };
}

async function publishedCafePost(blogId: string): Promise<string> {
  const { draftId, card } = await post(blogId, '성수동 카페', [cafeArticle()]);
  w.clickOn(w.admin, card, 'Approve');
  await eventually(async () => (await w.harness.db.draft.findUniqueOrThrow({ where: { id: draftId } })).status === 'published', 'the first post published');
  return draftId;
}

describe('originality', () => {
  test('a near-duplicate of a published post is written again once, told the title to avoid; the new text passes', async () => {
    await w.addAccount('dupblog');
    await publishedCafePost('dupblog');
    const before = gemini.requests.length;
    const { draftId, card } = await post('dupblog', '성수동 카페 다시', [cafeNearCopy(), hikeArticle()]);
    assert.equal(gemini.requests.length - before, 2, 'the draft was written twice');
    assert.match(userText(before + 1), /nearly the same as these existing posts/);
    assert.match(userText(before + 1), /성수동 카페 세 곳, 주말에 다녀온 솔직 후기/, 'the closest title is named as one to avoid');
    const draft = await w.harness.db.draft.findUniqueOrThrow({ where: { id: draftId } });
    assert.equal(draft.title, hikeArticle().title, 'the second version is the draft');
    assert.deepEqual(draft.flags, []);
    assert.match(messageText(card), /✓ original \(closest \d+%\)/);
    assert.equal(buttons(card).length, 5, 'a clean card has no details button (Approve, Reject, Regenerate, Edit, Preview)');
  });

  test('still too close after the second try: the card shows the closest post and its score, details name it with its link', async () => {
    await w.addAccount('dupblog2');
    const firstId = await publishedCafePost('dupblog2');
    const url = w.harness.publisher.posts.get(firstId)!.url;
    const { draftId, card } = await post('dupblog2', '성수동 카페 또', [cafeNearCopy(), cafeNearCopy()]);
    const draft = await w.harness.db.draft.findUniqueOrThrow({ where: { id: draftId } });
    assert.deepEqual(draft.flags, ['originality']);
    assert.match(messageText(card), /⚠ \d+% like “성수동 카페 세 곳, 주말에 다녀온 솔직 후기”/);
    assert.equal(draft.status, 'pending_approval');
    const details = await w.fake.waitForAnswer(w.clickOn(w.admin, card, 'Check details'));
    assert.ok(w.fake.answerIsEphemeral(details));
    const text = w.fake.answerText(details);
    assert.match(text, /Closest post of the account: \d+% similar \(threshold 50%\): “성수동 카페 세 곳, 주말에 다녀온 솔직 후기”/);
    assert.ok(text.includes(url), 'the closest post’s link');
    assert.match(text, /written again once/);
  });
});

describe('NAVER fit and the gate', () => {
  test('a stuffed draft is flagged on its card; an approver may still approve it, and the audit trail records the flags seen', async () => {
    await w.addAccount('fitblog');
    const { draftId, card } = await post('fitblog', '둘레길', [stuffedArticle('둘레길 코스')], { keywords: '둘레길 코스' });
    assert.match(messageText(card), /⚠ keyword stuffing: 둘레길 코스/);
    assert.match(messageText(card), /\d[\d,]* chars · 3 headings · 6 paragraphs · 0 images · 1 tags/);
    assert.deepEqual((await w.harness.db.draft.findUniqueOrThrow({ where: { id: draftId } })).flags, ['keyword_stuffing']);
    w.clickOn(w.admin, card, 'Approve');
    await eventually(async () => (await w.harness.db.draft.findUniqueOrThrow({ where: { id: draftId } })).status === 'published', 'published');
    const approved = await w.harness.db.draftEvent.findFirstOrThrow({ where: { draftId, action: 'approved' } });
    assert.equal(approved.actor, w.admin.id);
    assert.deepEqual(approved.detail, { flagsSeen: ['keyword_stuffing'] });
  });

  test('auto-approve holds a flagged draft for a person, saying which check stopped it, and publishes a clean one', async () => {
    await w.addAccount('autoqblog');
    await w.run(w.admin, 'account', 'settings', { account: 'autoqblog', auto_approve: true });
    const held = await post('autoqblog', '둘레길', [stuffedArticle('둘레길 코스')], { keywords: '둘레길 코스' });
    assert.match(held.card.content, /auto-approve held this draft because of keyword stuffing/);
    assert.deepEqual(buttons(held.card).map((b) => b.label), ['Approve', 'Reject', 'Regenerate', 'Edit', 'Preview', 'Check details']);
    const clean = await post('autoqblog', '카페', [cafeArticle()]);
    await eventually(async () => (await w.harness.db.draft.findUniqueOrThrow({ where: { id: clean.draftId } })).status === 'published', 'the clean draft published');
    assert.equal((await w.harness.db.draft.findUniqueOrThrow({ where: { id: held.draftId } })).status, 'pending_approval');
    assert.equal(w.harness.publisher.attempts.filter((a) => a.draftId === held.draftId).length, 0, 'the flagged one was never published');
  });

  test('banned words from /account settings flag a draft; /drafts flagged:true lists only flagged drafts', async () => {
    await w.addAccount('banblog');
    const set = await w.run(w.admin, 'account', 'settings', { account: 'banblog', banned_words: '로스터리, 최저가' });
    assert.match(w.fake.answerText(set), /Banned words: 로스터리, 최저가/);
    const banned = await post('banblog', '카페', [cafeArticle()]);
    assert.match(messageText(banned.card), /⚠ banned words: 로스터리/);
    const clean = await post('banblog', '산책', [hikeArticle()]);
    const list = await w.run(w.admin, 'drafts', null, { account: 'banblog', flagged: true });
    const shown = w.fake.answerText(list);
    assert.ok(shown.includes(banned.draftId), shown);
    assert.ok(!shown.includes(clean.draftId), 'the clean draft is not listed');
    assert.match(shown, /⚠ banned words/);
  });

  test('an edit runs the checks again: fixing the stuffing clears the flag on the card', async () => {
    await w.addAccount('editqblog');
    const { draftId, card } = await post('editqblog', '둘레길', [stuffedArticle('둘레길 코스')], { keywords: '둘레길 코스' });
    const open = await w.fake.waitForAnswer(w.clickOn(w.admin, card, 'Edit'));
    const body = hikeArticle().blocks.map((b) => (b.type === 'heading' ? `■ ${b.text}` : b.type === 'paragraph' ? b.text : '')).join('\n\n');
    w.fake.submitModal(w.admin, open.modal.custom_id, { title: '북한산 둘레길 코스 후기', body }, { messageId: card.id });
    await eventually(async () => (await w.harness.db.draft.findUniqueOrThrow({ where: { id: draftId } })).flags.length === 0, 'the flag cleared');
    await w.fake.waitFor(() => /✓ keywords/.test(messageText(w.fake.message(card.id))) && buttons(w.fake.message(card.id)).length === 5, 'the card shows the clean checks');
  });
});

test('a recurring schedule tells the writer the blog’s recent titles', async () => {
  const accountId = await w.addAccount('cronqblog');
  await publishedCafePost('cronqblog');
  const schedule = await w.harness.db.schedule.create({ data: { accountId, channelId: w.fake.channels.main, cron: '0 9 * * *', topics: ['카페 이야기'] } });
  gemini.script(jsonReply(hikeArticle()));
  const before = gemini.requests.length;
  await requestGeneration(w.harness.core.queues, generatePayload(schedule, 'ko', new Date(), 0), `sched-${schedule.id}-1`);
  await eventually(() => gemini.requests.length > before, 'the scheduled draft written');
  assert.match(userText(before), /recently published these posts/);
  assert.match(userText(before), /성수동 카페 세 곳, 주말에 다녀온 솔직 후기/);
});
