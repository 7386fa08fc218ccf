// A job on one account's queue whose payload names another account's draft is refused as malformed; its
// failure must not touch that draft (fail it, or tie a dead letter to it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { admin } from '../support/harness.ts';
import { harnessForFile } from '../support/file-harness.ts';
import { eventually } from '../support/eventually.ts';

const h = harnessForFile();

test("a malformed publish job naming another account's draft leaves that draft approved and its dead letter unattached", async () => {
  const actor = admin('chan-foreign');
  const mine = await h.service.addAccount({ blogId: 'foreignmine' }, actor);
  const theirs = await h.service.addAccount({ blogId: 'foreigntheirs' }, actor);
  // Their post, approved and waiting for tomorrow.
  const draft = await h.db.draft.create({
    data: { accountId: theirs.id, topic: '내일 글', title: '내일 글', body: [{ type: 'paragraph', text: '본문' }], tags: [], status: 'approved', publishAt: new Date(Date.now() + 24 * 3600_000) },
  });
  await h.core.queues.add('publish', mine.id, 'publish', { accountId: mine.id, draftId: draft.id }, { jobId: 'forged-publish' });

  const letter = await eventually(() => h.db.deadLetter.findFirst({ where: { jobId: 'forged-publish' } }), 'the dead letter of the forged job', { timeoutMs: 10_000 });
  assert.equal(letter.errorClass, 'invalid_payload');
  assert.equal(letter.draftId, null);
  assert.equal((await h.db.draft.findUniqueOrThrow({ where: { id: draft.id } })).status, 'approved');
  assert.equal(await h.db.draftEvent.count({ where: { draftId: draft.id } }), 0);
});

test('an approved draft whose body cannot be published fails with a dead letter and nothing is published', async () => {
  const actor = admin('chan-unpublishable');
  const account = await h.service.addAccount({ blogId: 'unpublishable' }, actor);
  // A body that is not the article's shape (written by hand or by an older version): nothing can be posted.
  const draft = await h.db.draft.create({
    data: { accountId: account.id, topic: '깨진 글', title: '깨진 글', body: [{ type: 'table', rows: 3 }], tags: [], status: 'approved', publishAt: new Date() },
  });
  await h.core.queues.add('publish', account.id, 'publish', { accountId: account.id, draftId: draft.id }, { jobId: 'unpublishable-publish' });

  const letter = await eventually(() => h.db.deadLetter.findFirst({ where: { jobId: 'unpublishable-publish' } }), 'the dead letter', { timeoutMs: 10_000 });
  assert.equal(letter.errorClass, 'invalid_draft');
  assert.equal(letter.draftId, draft.id);
  const after = await eventually(async () => {
    const d = await h.db.draft.findUniqueOrThrow({ where: { id: draft.id } });
    return d.status === 'publish_failed' ? d : null;
  }, 'the draft failed');
  assert.match(after.lastError ?? '', /no valid title and body/);
  assert.equal(h.publisher.attempts.filter((r) => r.draftId === draft.id).length, 0, 'nothing reached NAVER');
});
