// Slash commands as members use them: clear ephemeral refusals for bad options, both languages, autocomplete,
// the login modal that never leaks, session import, settings, /drafts paging, /queue, /schedule recurring.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buttons, messageText } from '../fakes/fake-discord/index.ts';
import { latestDraft, startWorld, type World } from './support/discord-world.ts';

let w: World;
let mainAccountId: string;
before(async () => {
  w = await startWorld();
  mainAccountId = await w.addAccount('cmdblog', w.fake.channels.main, 'Cmd');
});
after(async () => {
  await w?.stop();
});

const draftCount = () => w.harness.db.draft.count();

describe('bad options', () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    ['an unknown account', { account: 'nosuchblog', topic: '주제' }, /no account "nosuchblog"/],
    ['a topic over 200 characters', { account: 'cmdblog', topic: '가'.repeat(201) }, /longer than 200 characters/],
    ['publish_at in the past', { account: 'cmdblog', topic: '주제', publish_at: '2020-01-01 09:00' }, /in the past/],
    ['an unparsable publish_at', { account: 'cmdblog', topic: '주제', publish_at: 'next tuesday-ish' }, /not a time I understand/],
    ['a publish_at beyond any calendar', { account: 'cmdblog', topic: '주제', publish_at: 'in 99999999999999d' }, /^"in 99999999999999d" is more than a year ahead; pick a time up to \d{4}-\d\d-\d\d \d\d:\d\d \(\w+\) Asia\/Seoul, like "2026-12-01 09:00" or "in 2h"/],
    ['a publish_at in the year 9999', { account: 'cmdblog', topic: '주제', publish_at: '9999-12-31 23:59' }, /is more than a year ahead/],
  ];
  for (const [what, options, expected] of cases) {
    test(`${what} gets one ephemeral sentence and creates nothing`, async () => {
      const before = await draftCount();
      const i = await w.run(w.admin, 'schedule', 'post', options);
      await w.fake.waitFor(() => w.fake.answerIsEphemeral(i), 'an ephemeral answer');
      assert.match(w.fake.answerText(i), expected);
      assert.equal(w.fake.answerText(i).split('\n').length, 1, 'one sentence');
      assert.ok(!w.fake.channelMessages(w.fake.channels.main).some((m) => m.interactionId === i.id), 'nothing public is left behind');
      // The refusal is the last thing the router does with the command: nothing can be created after it.
      assert.ok(w.logs.some((l) => l.includes('"msg":"refused an interaction"') && l.includes(`"interactionId":"${i.id}"`)), 'the command was refused');
      assert.equal(await draftCount(), before);
    });
  }

  test('a Korean member gets the refusal in Korean', async () => {
    const i = await w.run(w.adminKo, 'schedule', 'post', { account: 'cmdblog', topic: '주제', publish_at: '어제쯤' });
    assert.match(w.fake.answerText(i), /알 수 없는 시간입니다/);
    const far = await w.run(w.adminKo, 'schedule', 'post', { account: 'cmdblog', topic: '주제', publish_at: '9999-12-31 23:59' });
    assert.match(w.fake.answerText(far), /1년보다 먼 시간입니다.*"2시간 후"/);
  });

  test('refusals from the service are in Korean for a Korean member, in English for others', async () => {
    const ko = await w.run(w.adminKo, 'account', 'add', { blog_id: 'cmdblog' });
    assert.equal(w.fake.answerText(ko), 'cmdblog 계정은 이미 이 채널에 연결되어 있습니다.');
    const en = await w.run(w.admin, 'account', 'add', { blog_id: 'cmdblog' });
    assert.equal(w.fake.answerText(en), 'The account cmdblog is already linked to this channel.');
    const cron = await w.run(w.adminKo, 'schedule', 'recurring', { account: 'cmdblog', cron: '0 9 * *', topic: '주제' });
    assert.match(w.fake.answerText(cron), /올바른 cron 식이 아닙니다.*0 9 \* \* \*/);
  });
});

describe('publish_at', () => {
  test('an absolute time is read in Asia/Seoul; relative ones count from now', async () => {
    // Six months from now (publish_at takes at most a year ahead), 09:00 in Seoul = 00:00 UTC.
    const day = new Date(Date.now() + 183 * 86_400_000).toISOString().slice(0, 10);
    await w.run(w.admin, 'schedule', 'post', { account: 'cmdblog', topic: '절대 시각', publish_at: `${day} 09:00` });
    assert.equal((await latestDraft(w, 'cmdblog'))!.publishAt!.toISOString(), `${day}T00:00:00.000Z`);
    for (const [input, minutes] of [['in 2h', 120], ['2시간 후', 120], ['in 30m', 30], ['in 1d', 1440]] as const) {
      const sentAt = Date.now();
      await w.run(w.admin, 'schedule', 'post', { account: 'cmdblog', topic: `상대 ${input}`, publish_at: input });
      const answeredAt = Date.now();
      const at = (await latestDraft(w, 'cmdblog'))!.publishAt!.getTime();
      // "now" is some instant between sending the command and reading its answer.
      const shift = minutes * 60_000;
      assert.ok(at >= sentAt + shift && at <= answeredAt + shift, `${input} → ${new Date(at).toISOString()}`);
    }
  });
});

describe('languages', () => {
  test('replies follow the member’s locale; command definitions carry Korean localizations', async () => {
    const en = await w.run(w.admin, 'account', 'list');
    assert.match(w.fake.answerText(en), /Accounts linked to this channel/);
    assert.match(w.fake.answerText(en), /NAVER search check: off \(the operator has not set NAVER_SEARCH_CLIENT_ID and NAVER_SEARCH_CLIENT_SECRET\)/);
    assert.match(w.fake.answerText(en), /Cmd \(cmdblog\)/);
    const ko = await w.run(w.adminKo, 'account', 'list');
    assert.match(w.fake.answerText(ko), /이 채널에 연결된 계정/);

    const { loadCommands, commandDefinitions } = await import('../../src/discord/command-registry.ts');
    const defs = commandDefinitions(await loadCommands());
    assert.deepEqual(defs.map((d) => d.name).sort(), ['account', 'dlq', 'draft', 'drafts', 'queue', 'report', 'schedule']);
    for (const d of defs) {
      assert.ok(d.name_localizations?.ko, `${d.name} has a Korean name`);
      assert.ok(d.description_localizations?.ko, `${d.name} has a Korean description`);
    }
    const perms = Object.fromEntries(defs.map((d) => [d.name, d.default_member_permissions ?? null]));
    assert.deepEqual(perms, { account: '32', dlq: '32', draft: null, drafts: null, queue: null, report: null, schedule: null });
  });

  test('a Korean member’s post is shown in Korean', async () => {
    const i = await w.run(w.adminKo, 'schedule', 'post', { account: 'cmdblog', topic: '한국어 글' });
    const prompt = await w.fake.waitFor(() => (buttons(w.fake.message(i.originalId)).length === 5 ? w.fake.message(i.originalId) : null), 'prompt');
    assert.deepEqual(buttons(prompt).map((b) => b.label), ['승인', '거절', '다시 쓰기', '수정', '미리보기']);
    assert.match(messageText(prompt), /승인을 기다리고 있습니다/);
  });
});

describe('autocomplete', () => {
  test('offers at most 25 accounts, only those linked to this channel, as "label (blogId)" → id', async () => {
    const actor = { userId: w.admin.id, channelId: w.fake.channels.third, guildId: w.fake.guildId };
    for (let n = 0; n < 27; n++) await w.harness.service.addAccount({ blogId: `auto${String(n).padStart(2, '0')}`, label: `Auto ${n}` }, actor);
    const all = await w.fake.waitForAnswer(w.fake.autocomplete(w.admin, 'schedule', 'post', { account: '' }, 'account', { channelId: w.fake.channels.third }));
    assert.equal(all.autocompleteChoices!.length, 25);
    assert.ok(all.autocompleteChoices!.every((c) => /^Auto \d+ \(auto\d\d\)$/.test(c.name)));
    const ids = new Set((await w.harness.db.account.findMany({ where: { blogId: { startsWith: 'auto' } } })).map((a) => a.id));
    assert.ok(all.autocompleteChoices!.every((c) => ids.has(String(c.value))));

    const some = await w.fake.waitForAnswer(w.fake.autocomplete(w.admin, 'drafts', null, { account: 'auto1' }, 'account', { channelId: w.fake.channels.third }));
    assert.deepEqual(some.autocompleteChoices!.map((c) => c.name).sort(), Array.from({ length: 10 }, (_, k) => `Auto 1${k} (auto1${k})`).sort());
    const elsewhere = await w.fake.waitForAnswer(w.fake.autocomplete(w.admin, 'queue', null, { account: 'auto' }, 'account', { channelId: w.fake.channels.main }));
    assert.deepEqual(elsewhere.autocompleteChoices, []);
  });
});

describe('credentials and sessions', () => {
  const username = 'naver_user_7731';
  const password = 'S3cret-Pa55!';

  test('the login modal stores the credentials; they never appear in any message or log', async () => {
    const open = await w.run(w.admin, 'account', 'login', { account: mainAccountId });
    const modal = open.modal;
    assert.equal(modal.custom_id, `account:login:${mainAccountId}`);
    assert.deepEqual(modal.components.map((c: { component: { custom_id: string } }) => c.component.custom_id), ['username', 'password']);
    const saved = await w.fake.waitForAnswer(w.fake.submitModal(w.admin, modal.custom_id, { username, password }));
    assert.ok(w.fake.answerIsEphemeral(saved));
    assert.match(w.fake.answerText(saved), /Saved the login for Cmd \(cmdblog\)/);
    const account = await w.harness.db.account.findUniqueOrThrow({ where: { id: mainAccountId } });
    assert.ok(account.credentialsEnc && !account.credentialsEnc.includes(password));
    assert.ok(!w.fake.allSentText().includes(password) && !w.fake.allSentText().includes(username), 'nothing sent to Discord holds them');
    assert.ok(!w.logs.join('').includes(password) && !w.logs.join('').includes(username), 'no log line holds them');
  });

  test('/account session downloads the attached JSON and imports its cookies', async () => {
    const state = { cookies: [{ name: 'NID_AUT', value: 'a', domain: '.naver.com', path: '/' }, { name: 'NID_SES', value: 'b', domain: '.naver.com', path: '/' }], origins: [] };
    const ok = await w.run(w.admin, 'account', 'session', { account: 'cmdblog', file: w.fake.attachment('state.json', JSON.stringify(state)) });
    assert.match(w.fake.answerText(ok), /Imported a browser session with 2 cookies for Cmd \(cmdblog\)/);
    assert.ok((await w.harness.db.account.findUniqueOrThrow({ where: { id: mainAccountId } })).sessionEnc);
    const bad = await w.run(w.admin, 'account', 'session', { account: 'cmdblog', file: w.fake.attachment('state.json', 'not json') });
    assert.match(w.fake.answerText(bad), /not JSON/);
    assert.ok(w.fake.answerIsEphemeral(bad));
  });

  test('/account session with a cookie of another site names that cookie and stores nothing', async () => {
    const stored = async () => (await w.harness.db.account.findUniqueOrThrow({ where: { id: mainAccountId } })).sessionEnc;
    const before = await stored();
    const state = { cookies: [{ name: 'NID_AUT', value: 'a', domain: '.naver.com', path: '/' }, { name: 'sid', value: 'b', domain: '.example.com', path: '/' }], origins: [] };
    const en = await w.run(w.admin, 'account', 'session', { account: 'cmdblog', file: w.fake.attachment('state.json', JSON.stringify(state)) });
    assert.ok(w.fake.answerIsEphemeral(en));
    assert.equal(w.fake.answerText(en), 'Cookie 2 ("sid") is for ".example.com", not for NAVER: export only NAVER’s cookies.');
    const expired = [{ name: 'NID_SES', value: 'a', domain: '.naver.com', path: '/', expirationDate: 1_600_000_000 }];
    const ko = await w.run(w.adminKo, 'account', 'session', { account: 'cmdblog', file: w.fake.attachment('cookies.json', JSON.stringify(expired)) });
    assert.equal(w.fake.answerText(ko), '1번째 쿠키("NID_SES")는 2020-09-13에 만료되었습니다. 네이버에 다시 로그인한 뒤 새 세션을 내보내 주세요.');
    assert.equal(await stored(), before, 'the stored session is untouched');
  });

  test('/account settings changes only what is given', async () => {
    const done = await w.run(w.admin, 'account', 'settings', { account: 'cmdblog', auto_approve: true, daily_cap: 5, visibility: 'private', tone: '친근한 말투' });
    assert.match(w.fake.answerText(done), /Updated the settings of Cmd \(cmdblog\)/);
    assert.match(w.fake.answerText(done), /Auto-approve: on · Daily cap: 5 · Visibility: private/);
    const a = await w.harness.db.account.findUniqueOrThrow({ where: { id: mainAccountId } });
    assert.deepEqual([a.autoApprove, a.dailyCap, a.visibility, a.tone, a.category], [true, 5, 'private', '친근한 말투', null]);
    const nothing = await w.run(w.admin, 'account', 'settings', { account: 'cmdblog' });
    assert.match(w.fake.answerText(nothing), /at least one setting/);
    await w.harness.db.account.update({ where: { id: mainAccountId }, data: { autoApprove: false } });
  });
});

describe('/drafts and /queue', () => {
  test('/drafts lists only this channel’s drafts, newest first, paged with ◀ ▶', async () => {
    const here = await w.harness.db.account.findFirstOrThrow({ where: { blogId: 'auto00' } });
    const elsewhere = await w.addAccount('elsewhere', w.fake.channels.other);
    const t0 = Date.now();
    for (let n = 0; n < 7; n++) {
      await w.harness.db.draft.create({ data: { accountId: here.id, topic: `여기 ${n}`, title: `여기 제목 ${n}`, status: 'pending_approval', createdAt: new Date(t0 - (7 - n) * 60_000) } });
    }
    await w.harness.db.draft.create({ data: { accountId: elsewhere, topic: '저기', title: '다른 채널 제목', status: 'pending_approval' } });

    const list = await w.run(w.admin, 'drafts', null, {}, { channelId: w.fake.channels.third });
    const page1 = messageText(w.fake.answer(list));
    assert.ok(w.fake.answerIsEphemeral(list));
    assert.match(page1, /Page 1\/2 · 7 drafts/);
    assert.ok(page1.indexOf('여기 제목 6') < page1.indexOf('여기 제목 2'), 'newest first');
    assert.doesNotMatch(page1, /여기 제목 1\b/);
    assert.doesNotMatch(page1, /다른 채널 제목/);

    const next = buttons(w.fake.answer(list)).find((b) => b.label.includes('▶'))!;
    await w.fake.waitForAnswer(w.fake.click(w.admin, next.customId!, { messageId: list.originalId! }));
    const page2 = messageText(w.fake.answer(list));
    assert.match(page2, /Page 2\/2/);
    assert.match(page2, /여기 제목 1/);
    assert.match(page2, /여기 제목 0/);
    assert.ok(buttons(w.fake.answer(list)).find((b) => b.label.includes('▶'))!.disabled);
    const prev = buttons(w.fake.answer(list)).find((b) => b.label.includes('◀'))!;
    await w.fake.waitForAnswer(w.fake.click(w.admin, prev.customId!, { messageId: list.originalId! }));
    assert.match(messageText(w.fake.answer(list)), /Page 1\/2/);
  });

  test('/queue shows waiting/active/delayed/failed per account and the dead-letter count', async () => {
    const q = await w.run(w.admin, 'queue', null, {}, { channelId: w.fake.channels.main });
    const text = w.fake.answerText(q);
    assert.match(text, /cmdblog/);
    assert.match(text, /Writing: waiting \d+ · active \d+ · delayed \d+ · failed \d+/);
    assert.match(text, /Publishing: waiting \d+ · active \d+ · delayed \d+ · failed \d+/);
    assert.match(text, /Dead letters: 0/);
    assert.doesNotMatch(text, /elsewhere/);
  });
});

describe('/schedule recurring', () => {
  test('shows the next three runs in the schedule’s time zone; list, pause, resume, remove', async () => {
    const made = await w.run(w.admin, 'schedule', 'recurring', { account: 'cmdblog', cron: '0 9 * * *', topic: '봄 여행 | 여름 휴가\n가을 단풍', timezone: 'America/New_York' });
    const text = w.fake.answerText(made);
    assert.match(text, /Created a recurring schedule for cmdblog/);
    assert.equal(text.match(/\d{4}-\d\d-\d\d 09:00 \(\w+\) America\/New_York/g)?.length, 3, text);
    assert.match(text, /• 봄 여행\n• 여름 휴가\n• 가을 단풍/);
    const id = (await w.harness.db.schedule.findFirstOrThrow({ orderBy: { createdAt: 'desc' } })).id;
    assert.ok(text.includes(id), 'the reply names the schedule id');

    const listed = await w.run(w.admin, 'schedule', 'list');
    assert.match(w.fake.answerText(listed), new RegExp(`\`${id}\` cmdblog — \`0 9 \\* \\* \\*\``));
    assert.match(w.fake.answerText(await w.run(w.admin, 'schedule', 'pause', { id })), /Paused schedule/);
    assert.match(w.fake.answerText(await w.run(w.admin, 'schedule', 'list')), /paused/);
    assert.match(w.fake.answerText(await w.run(w.admin, 'schedule', 'resume', { id })), /Resumed schedule/);
    const refused = await w.run(w.member, 'schedule', 'remove', { id });
    assert.match(w.fake.answerText(refused), /Manage Server permission/);
    assert.match(w.fake.answerText(await w.run(w.admin, 'schedule', 'remove', { id })), /Removed schedule/);
  });

  test('bad time zones and over-long topics in the pool are refused', async () => {
    const tz = await w.run(w.admin, 'schedule', 'recurring', { account: 'cmdblog', cron: '0 9 * * *', topic: 'a', timezone: 'Mars/Base' });
    assert.match(w.fake.answerText(tz), /"Mars\/Base" is not a time zone/);
    const long = await w.run(w.admin, 'schedule', 'recurring', { account: 'cmdblog', cron: '0 9 * * *', topic: `ok | ${'x'.repeat(201)}` });
    assert.match(w.fake.answerText(long), /longer than 200/);
  });
});

describe('robustness', () => {
  test('an interaction answered after the deadline is logged, not retried, and the bot keeps working', async () => {
    w.fake.ackDeadlineMs = -1;
    const late = w.fake.slash(w.admin, 'queue', null);
    await w.fake.waitFor(() => late.late, 'the late answer');
    // The bot logs the refused callback once it has given up on it: a retry would have come before this line.
    await w.fake.waitFor(() => w.logs.some((l) => l.includes('interaction expired or was already answered') && l.includes(late.id)), 'the log line about the late answer');
    w.fake.ackDeadlineMs = 3_000;
    const callbacks = w.fake.requests.filter((r) => r.path.startsWith(`/interactions/${late.id}/`));
    assert.equal(callbacks.length, 1, 'no retry of the callback');
    const ok = await w.run(w.admin, 'account', 'list');
    assert.match(w.fake.answerText(ok), /Accounts linked/);
  });

  test('npm run commands:deploy registers every command with the guild (PUT)', async () => {
    const { deployCommands } = await import('../../src/discord/deploy.ts');
    const result = await deployCommands({ token: w.fake.token, applicationId: w.fake.applicationId, guildId: w.fake.guildId, apiUrl: w.fake.apiUrl });
    assert.deepEqual(result, { count: 7, scope: 'guild' });
    assert.equal(w.fake.commands.guild.get(w.fake.guildId)!.length, 7);
    const global = await deployCommands({ token: w.fake.token, applicationId: w.fake.applicationId, apiUrl: w.fake.apiUrl });
    assert.equal(global.scope, 'global');
    assert.equal(w.fake.commands.global.length, 7);
  });
});
