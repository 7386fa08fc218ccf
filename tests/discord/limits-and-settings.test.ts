// One source for limits (src/limits.ts) as members meet them, and the pacing settings of /account settings,
// through the real discord.js client against the fake Discord.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { LIMITS } from '../../src/limits.ts';
import { eventually } from '../support/eventually.ts';
import { startWorld, type World } from './support/discord-world.ts';

let w: World;
before(async () => {
  w = await startWorld();
  await w.addAccount('limitblog', w.fake.channels.main, 'Limit');
});
after(async () => {
  await w?.stop();
});

const counts = async () => ({ drafts: await w.harness.db.draft.count(), schedules: await w.harness.db.schedule.count() });
const topics = (n: number) => Array.from({ length: n }, (_, i) => `주제 ${i + 1}`).join('\n');

describe('limits', () => {
  test('a pool with more topics than a schedule takes is refused as too many topics, not as a topic too long', async () => {
    const before = await counts();
    const en = await w.run(w.admin, 'schedule', 'recurring', { account: 'limitblog', cron: '0 9 * * *', topic: topics(51) });
    assert.match(w.fake.answerText(en), /^A schedule takes at most 20 topics; you gave 51/);
    assert.doesNotMatch(w.fake.answerText(en), /longer than/);
    const ko = await w.run(w.adminKo, 'schedule', 'recurring', { account: 'limitblog', cron: '0 9 * * *', topic: topics(LIMITS.topicsPerSchedule + 1) });
    assert.match(w.fake.answerText(ko), /일정 하나에는 주제를 최대 20개까지 넣을 수 있습니다\. 지금은 21개/);
    assert.ok(w.fake.answerIsEphemeral(en) && w.fake.answerIsEphemeral(ko));
    assert.deepEqual(await counts(), before, 'nothing was created');
    // A full pool is fine.
    const full = await w.run(w.admin, 'schedule', 'recurring', { account: 'limitblog', cron: '0 9 * * *', topic: topics(LIMITS.topicsPerSchedule) });
    assert.match(w.fake.answerText(full), /Created a recurring schedule/);
  });

  test('more keywords than a post takes are refused with the number given, never silently cut', async () => {
    const before = await counts();
    const keywords = Array.from({ length: 25 }, (_, i) => `키워드${i}`).join(', ');
    const post = await w.run(w.admin, 'schedule', 'post', { account: 'limitblog', topic: '키워드 많은 글', keywords });
    assert.equal(w.fake.answerText(post), 'Use at most 10 keywords; you gave 25.');
    const recurring = await w.run(w.adminKo, 'schedule', 'recurring', { account: 'limitblog', cron: '0 9 * * *', topic: '주제', keywords });
    assert.equal(w.fake.answerText(recurring), '키워드는 최대 10개까지 쓸 수 있습니다. 지금은 25개입니다.');
    assert.deepEqual(await counts(), before, 'nothing was created');
  });

  test('the limits Discord shows in its forms are the limits the service enforces', async () => {
    const { loadCommands, commandDefinitions } = await import('../../src/discord/command-registry.ts');
    const defs = commandDefinitions(await loadCommands());
    type Opt = { name: string; max_length?: number; max_value?: number; options?: Opt[]; description_localizations?: Record<string, string> };
    const option = (command: string, sub: string, name: string) =>
      (defs.find((d) => d.name === command)!.options as Opt[]).find((s) => s.name === sub)!.options!.find((o) => o.name === name)!;
    assert.equal(option('schedule', 'post', 'topic').max_length, LIMITS.topicChars);
    assert.equal(option('account', 'settings', 'daily_cap').max_value, LIMITS.dailyCap);
    assert.equal(option('account', 'settings', 'tone').max_length, LIMITS.toneChars);
    assert.equal(option('account', 'settings', 'min_interval').max_value, LIMITS.minIntervalMinutes);
    assert.equal(option('account', 'settings', 'jitter').max_value, LIMITS.jitterMinutes);
    // A value past the form (a forged request) meets the same number on the server.
    const long = await w.run(w.admin, 'schedule', 'post', { account: 'limitblog', topic: '가'.repeat(LIMITS.topicChars + 1) });
    assert.equal(w.fake.answerText(long), `The topic is longer than ${LIMITS.topicChars} characters (${LIMITS.topicChars + 1}); shorten it.`);
    const cap = await w.run(w.adminKo, 'account', 'settings', { account: 'limitblog', daily_cap: LIMITS.dailyCap + 1 });
    assert.equal(w.fake.answerText(cap), `하루 최대 글 수는 0(제한 없음)부터 ${LIMITS.dailyCap}까지의 정수입니다.`);
  });
});

describe('/account settings: pacing and default tags', () => {
  test('allowed hours, minimum interval, jitter and default tags reach the account, and the next post is paced by them', async () => {
    const accountId = await w.addAccount('pacedcmd', w.fake.channels.main, 'Paced');
    const done = await w.run(w.admin, 'account', 'settings', { account: 'pacedcmd', allowed_hours: '9-22', min_interval: 90, jitter: 20, default_tags: '#서울맛집, 카페투어 디저트' });
    assert.match(w.fake.answerText(done), /Updated the settings of Paced \(pacedcmd\)/);
    assert.match(w.fake.answerText(done), /Hours: 9:00–22:00 · Minimum interval: 90 min · Jitter: up to 20 min · Default tags: #서울맛집 #카페투어 #디저트/);
    const a = await w.harness.db.account.findUniqueOrThrow({ where: { id: accountId } });
    assert.deepEqual([a.allowedHourStart, a.allowedHourEnd, a.minIntervalMinutes, a.jitterMinutes, a.defaultTags], [9, 22, 90, 20, ['서울맛집', '카페투어', '디저트']]);

    const ko = await w.run(w.adminKo, 'account', 'settings', { account: 'pacedcmd', jitter: 25 });
    assert.match(w.fake.answerText(ko), /발행 시간: 9:00–22:00 · 최소 간격: 90분 · 무작위 지연: 최대 25분 · 기본 태그: #서울맛집 #카페투어 #디저트/);

    const draft = await w.harness.service.schedulePost({ accountRef: accountId, topic: '페이스 글', keywords: [], publishAt: null }, { userId: w.admin.id, channelId: w.fake.channels.main, guildId: w.fake.guildId });
    await eventually(async () => (await w.harness.db.draft.findUniqueOrThrow({ where: { id: draft.id } })).status === 'pending_approval', 'written', { timeoutMs: 10_000 });
    assert.deepEqual(w.harness.writer.calls.at(-1)!.account.defaultTags, ['서울맛집', '카페투어', '디저트'], 'the writer is given the default tags');
    const approvedAt = Date.now();
    const approved = await w.harness.service.approve(draft.id, { userId: w.admin.id, channelId: w.fake.channels.main, guildId: w.fake.guildId });
    const planned = DateTime.fromJSDate(approved.publishAt!, { zone: 'Asia/Seoul' });
    assert.ok(approved.publishAt!.getTime() >= approvedAt - 1_000, 'never earlier than asked');
    assert.ok(planned.hour >= 9 && planned.hour < 22, `inside 09:00–22:00 Seoul: ${planned.toISO()}`);

    const cleared = await w.run(w.admin, 'account', 'settings', { account: 'pacedcmd', default_tags: '-' });
    assert.match(w.fake.answerText(cleared), /Default tags: —/);
  });

  test('allowed hours that do not make a window are refused and change nothing', async () => {
    const accountId = await w.addAccount('badhours', w.fake.channels.main);
    for (const hours of ['22-6', '9-25', 'nine to five']) {
      const i = await w.run(w.admin, 'account', 'settings', { account: 'badhours', allowed_hours: hours, jitter: 10 });
      assert.match(w.fake.answerText(i), /^Allowed hours are two whole hours from 0 to 24, the first before the second/, hours);
      assert.ok(w.fake.answerIsEphemeral(i));
    }
    const ko = await w.run(w.adminKo, 'account', 'settings', { account: 'badhours', allowed_hours: '18-9' });
    assert.match(w.fake.answerText(ko), /^발행 시간은 0부터 24까지의 정시 두 개로/);
    const a = await w.harness.db.account.findUniqueOrThrow({ where: { id: accountId } });
    assert.deepEqual([a.allowedHourStart, a.allowedHourEnd, a.jitterMinutes], [0, 24, 0], 'nothing changed, not even the valid option given with it');
  });

  test('the new options carry Korean descriptions like the others', async () => {
    const { loadCommands, commandDefinitions } = await import('../../src/discord/command-registry.ts');
    const account = commandDefinitions(await loadCommands()).find((d) => d.name === 'account')!;
    const settings = (account.options as Array<{ name: string; options: Array<{ name: string; description_localizations?: Record<string, string> }> }>).find((s) => s.name === 'settings')!;
    for (const name of ['allowed_hours', 'min_interval', 'jitter', 'default_tags']) {
      const o = settings.options.find((x) => x.name === name);
      assert.ok(o?.description_localizations?.ko, `${name} has a Korean description`);
    }
  });
});
