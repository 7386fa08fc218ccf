// Preview in the real editor, as the channel sees it: the approver presses Preview on the approval card, the
// account's worker fills the fake NAVER's editor with real Chromium exactly as publishing would, and the
// screenshot answers the card; NAVER keeps no post and no temporary post, and the draft does not move. An
// edit marks the old preview out of date; a step that fails is reported with its step, class and screenshot.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buttons, messageText, type StoredMessage } from '../fakes/fake-discord/index.ts';
import { startFakeNaver, type FakeNaver } from '../fakes/fake-naver/server.ts';
import { naverPublisherKit, type NaverPublisherKit } from '../support/naver-publisher.ts';
import { draftId as draftCustomId } from '../../src/discord/custom-ids.ts';
import { startWorld, type World } from './support/discord-world.ts';

let w: World;
let naver: FakeNaver;
let kit: NaverPublisherKit;

before(async () => {
  naver = await startFakeNaver();
  kit = await naverPublisherKit(naver, 'preview');
  w = await startWorld({
    config: { ...kit.config, PUBLISH_TIMEOUT_MS: 60_000 },
    publisherFactory: kit.factory({ maxContexts: 1 }),
  });
});
after(async () => {
  await w?.stop();
  await naver?.close();
  await kit?.remove();
});

/** An account the fake NAVER knows, with its stored login, and one draft waiting on its approval card. */
async function cardFor(blogId: string): Promise<{ draftId: string; prompt: StoredMessage }> {
  const accountId = await w.addAccount(blogId, w.fake.channels.main);
  naver.addUser({ username: `${blogId}-id`, password: 'pw-preview1', blogId });
  await w.harness.service.setCredentials(accountId, { username: `${blogId}-id`, password: 'pw-preview1' }, { userId: w.admin.id, channelId: w.fake.channels.main, manageServer: true });
  const reply = await w.run(w.admin, 'schedule', 'post', { account: blogId, topic: `${blogId} 카페 후기` });
  const prompt = await w.fake.waitFor(() => {
    const m = w.fake.message(reply.originalId);
    return m && buttons(m).length === 5 ? m : null;
  }, 'the approval card');
  return { draftId: /draft:approve:(\S+)/.exec(buttons(prompt)[0]!.customId!)![1]!, prompt };
}

/** The message that answers the card with the preview. */
function previewReply(prompt: StoredMessage): StoredMessage | undefined {
  return w.fake.channelMessages(w.fake.channels.main).find((m) => m.history[0]?.message_reference?.message_id === prompt.id);
}

const statusOf = async (id: string) => (await w.harness.db.draft.findUniqueOrThrow({ where: { id } })).status;

describe('Preview in NAVER’s editor', () => {
  test('Preview puts a full-page screenshot of the filled editor under the card, and NAVER keeps no post and no temporary post', async () => {
    const { draftId, prompt } = await cardFor('previewblog');
    // Whoever may approve may preview: here a member of the account's approver role.
    await w.run(w.admin, 'account', 'settings', { account: 'previewblog', approver_role: { role: w.fake.roles.approver } });
    assert.deepEqual(buttons(prompt).map((b) => b.label), ['Approve', 'Reject', 'Regenerate', 'Edit', 'Preview']);
    w.clickOn(w.approver, prompt, 'Preview');
    await w.fake.waitFor(() => messageText(w.fake.message(prompt.id)!).includes('Queued: the account’s browser opens the editor shortly'), 'the card says the preview is queued');

    const shot = await w.fake.waitFor(() => previewReply(prompt), 'the preview screenshot answers the card', 60_000);
    assert.match(shot.content, /Preview of “previewblog 카페 후기 완벽 정리” in NAVER’s editor/);
    assert.match(shot.content, /Nothing was saved on NAVER/);
    assert.equal(shot.attachments.length, 1);
    assert.equal(shot.attachments[0]!.filename, 'preview.png');
    assert.ok(shot.attachments[0]!.data.subarray(1, 4).toString() === 'PNG', 'a PNG picture');

    await w.fake.waitFor(() => /Preview in NAVER’s editor[\s\S]*Taken <t:\d+:f>/.test(messageText(w.fake.message(prompt.id)!)), 'the card says when the preview was taken');
    assert.equal(naver.posts.filter((p) => p.blogId === 'previewblog').length, 0, 'no post on NAVER');
    assert.deepEqual(naver.tempPosts.filter((t) => t.blogId === 'previewblog'), [], 'no autosave or temporary post on NAVER');
    assert.equal(await statusOf(draftId), 'pending_approval', 'the draft still waits for approval');
    assert.equal(await w.harness.db.deadLetter.count(), 0);

    // Editing the draft makes that preview out of date.
    w.fake.submitModal(w.approver, draftCustomId('edit', draftId), { title: '고친 제목', body: '고친 본문입니다.' }, { messageId: prompt.id });
    await w.fake.waitFor(() => {
      const text = messageText(w.fake.message(prompt.id)!);
      return text.includes('고친 제목') && text.includes('Out of date: the draft changed since; press Preview again.');
    }, 'the card marks the preview out of date');
  });

  test('a preview that fails at a step is reported like a failed publish (step, class, screenshot) and leaves the draft as it was', async () => {
    const { draftId, prompt } = await cardFor('brokenpreview');
    naver.knobs.tagField = 'renamed';
    try {
      w.clickOn(w.admin, prompt, 'Preview');
      const shot = await w.fake.waitFor(() => previewReply(prompt), 'the failed preview answers the card', 60_000);
      assert.match(shot.content, /stopped at step “Tags” \(naver_editor\)/);
      assert.match(shot.content, /The draft is unchanged; nothing was saved on NAVER/);
      assert.equal(shot.attachments[0]?.filename, 'preview.png', 'with the screenshot of where it stopped');
      await w.fake.waitFor(() => /Stopped at step “Tags” \(naver_editor\)/.test(messageText(w.fake.message(prompt.id)!)), 'the card says where it stopped');
      assert.equal(await statusOf(draftId), 'pending_approval');
      assert.equal(await w.harness.db.deadLetter.count(), 0, 'a failed preview is no dead letter');
      assert.deepEqual(naver.tempPosts.filter((t) => t.blogId === 'brokenpreview'), []);
    } finally {
      naver.knobs.tagField = 'standard';
    }
  });

  test('Preview on an account that needs a NAVER login is refused with one sentence and queues nothing', async () => {
    const accountId = await w.addAccount('waitingblog', w.fake.channels.main);
    await w.harness.db.account.update({ where: { id: accountId }, data: { status: 'needs_login' } });
    const draft = await w.harness.db.draft.create({
      data: { accountId, topic: '기다리는 글', title: '기다리는 제목', body: [{ type: 'paragraph', text: '본문' }], status: 'pending_approval' },
    });
    const i = await w.fake.waitForAnswer(w.fake.click(w.admin, draftCustomId('preview', draft.id), { channelId: w.fake.channels.main }));
    assert.ok(w.fake.answerIsEphemeral(i));
    assert.match(w.fake.answerText(i), /waitingblog needs a NAVER login first/);
    assert.equal(await w.harness.db.draftPreview.count({ where: { draftId: draft.id } }), 0);
    assert.deepEqual(await w.harness.core.queues.queue('publish', accountId).getJobCounts('waiting', 'prioritized', 'delayed'), { waiting: 0, prioritized: 0, delayed: 0 });
  });
});
