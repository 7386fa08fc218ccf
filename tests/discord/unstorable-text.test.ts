// Text no one can store or meant to type (NUL and other control characters, a lone surrogate) in any option
// or form field is refused with one sentence naming the field, and nothing is saved (found by the
// reliability suite, scenario 6: PostgreSQL refused it and the member got "something went wrong").
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { buttons, messageText } from '../fakes/fake-discord/index.ts';
import { startWorld, type World } from './support/discord-world.ts';
import { isStorableText } from '../../src/discord/typed-text.ts';

let w: World;
before(async () => {
  w = await startWorld();
  await w.addAccount('textblog', w.fake.channels.main, 'Text');
});
after(async () => {
  await w?.stop();
});

test('a topic with control characters or a lone surrogate is refused with a sentence naming it, and no draft is made', async () => {
  const before = await w.harness.db.draft.count();
  for (const topic of ['\u0000\u0007\u001b[31m카페 후기', '\ud800 카페 후기']) {
    const en = await w.run(w.admin, 'schedule', 'post', { account: 'textblog', topic });
    assert.equal(w.fake.answerText(en), '"topic" contains control characters or broken Unicode that cannot be saved; remove them and try again.');
    assert.ok(w.fake.answerIsEphemeral(en));
  }
  const ko = await w.run(w.adminKo, 'schedule', 'post', { account: 'textblog', topic: '카페\u0000' });
  assert.equal(w.fake.answerText(ko), '"topic"에 저장할 수 없는 제어 문자나 깨진 유니코드가 있습니다. 지우고 다시 시도해 주세요.');
  assert.equal(await w.harness.db.draft.count(), before, 'no draft was made');
  // Line breaks and tabs are text, and Hangul with emoji is well formed.
  const fine = await w.run(w.admin, 'schedule', 'post', { account: 'textblog', topic: '성수동\t카페 ☕️ 후기' });
  assert.equal(w.fake.answerIsEphemeral(fine), false, 'an ordinary topic is taken');
});

test('an Edit form with a NUL in its body is refused and the draft keeps its text', async () => {
  const reply = await w.run(w.admin, 'schedule', 'post', { account: 'textblog', topic: '고칠 글' });
  const prompt = await w.fake.waitFor(() => {
    const m = w.fake.message(reply.originalId);
    return m && buttons(m).length >= 4 ? m : null;
  }, 'the approval prompt');
  const draftId = /draft:approve:(\S+)/.exec(buttons(prompt).find((b) => b.customId?.startsWith('draft:approve:'))!.customId!)![1]!;
  const saved = await w.harness.db.draft.findUniqueOrThrow({ where: { id: draftId } });
  const answer = await w.fake.waitForAnswer(w.fake.submitModal(w.admin, `draft:edit:${draftId}`, { title: '새 제목', body: '본문\u0000끝' }, { messageId: prompt.id }));
  assert.equal(w.fake.answerText(answer), '"body" contains control characters or broken Unicode that cannot be saved; remove them and try again.');
  const after = await w.harness.db.draft.findUniqueOrThrow({ where: { id: draftId } });
  assert.equal(after.title, saved.title);
  assert.deepEqual(after.body, saved.body);
  assert.ok(!messageText(w.fake.message(prompt.id)).includes('새 제목'));
});

test('what counts as storable text', () => {
  for (const ok of ['', '카페', 'a\tb\nc\r\nd', '😀 이모지', 'ﬁ ligature']) assert.equal(isStorableText(ok), true, JSON.stringify(ok));
  for (const bad of ['\u0000', 'a\u0008b', '\u001b[0m', '\u007f', '\u0085', 'x\u009by', '\ud800', 'x\udc00y']) assert.equal(isStorableText(bad), false, JSON.stringify(bad));
});
