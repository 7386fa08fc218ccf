// A ROLE=worker replica never joins the gateway: it knows no guild, and posts its notifications over REST
// only. Its approval prompts and alerts must still reach the channel.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { createDiscordBot, type DiscordBot } from '../../src/discord/bot.ts';
import type { DraftMessages, MessageRef } from '../../src/discord/draft-messages.ts';
import { FakeDiscord, buttons, messageText } from '../fakes/fake-discord/index.ts';

let fake: FakeDiscord;
let bot: DiscordBot;
const recorded = new Map<string, MessageRef[]>();

before(async () => {
  fake = await FakeDiscord.start();
  // Where a draft's messages are, kept in memory (the table is not what this test is about).
  const messages: DraftMessages = {
    of: async (draftId) => recorded.get(draftId) ?? [],
    record: async (draftId, ref) => void recorded.set(draftId, [...(recorded.get(draftId) ?? []), ref]),
  };
  bot = createDiscordBot({
    token: fake.token,
    apiUrl: fake.apiUrl,
    applicationId: fake.applicationId,
    messages,
    logger: pino({ level: 'silent' }),
    defaultTimezone: 'Asia/Seoul',
    rest: { retries: 0, timeout: 5_000 },
  });
  // No start(): a worker replica does not log in to the gateway.
});

after(async () => {
  await bot.stop();
  await fake.stop();
});

test('a worker replica without the gateway posts dead-letter alerts, login alerts and approval prompts to the channel', async () => {
  const channelIds = [fake.channels.main];
  await bot.notifier.notify({
    kind: 'dead_letter',
    deadLetterId: 'dl-1',
    queue: 'publish_acc1',
    accountId: 'acc1',
    blogId: 'cafeblog',
    draftId: null,
    channelIds,
    errorClass: 'timeout',
    errorMessage: 'Publishing to NAVER did not finish within 30 s and was aborted.',
    attempts: 5,
    screenshotPath: null,
  });
  await bot.notifier.notify({ kind: 'needs_login', accountId: 'acc1', blogId: 'cafeblog', channelIds, reason: 'captcha', message: 'NAVER asked for a captcha.' });
  await bot.notifier.notify({
    kind: 'draft',
    draft: {
      draftId: 'draft1',
      accountId: 'acc1',
      blogId: 'cafeblog',
      accountLabel: null,
      channelIds,
      status: 'pending_approval',
      topic: '성수동 카페',
      title: '성수동 카페 투어 후기',
      article: { title: '성수동 카페 투어 후기', blocks: [{ type: 'paragraph', text: '주말에 다녀왔습니다.' }], tags: [] },
      publishAt: null,
      publishedUrl: null,
      errorClass: null,
      errorMessage: null,
      screenshotPath: null,
      actor: 'system',
      action: 'submitted',
    },
  });

  const posted = fake.channelMessages(fake.channels.main);
  assert.ok(posted.some((m) => buttons(m).some((b) => b.customId === 'dlq:retry:dl-1')), 'the dead-letter alert with Retry');
  assert.ok(posted.some((m) => m.content.startsWith('🔐') && m.content.includes('cafeblog')), 'the login alert');
  const prompt = posted.find((m) => buttons(m).some((b) => b.customId === 'draft:approve:draft1'));
  assert.ok(prompt, 'the approval prompt');
  assert.match(messageText(prompt), /성수동 카페 투어 후기/);

  // And the prompt is edited in place as the draft moves on.
  await bot.notifier.notify({
    kind: 'draft',
    draft: { ...(await draftNotice('published')), publishedUrl: 'https://blog.naver.com/cafeblog/223400000001' },
  });
  assert.match(messageText(fake.message(prompt.id)), /223400000001/);
});

async function draftNotice(status: string) {
  return {
    draftId: 'draft1',
    accountId: 'acc1',
    blogId: 'cafeblog',
    accountLabel: null,
    channelIds: [fake.channels.main],
    status,
    topic: '성수동 카페',
    title: '성수동 카페 투어 후기',
    article: { title: '성수동 카페 투어 후기', blocks: [{ type: 'paragraph' as const, text: '주말에 다녀왔습니다.' }], tags: [] },
    publishAt: null,
    publishedUrl: null,
    errorClass: null,
    errorMessage: null,
    screenshotPath: null,
    actor: 'system',
    action: status,
  };
}
