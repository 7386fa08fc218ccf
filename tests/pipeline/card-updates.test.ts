// A publish job hands its draft card update to Discord and goes on: the account's next job does not wait for a
// slow Discord. Nothing is lost for it: an update still owed when a process stops is sent at the next start,
// rendered from the database, and crossed off in Redis once delivered; when Redis lost its data, the cards that
// wait on a person are shown again.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buttons, messageText, type RecordedRequest, type StoredMessage } from '../fakes/fake-discord/index.ts';
import { eventually } from '../support/eventually.ts';
import { deleteKeys, quietLogger } from '../support/harness.ts';
import { startWorld, type World } from '../discord/support/discord-world.ts';
import { publishJobId } from '../../src/queues/jobs.ts';
import { JobNotices } from '../../src/drafts/job-notices.ts';
import { draftNotice } from '../../src/drafts/notices.ts';
import type { Actor } from '../../src/service-api.ts';

let w: World;
let actor: Actor;
before(async () => {
  w = await startWorld();
  actor = { userId: w.admin.id, channelId: w.fake.channels.main, guildId: w.fake.guildId, manageServer: true };
});
after(async () => {
  await w?.stop();
});

const owedKey = () => `${w.harness.config.QUEUE_PREFIX}:cards-owed`;

async function promptFor(accountId: string, topic: string): Promise<{ draftId: string; prompt: StoredMessage }> {
  const { id: draftId } = await w.harness.service.schedulePost({ accountRef: accountId, topic, keywords: [], publishAt: null }, actor);
  const prompt = await eventually(() => {
    const m = w.promptOf(draftId);
    return m && buttons(m).length === 5 ? m : null;
  }, `the approval prompt of "${topic}"`);
  return { draftId, prompt };
}

const approve = (p: { draftId: string; prompt: StoredMessage }) => w.fake.click(w.admin, `draft:approve:${p.draftId}`, { messageId: p.prompt.id });

/** Holds the first REST request `match` accepts until `release()`. */
function holdFirst(match: (r: RecordedRequest) => boolean) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let caught: RecordedRequest | null = null;
  w.fake.hold = (r) => {
    if (caught || !match(r)) return undefined;
    caught = r;
    return gate;
  };
  return {
    caught: () => caught,
    release: () => {
      w.fake.hold = null;
      release();
    },
  };
}

describe('draft card updates of publish jobs', () => {
  test('a publish job completes and the account’s next job starts while its card update is still on its way to Discord', async () => {
    const accountId = await w.addAccount('cardblog');
    const first = await promptFor(accountId, '첫 번째 글');
    const second = await promptFor(accountId, '두 번째 글');
    // Discord is slow to edit the first card to "published" (its link is in the edit).
    const hold = holdFirst((r) => r.method === 'PATCH' && r.path.endsWith(`/messages/${first.prompt.id}`) && r.text.includes('blog.naver.com/cardblog/'));
    try {
      approve(first);
      await eventually(() => hold.caught(), 'the published card of the first post held at Discord');
      approve(second);
      const queue = w.harness.core.queues.queue('publish', accountId);
      // The REST client gives up on a request after 5 s: well before that, the job must not be waiting for it.
      await eventually(async () => (await queue.getJob(publishJobId(second.draftId)))?.processedOn, 'the second post’s publish job active', { timeoutMs: 3_000 });
      assert.equal(await (await queue.getJob(publishJobId(first.draftId)))?.getState(), 'completed');
      assert.equal(await w.harness.core.redis.hexists(owedKey(), first.draftId), 1, 'the held update is owed in Redis');
    } finally {
      hold.release();
    }
    const post = w.harness.publisher.posts.get(first.draftId)!;
    await eventually(() => messageText(w.fake.message(first.prompt.id)!).includes(post.url), 'the first card shows its link');
    await eventually(async () => (await w.harness.core.redis.hlen(owedKey())) === 0, 'every delivered card update crossed off in Redis');
    assert.ok(!w.logs.some((l) => l.includes('could not edit a draft message')), 'no card edit was given up');
  });

  test('a card update owed when the process stopped is sent at the next start from the database, then crossed off', async () => {
    const accountId = await w.addAccount('owedblog');
    const { draftId, prompt } = await promptFor(accountId, '못 보낸 카드');
    // The process published and committed, then died before Discord heard of it: its notifier never answered.
    const url = 'https://blog.naver.com/owedblog/777';
    await w.harness.db.draft.update({ where: { id: draftId }, data: { status: 'published', publishedUrl: url, publishedAt: new Date() } });
    const dying = new JobNotices({ notifier: { notify: () => new Promise<void>(() => undefined) }, redis: w.harness.core.redis, prefix: w.harness.config.QUEUE_PREFIX, db: w.harness.db, logger: quietLogger() });
    await dying.notify({ kind: 'draft', draft: (await draftNotice(w.harness.db, draftId, 'system', 'published'))! });
    await eventually(async () => (await w.harness.core.redis.hexists(owedKey(), draftId)) === 1, 'the update owed in Redis');
    assert.equal(await dying.settled(50), false, 'the update was never delivered');
    assert.ok(!messageText(w.fake.message(prompt.id)!).includes(url));

    // The next start: a worker replica with the channel's notifier.
    await w.harness.replica({ notifier: w.bot.notifier });
    await eventually(() => messageText(w.fake.message(prompt.id)!).includes(url), 'the card shows the published post');
    await eventually(async () => (await w.harness.core.redis.hlen(owedKey())) === 0, 'the delivered update crossed off in Redis');
  });

  test('a draft whose first card was owed only in Redis gets it, with its buttons, when Redis lost its data before the next start', async () => {
    const accountId = await w.addAccount('lostblog');
    const shown = await promptFor(accountId, '보여 준 글');
    const written = await w.harness.db.draft.findUniqueOrThrow({ where: { id: shown.draftId } });
    // A replica saved this draft for approval and died before Discord heard of it: its card was owed in Redis only.
    const lost = await w.harness.db.draft.create({
      data: {
        accountId,
        topic: '카드를 잃은 글',
        status: 'pending_approval',
        title: written.title,
        body: written.body ?? undefined,
        tags: written.tags,
        events: { create: { actor: 'system', action: 'submitted', fromStatus: 'generating', toStatus: 'pending_approval' } },
      },
    });
    const dying = new JobNotices({ notifier: { notify: () => new Promise<void>(() => undefined) }, redis: w.harness.core.redis, prefix: w.harness.config.QUEUE_PREFIX, db: w.harness.db, logger: quietLogger() });
    await dying.notify({ kind: 'draft', draft: (await draftNotice(w.harness.db, lost.id, 'system', 'submitted'))! });
    await eventually(async () => (await w.harness.core.redis.hexists(owedKey(), lost.id)) === 1, 'the card owed in Redis');
    // Then Redis lost its data (a restart of a Redis that keeps nothing on disk), the owed card with it.
    await deleteKeys(w.harness.config.QUEUE_PREFIX, w.harness.config.REDIS_URL);
    assert.equal(w.promptOf(lost.id), undefined);

    await w.harness.replica({ notifier: w.bot.notifier });
    const card = await eventually(() => {
      const m = w.promptOf(lost.id);
      return m && buttons(m).length === 5 ? m : null;
    }, 'the card of the draft waiting for approval, with its buttons');
    assert.ok(messageText(card).includes('카드를 잃은 글') || messageText(card).includes(written.title ?? ''), messageText(card));
    const cardsOf = (draftId: string) => w.fake.channelMessages(w.fake.channels.main).filter((m) => m.embeds.some((e) => e.footer?.text?.includes(draftId)));
    assert.equal(cardsOf(shown.draftId).length, 1, 'a draft whose card was delivered is edited, not posted again');
    await eventually(async () => (await w.harness.core.redis.hlen(owedKey())) === 0, 'the cards shown again crossed off in Redis');

    // Redis is known whole again: a further start shows nothing again (a card it showed would be owed by now).
    await w.harness.replica({ notifier: w.bot.notifier });
    assert.equal(await w.harness.core.redis.hlen(owedKey()), 0, 'no card shown again while Redis kept its data');
    assert.equal(cardsOf(lost.id).length, 1);
  });
});
