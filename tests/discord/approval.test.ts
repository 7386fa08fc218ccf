// The approval loop as a channel sees it: a post is requested, its message becomes the approval prompt, and
// the buttons move it (approve → published with the link; reject; regenerate; edit), refusing who may not.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buttons, messageText, type FakeInteraction, type StoredMessage } from '../fakes/fake-discord/index.ts';
import { eventually } from '../support/eventually.ts';
import { latestDraft, startWorld, type World } from './support/discord-world.ts';

let w: World;
before(async () => {
  w = await startWorld();
});
after(async () => {
  const late = w?.fake.lateInteractions() ?? [];
  await w?.stop();
  assert.deepEqual(late, [], 'every interaction was acknowledged within 3 s');
});

/** Requests a post and returns its draft id and the message that became its approval prompt. */
async function requestPost(blogId: string, topic: string, user = w.admin): Promise<{ draftId: string; prompt: StoredMessage }> {
  const reply = await w.run(user, 'schedule', 'post', { account: blogId, topic });
  assert.equal(w.fake.answerIsEphemeral(reply), false, 'the progress message is public');
  const prompt = await w.fake.waitFor(() => {
    const m = w.fake.message(reply.originalId);
    return m && buttons(m).length === 5 ? m : null;
  }, 'the reply to become the approval prompt');
  const id = /draft:approve:(\S+)/.exec(buttons(prompt)[0]!.customId!)![1]!;
  return { draftId: id, prompt };
}

async function statusOf(draftId: string): Promise<string> {
  return (await w.harness.db.draft.findUniqueOrThrow({ where: { id: draftId } })).status;
}

/**
 * The bot logged that it refused this interaction: its preconditions failed before the handler ran, and the
 * refusal is the last thing the router does with it, so nothing can follow.
 */
function refusedBeforeActing(i: FakeInteraction): boolean {
  return w.logs.some((line) => line.includes('"msg":"refused an interaction"') && line.includes(`"interactionId":"${i.id}"`));
}

/** Every publish job of the draft's account has run: no further attempt is coming. */
async function publishQueueSettled(draftId: string): Promise<void> {
  const { accountId } = await w.harness.db.draft.findUniqueOrThrow({ where: { id: draftId } });
  await eventually(async () => {
    const c = await w.harness.core.queues.counts('publish', accountId);
    return c.waiting + c.active + c.delayed === 0;
  }, 'the publish queue to have nothing left to run');
}

describe('approval prompt', () => {
  test('account add → schedule post → prompt with four buttons → Approve publishes and the message shows the link', async () => {
    const added = await w.run(w.admin, 'account', 'add', { blog_id: 'happyblog', label: 'Happy' });
    assert.match(w.fake.answerText(added), /Added Happy \(happyblog\)/);
    assert.ok(w.fake.answerIsEphemeral(added));
    await w.unpace('happyblog');

    const { draftId, prompt } = await requestPost('happyblog', '서울 맛집 추천');
    const text = messageText(prompt);
    assert.deepEqual(
      buttons(prompt).map((b) => b.customId),
      ['approve', 'reject', 'regenerate', 'edit', 'preview'].map((a) => `draft:${a}:${draftId}`),
    );
    assert.deepEqual(buttons(prompt).map((b) => b.label), ['Approve', 'Reject', 'Regenerate', 'Edit', 'Preview']);
    assert.match(text, /서울 맛집 추천 완벽 정리/, 'title');
    assert.match(text, /알아보겠습니다/, 'body preview');
    assert.match(text, /#블로그 #정보/, 'tags');
    assert.match(text, /Happy \(happyblog\)/, 'account');
    assert.match(text, /as soon as approved/, 'planned time');
    assert.equal(w.fake.channelMessages(w.fake.channels.main).filter((m) => messageText(m).includes(draftId)).length, 1, 'one message per post');

    w.clickOn(w.admin, prompt, 'Approve');
    await eventually(async () => (await statusOf(draftId)) === 'published', 'published');
    const post = w.harness.publisher.posts.get(draftId)!;
    const shown = await w.fake.waitFor(() => {
      const m = w.fake.message(prompt.id)!;
      return messageText(m).includes(post.url) ? m : null;
    }, 'the link in the prompt');
    assert.deepEqual(buttons(shown).filter((b) => b.customId), [], 'no actionable buttons once published');
    const states = shown.history.map((h) => String(h.content ?? ''));
    assert.ok(states.some((c) => c.includes(`Approved by <@${w.admin.id}>`)), `approved by whom: ${states.join(' | ')}`);
    assert.ok(states.some((c) => /Waiting for approval/.test(c)));
    assert.ok(states.some((c) => /Publishing/.test(c)));
    assert.deepEqual(w.fake.lateInteractions(), []);
  });

  test('Reject marks the draft rejected and removes the buttons', async () => {
    const { draftId, prompt } = await requestPost('happyblog', '거절될 주제');
    w.clickOn(w.admin, prompt, 'Reject');
    await eventually(async () => (await statusOf(draftId)) === 'rejected', 'rejected');
    const m = await w.fake.waitFor(() => (buttons(w.fake.message(prompt.id)).length === 0 ? w.fake.message(prompt.id) : null), 'buttons removed');
    assert.match(messageText(m), new RegExp(`Rejected by <@${w.admin.id}>`));
    assert.equal(w.harness.publisher.attempts.filter((a) => a.draftId === draftId).length, 0);
  });

  test('Regenerate keeps the draft id and writes its text again, shown in the same message', async () => {
    const { draftId, prompt } = await requestPost('happyblog', '다시 쓸 주제');
    const { accountId } = await w.harness.db.draft.findUniqueOrThrow({ where: { id: draftId } });
    const draftsBefore = await w.harness.db.draft.count({ where: { accountId } });
    w.harness.writer.script.push(async () => ({
      article: { title: '새로 쓴 제목', blocks: [{ type: 'paragraph', text: '완전히 새로운 본문입니다.' }], tags: ['새글'] },
      model: 'fake-model',
      usage: { promptTokens: 1, outputTokens: 1, totalTokens: 2 },
    }));
    w.clickOn(w.admin, prompt, 'Regenerate');
    const m = await w.fake.waitFor(() => {
      const now = w.fake.message(prompt.id)!;
      return messageText(now).includes('새로 쓴 제목') && buttons(now).length === 5 ? now : null;
    }, 'the new draft in the message');
    assert.match(messageText(m), /완전히 새로운 본문/);
    assert.doesNotMatch(messageText(m), /다시 쓸 주제 완벽 정리/);
    assert.deepEqual(buttons(m).map((b) => b.customId), ['approve', 'reject', 'regenerate', 'edit', 'preview'].map((a) => `draft:${a}:${draftId}`), 'the buttons still act on the same draft');
    const saved = await w.harness.db.draft.findUniqueOrThrow({ where: { id: draftId } });
    assert.equal(saved.status, 'pending_approval');
    assert.equal(saved.title, '새로 쓴 제목', 'the same draft row holds the new text');
    assert.deepEqual(saved.body, [{ type: 'paragraph', text: '완전히 새로운 본문입니다.' }]);
    assert.equal(saved.regenerations, 1);
    assert.equal(await w.harness.db.draft.count({ where: { accountId } }), draftsBefore, 'no second draft was made');
    assert.equal(w.fake.channelMessages(w.fake.channels.main).filter((x) => messageText(x).includes('새로 쓴 제목')).length, 1);
  });

  test('Edit opens a modal with the title and body, and saving changes the draft and the message', async () => {
    const { draftId, prompt } = await requestPost('happyblog', '수정할 주제');
    const open = await w.fake.waitForAnswer(w.clickOn(w.admin, prompt, 'Edit'));
    const modal = open.modal;
    assert.ok(modal, 'a modal opened');
    assert.equal(modal.custom_id, `draft:edit:${draftId}`);
    const inputs = modal.components.map((c: { component: { value: string } }) => c.component);
    assert.equal(inputs[0].value, '수정할 주제 완벽 정리');
    assert.match(inputs[1].value, /■ 핵심 내용/);
    assert.match(inputs[1].value, /• 첫째/);

    w.fake.submitModal(w.admin, modal.custom_id, { title: '고친 제목', body: '고친 첫 문단입니다.\n\n■ 새 소제목\n\n• 하나\n• 둘' }, { messageId: prompt.id });
    await eventually(async () => (await w.harness.db.draft.findUniqueOrThrow({ where: { id: draftId } })).title === '고친 제목', 'saved title');
    const saved = await w.harness.db.draft.findUniqueOrThrow({ where: { id: draftId } });
    assert.deepEqual(saved.body, [
      { type: 'paragraph', text: '고친 첫 문단입니다.' },
      { type: 'heading', text: '새 소제목' },
      { type: 'list', ordered: false, items: ['하나', '둘'] },
    ]);
    await w.fake.waitFor(() => messageText(w.fake.message(prompt.id)).includes('고친 제목'), 'the message shows the edit');
    assert.equal(buttons(w.fake.message(prompt.id)).length, 5, 'still waiting for approval');
  });

  test('an account linked to two channels gets the prompt in both, and both follow the draft', async () => {
    await w.addAccount('twinblog', w.fake.channels.main);
    const linked = await w.run(w.admin, 'account', 'link', { account: 'twinblog' }, { channelId: w.fake.channels.third });
    assert.match(w.fake.answerText(linked), /Linked twinblog to this channel/);
    const { draftId, prompt } = await requestPost('twinblog', '두 채널 글');
    const elsewhere = await w.fake.waitFor(() => {
      const m = w.promptOf(draftId, w.fake.channels.third);
      return m && buttons(m).length === 5 ? m : null;
    }, 'the prompt in the second channel');
    assert.deepEqual(buttons(elsewhere).map((b) => b.label), ['승인', '거절', '다시 쓰기', '수정', '미리보기'], 'channel messages are Korean');
    w.clickOn(w.admin, elsewhere, '승인');
    await eventually(async () => (await statusOf(draftId)) === 'published', 'published');
    const url = w.harness.publisher.posts.get(draftId)!.url;
    await w.fake.waitFor(() => messageText(w.fake.message(prompt.id)).includes(url) && messageText(w.fake.message(elsewhere.id)).includes(url), 'both messages show the link');
    assert.match(messageText(w.fake.message(elsewhere.id)), /발행했습니다/);
  });
});

describe('auto-approve', () => {
  test('an auto-approving account publishes without buttons and says so', async () => {
    await w.addAccount('autoblog', w.fake.channels.main);
    await w.run(w.admin, 'account', 'settings', { account: 'autoblog', auto_approve: true });
    const reply = await w.run(w.admin, 'schedule', 'post', { account: 'autoblog', topic: '자동 승인 글' });
    const draft = await w.fake.waitFor(() => [...w.harness.publisher.posts.values()].find((p) => p.blogId === 'autoblog'), 'published');
    const m = await w.fake.waitFor(() => (messageText(w.fake.message(reply.originalId)).includes(draft.url) ? w.fake.message(reply.originalId) : null), 'the link');
    assert.ok(m.history.some((h) => String(h.content).includes('Approved automatically')));
    assert.ok(m.history.every((h) => !(h.components ?? []).some((row: { components: { custom_id?: string }[] }) => row.components.some((c) => c.custom_id?.startsWith('draft:approve')))));
  });
});

describe('who may press the buttons', () => {
  test('a double click on Approve publishes once', async () => {
    const { draftId, prompt } = await requestPost('happyblog', '두 번 누른 승인');
    const first = w.clickOn(w.admin, prompt, 'Approve');
    const second = w.clickOn(w.admin, prompt, 'Approve');
    await eventually(async () => (await statusOf(draftId)) === 'published', 'published');
    await w.fake.waitForAnswer(first);
    await w.fake.waitForAnswer(second);
    const refusals = await w.fake.waitFor(() => {
      const r = [first, second].filter((i) => i.followupIds.length > 0);
      return r.length > 0 ? r : null;
    }, 'the refusal of the second click');
    await publishQueueSettled(draftId);
    assert.equal(w.harness.publisher.attempts.filter((a) => a.draftId === draftId).length, 1);
    assert.equal(refusals.length, 1, 'the second click is told why nothing happened');
    assert.ok(w.fake.answerIsEphemeral(refusals[0]!));
  });

  test('a member without Manage Server or an approver role is refused and nothing changes', async () => {
    const { draftId, prompt } = await requestPost('happyblog', '권한 없는 승인');
    const click = await w.fake.waitForAnswer(w.clickOn(w.member, prompt, 'Approve'));
    assert.ok(w.fake.answerIsEphemeral(click));
    assert.match(w.fake.answerText(click), /Manage Server permission or an approver role/);
    const edit = await w.fake.waitForAnswer(w.clickOn(w.member, prompt, 'Edit'));
    assert.equal(edit.modal, null, 'no edit form for them');
    assert.match(w.fake.answerText(edit), /approver role/);
    assert.ok(refusedBeforeActing(click) && refusedBeforeActing(edit), 'both clicks were refused before any handler ran');
    assert.equal(await statusOf(draftId), 'pending_approval');
    assert.equal(buttons(w.fake.message(prompt.id)).length, 5);
  });

  test('an admin names an approver role in /account settings; a member with that role may then approve', async () => {
    const set = await w.run(w.admin, 'account', 'settings', { account: 'happyblog', approver_role: { role: w.fake.roles.approver } });
    assert.match(w.fake.answerText(set), new RegExp(`Approver roles: <@&${w.fake.roles.approver}>`));
    const { draftId, prompt } = await requestPost('happyblog', '승인자 역할');
    w.clickOn(w.approver, prompt, 'Approve');
    await eventually(async () => ['approved', 'publishing', 'published'].includes(await statusOf(draftId)), 'approved');

    // and removing the role takes the right away again
    await w.run(w.admin, 'account', 'settings', { account: 'happyblog', remove_approver_role: { role: w.fake.roles.approver } });
    const second = await requestPost('happyblog', '역할 없는 승인');
    const refused = await w.fake.waitForAnswer(w.clickOn(w.approver, second.prompt, 'Approve'));
    assert.match(w.fake.answerText(refused), /approver role/);
    assert.equal(await statusOf(second.draftId), 'pending_approval');
  });

  test('a forged custom_id for another channel’s draft is refused', async () => {
    await w.addAccount('otherblog', w.fake.channels.other);
    const reply = await w.run(w.admin, 'schedule', 'post', { account: 'otherblog', topic: '다른 채널 글' }, { channelId: w.fake.channels.other });
    await w.fake.waitFor(() => buttons(w.fake.message(reply.originalId)).length === 5, 'prompt in the other channel');
    const draft = (await latestDraft(w, 'otherblog'))!;
    const forged = await w.fake.waitForAnswer(w.fake.click(w.admin, `draft:approve:${draft.id}`, { channelId: w.fake.channels.main }));
    assert.ok(w.fake.answerIsEphemeral(forged));
    assert.equal(w.fake.answerText(forged), `There is no draft "${draft.id}" in this channel; see /drafts.`);
    assert.ok(refusedBeforeActing(forged), 'refused before any handler ran');
    assert.equal(await statusOf(draft.id), 'pending_approval');
  });
});
