// Edit is for a draft waiting for approval. An old Edit button pressed again (or a forged one) on a draft that
// moved on gets the same one sentence as every other button that no longer applies, not a form that cannot
// be saved.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startWorld, type World } from './support/discord-world.ts';

let w: World;
before(async () => {
  w = await startWorld();
});
after(async () => {
  await w?.stop();
});

test('Edit on a published draft says the button no longer applies and opens no form', async () => {
  const accountId = await w.addAccount('editlate');
  const draft = await w.harness.db.draft.create({
    data: { accountId, topic: '카페', title: '성수동 카페', body: [{ type: 'paragraph', text: '본문' }], tags: [], status: 'published', publishedUrl: 'https://blog.naver.com/editlate/1', logNo: '1' },
  });
  const i = await w.fake.waitForAnswer(w.fake.click(w.admin, `draft:edit:${draft.id}`, { channelId: w.fake.channels.main }));
  assert.equal(i.modal, null, 'no edit form');
  assert.ok(w.fake.answerIsEphemeral(i));
  assert.match(w.fake.answerText(i), /no longer applies/);
});
