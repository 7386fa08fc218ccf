// Posts published before the originality check existed carry no signature; a worker signs them at start, so a
// new draft is compared with the whole blog.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, admin, type Harness } from '../support/harness.ts';
import { eventually } from '../support/eventually.ts';
import { cafeArticle, cafeNearCopy } from './articles.ts';

let h: Harness;
before(async () => {
  h = await startHarness({ start: false });
});
after(async () => {
  await h?.stop();
});

test('an older published post gets its signature at start, and a near-copy of it is then flagged', async () => {
  const actor = admin('chan-old');
  const account = await h.service.addAccount({ blogId: 'oldblog' }, actor);
  const old = cafeArticle();
  const post = await h.db.draft.create({
    data: { accountId: account.id, topic: 'old', title: old.title, body: old.blocks, tags: old.tags, status: 'published', publishedUrl: 'https://blog.naver.com/oldblog/1' },
  });
  assert.deepEqual(post.minhash, [], 'no signature before the start');
  await h.core.start();
  await eventually(async () => (await h.db.draft.findUniqueOrThrow({ where: { id: post.id } })).minhash.length === 126, 'the older post signed');

  h.writer.script.push(async () => ({ article: cafeNearCopy(), model: 'fake', usage: { promptTokens: 1, outputTokens: 1, totalTokens: 2 } }));
  h.writer.script.push(async () => ({ article: cafeNearCopy(), model: 'fake', usage: { promptTokens: 1, outputTokens: 1, totalTokens: 2 } }));
  const draft = await h.service.schedulePost({ accountRef: 'oldblog', topic: '성수동 카페', keywords: [], publishAt: null }, actor);
  const written = await eventually(async () => {
    const d = await h.db.draft.findUniqueOrThrow({ where: { id: draft.id } });
    return d.status === 'pending_approval' ? d : null;
  }, 'the draft written');
  assert.deepEqual(written.flags, ['originality']);
  assert.equal(h.writer.calls.length, 2, 'written again once');
  assert.deepEqual(h.writer.calls[1]!.avoidTitles, [old.title]);
});
