import { test } from 'node:test';
import assert from 'node:assert/strict';
import { admin } from '../support/harness.ts';
import { harnessForFile } from '../support/file-harness.ts';
import { eventually } from '../support/eventually.ts';
import { LimitError } from '../../src/limits.ts';
import { refused } from '../support/refusals.ts';

const h = harnessForFile();

const { statusOf } = h;

test('a post goes from a generate job to published, with its audit trail', async () => {
  const actor = admin('chan-flow');
  const account = await h.service.addAccount({ blogId: 'flowblog', label: '흐름' }, actor);
  const draft = await h.service.schedulePost({ accountRef: account.id, topic: '서울 맛집', keywords: ['맛집'], publishAt: null }, actor);
  assert.equal(draft.status, 'generating');

  await eventually(async () => (await statusOf(draft.id)) === 'pending_approval', 'draft waiting for approval');
  const saved = await h.db.draft.findUniqueOrThrow({ where: { id: draft.id } });
  assert.equal(saved.title, '서울 맛집 완벽 정리');
  assert.equal(saved.model, 'fake-model');
  assert.equal(saved.totalTokens, 30);
  assert.deepEqual(h.writer.calls[0]?.keywords, ['맛집']);

  await h.service.approve(draft.id, actor);
  await eventually(async () => (await statusOf(draft.id)) === 'published', 'draft published');
  const published = await h.db.draft.findUniqueOrThrow({ where: { id: draft.id } });
  assert.match(published.publishedUrl ?? '', /^https:\/\/blog\.naver\.com\/flowblog\/\d+$/);
  assert.equal(h.publisher.posts.size, 1);

  const events = await h.db.draftEvent.findMany({ where: { draftId: draft.id }, orderBy: { createdAt: 'asc' } });
  assert.deepEqual(
    events.map((e) => e.action),
    ['requested', 'submitted', 'approved', 'publish_started', 'publish_submitted', 'published'],
  );
  const approved = events.find((e) => e.action === 'approved')!;
  assert.equal(approved.actor, actor.userId);
  assert.equal(approved.fromStatus, 'pending_approval');
  assert.equal(approved.toStatus, 'approved');
  // the channel heard about every step
  // (the status is saved first, then the channel is told)
  for (const a of ['writing', 'submitted', 'approved', 'publish_started', 'published']) {
    await eventually(() => h.notifier.draftActions(draft.id).includes(a), `notice ${a}`, { timeoutMs: 5_000 });
  }
});

test('a double click on Approve makes one publish job and one post', async () => {
  const actor = admin('chan-double');
  const account = await h.service.addAccount({ blogId: 'doubleblog' }, actor);
  const draft = await h.service.schedulePost({ accountRef: account.id, topic: '두 번 클릭', keywords: [], publishAt: null }, actor);
  await eventually(async () => (await statusOf(draft.id)) === 'pending_approval', 'the draft written');
  const results = await Promise.allSettled([h.service.approve(draft.id, actor), h.service.approve(draft.id, actor)]);
  assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
  const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
  assert.match(refused.reason.message, /cannot be approved now/);
  await eventually(async () => (await statusOf(draft.id)) === 'published', 'the draft published');
  assert.equal([...h.publisher.posts.values()].filter((p) => p.blogId === 'doubleblog').length, 1);
  assert.equal(await h.db.draftEvent.count({ where: { draftId: draft.id, action: 'approved' } }), 1);
});

test('a draft of an account not linked to the channel cannot be approved from there', async () => {
  const owner = admin('chan-owner');
  const account = await h.service.addAccount({ blogId: 'ownedblog' }, owner);
  const draft = await h.service.schedulePost({ accountRef: account.id, topic: '남의 채널', keywords: [], publishAt: null }, owner);
  await eventually(async () => (await statusOf(draft.id)) === 'pending_approval', 'the draft written');
  await assert.rejects(h.service.approve(draft.id, admin('chan-other')), refused('not_here', /There is no draft ".+" in this channel/));
  assert.equal(await statusOf(draft.id), 'pending_approval');
});

test('bad requests are refused with one sentence and create nothing', async () => {
  const actor = admin('chan-bad');
  const account = await h.service.addAccount({ blogId: 'badinput' }, actor);
  const before = await h.db.draft.count();
  await assert.rejects(h.service.schedulePost({ accountRef: account.id, topic: 'x'.repeat(201), keywords: [], publishAt: null }, actor), (err: unknown) => err instanceof LimitError && err.limit === 'topicChars' && err.params.given === 201);
  await assert.rejects(h.service.schedulePost({ accountRef: account.id, topic: '과거', keywords: [], publishAt: new Date(Date.now() - 3600_000) }, actor), refused('publish_at_past', /in the past/));
  await assert.rejects(h.service.schedulePost({ accountRef: 'nosuchblog', topic: '주제', keywords: [], publishAt: null }, actor), refused('not_here', /no account "nosuchblog"/));
  await assert.rejects(h.service.addAccount({ blogId: 'a b' }, actor), refused('blog_id_invalid', /blog id/));
  assert.equal(await h.db.draft.count(), before);
});

test('editing a draft saves the new title and body; an invalid edit changes nothing', async () => {
  const actor = admin('chan-edit');
  const account = await h.service.addAccount({ blogId: 'editblog' }, actor);
  const draft = await h.service.schedulePost({ accountRef: account.id, topic: '수정', keywords: [], publishAt: null }, actor);
  await eventually(async () => (await statusOf(draft.id)) === 'pending_approval', 'the draft written');
  await h.service.edit(draft.id, { title: '새 제목', bodyText: '■ 소제목\n\n첫 문단입니다.\n\n• 하나\n• 둘' }, actor);
  const saved = await h.db.draft.findUniqueOrThrow({ where: { id: draft.id } });
  assert.equal(saved.title, '새 제목');
  assert.deepEqual(saved.body, [
    { type: 'heading', text: '소제목' },
    { type: 'paragraph', text: '첫 문단입니다.' },
    { type: 'list', ordered: false, items: ['하나', '둘'] },
  ]);
  await assert.rejects(h.service.edit(draft.id, { title: '', bodyText: '본문' }, actor), refused('edit_invalid', /edited title is not valid/));
  assert.equal((await h.db.draft.findUniqueOrThrow({ where: { id: draft.id } })).title, '새 제목');
});

test('pacing delays a second approved post by the minimum interval instead of dropping it', async () => {
  const actor = admin('chan-pacing');
  const account = await h.service.addAccount({ blogId: 'pacedblog' }, actor);
  await h.service.updateSettings(account.id, { minIntervalMinutes: 30, dailyCap: 0, allowedHourStart: 0, allowedHourEnd: 24 }, actor);
  const first = await h.service.schedulePost({ accountRef: account.id, topic: '첫 글', keywords: [], publishAt: null }, actor);
  const second = await h.service.schedulePost({ accountRef: account.id, topic: '둘째 글', keywords: [], publishAt: null }, actor);
  await eventually(async () => (await statusOf(first.id)) === 'pending_approval' && (await statusOf(second.id)) === 'pending_approval', 'both drafts written');
  await h.service.approve(first.id, actor);
  await eventually(async () => (await statusOf(first.id)) === 'published', 'the first draft published');
  const approved = await h.service.approve(second.id, actor);
  const publishedAt = (await h.db.draft.findUniqueOrThrow({ where: { id: first.id } })).publishedAt!;
  assert.ok(approved.publishAt!.getTime() >= publishedAt.getTime() + 30 * 60_000, 'planned at least 30 minutes after the first post');
  const job = await h.core.queues.queue('publish', account.id).getJob(`publish-${second.id}`);
  assert.equal(await job?.getState(), 'delayed');
  assert.ok((job!.delay ?? 0) > 29 * 60_000);
  assert.equal(await statusOf(second.id), 'approved');
});

test('approvals clicked at the same moment on a paced account each get their own slot, an interval apart', async () => {
  const actor = admin('chan-pacing-burst');
  const account = await h.service.addAccount({ blogId: 'pacedburst' }, actor);
  await h.service.updateSettings(account.id, { minIntervalMinutes: 45, dailyCap: 0, allowedHourStart: 0, allowedHourEnd: 24 }, actor);
  const drafts: Array<{ id: string }> = [];
  for (let i = 0; i < 5; i++) drafts.push(await h.service.schedulePost({ accountRef: account.id, topic: `동시 승인 ${i}`, keywords: [], publishAt: null }, actor));
  await eventually(async () => (await Promise.all(drafts.map((d) => statusOf(d.id)))).every((s) => s === 'pending_approval'), 'every draft written');
  // Publishing is held back so that every approved draft still counts as planned when the next slot is chosen.
  await h.core.queues.queue('publish', account.id).pause();

  const approved = await Promise.all(drafts.map((d) => h.service.approve(d.id, actor)));

  const slots = approved.map((a) => a.publishAt!.getTime()).sort((a, b) => a - b);
  for (let i = 1; i < slots.length; i++) assert.ok(slots[i]! - slots[i - 1]! >= 45 * 60_000, `slot ${i} is 45 minutes after slot ${i - 1}`);
  const saved = await h.db.draft.findMany({ where: { id: { in: drafts.map((d) => d.id) } }, select: { plannedAt: true } });
  assert.deepEqual(saved.map((d) => d.plannedAt!.getTime()).sort((a, b) => a - b), slots, 'the planned times are saved as told');
});
