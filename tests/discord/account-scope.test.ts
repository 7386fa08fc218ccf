// Accounts are a server's own, and a channel only ever hears about its own things: another server adding the
// same blog gets its own account, a channel of the same server takes an orphaned account back, the last channel
// to let go deletes the stored login and session, and "does not exist" and "not linked here" are one answer.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dlqId, draftId, draftsPageId, loginModalId } from '../../src/discord/custom-ids.ts';
import { queueName } from '../../src/queues/jobs.ts';
import type { Actor } from '../../src/service-api.ts';
import type { FakeInteraction, OptionValue } from '../fakes/fake-discord/index.ts';
import { startWorld, type World } from './support/discord-world.ts';

let w: World;
/** A manager of the second server (interactions from its channel). */
let farAdmin: ReturnType<World['fake']['user']>;
const far = () => ({ channelId: w.fake.otherGuild.channel, guildId: w.fake.otherGuild.id });
const farActor = (): Actor => ({ userId: farAdmin.id, ...far(), manageServer: true });

before(async () => {
  w = await startWorld();
  farAdmin = w.fake.user({ admin: true, name: 'far-admin' });
});
after(async () => {
  await w?.stop();
});

const accountsNamed = (blogId: string) => w.harness.db.account.findMany({ where: { blogId }, orderBy: { createdAt: 'asc' } });

async function storeLoginAndSession(accountId: string, channelId = w.fake.channels.main): Promise<void> {
  await w.fake.waitForAnswer(w.fake.submitModal(w.admin, loginModalId(accountId), { username: 'naver_user', password: 'pw-123456' }, { channelId }));
  const state = { cookies: [{ name: 'NID_AUT', value: 'a', domain: '.naver.com', path: '/' }], origins: [] };
  await w.run(w.admin, 'account', 'session', { account: accountId, file: w.fake.attachment('state.json', JSON.stringify(state)) }, { channelId });
  const a = await w.harness.db.account.findUniqueOrThrow({ where: { id: accountId } });
  assert.ok(a.credentialsEnc && a.sessionEnc, 'login and session stored');
}

describe('accounts are a server’s own', () => {
  test('another server adding the same blog id gets its own account; neither sees the other’s', async () => {
    const mine = await w.addAccount('sharedblog', w.fake.channels.main, 'Mine');
    await w.run(w.admin, 'account', 'settings', { account: 'sharedblog', daily_cap: 7 });
    const added = await w.run(farAdmin, 'account', 'add', { blog_id: 'sharedblog', label: 'Theirs' }, far());
    assert.match(w.fake.answerText(added), /Added Theirs \(sharedblog\) and linked it to this channel/);
    const both = await accountsNamed('sharedblog');
    assert.equal(both.length, 2);
    const theirs = both.find((a) => a.id !== mine)!;
    assert.equal(theirs.guildId, w.fake.otherGuild.id);
    assert.equal(theirs.dailyCap, 3, 'their settings are their own');
    assert.match(w.fake.answerText(await w.run(farAdmin, 'account', 'list', {}, far())), /Theirs \(sharedblog\)/);
    assert.doesNotMatch(w.fake.answerText(await w.run(farAdmin, 'account', 'list', {}, far())), /Mine/);
    await w.run(farAdmin, 'schedule', 'post', { account: 'sharedblog', topic: '그쪽 서버의 글' }, far());
    assert.equal(await w.harness.db.draft.count({ where: { accountId: theirs.id } }), 1);
    assert.equal(await w.harness.db.draft.count({ where: { accountId: mine } }), 0);
  });

  test('unlinking the last channel deletes the stored login and session, and the reply says so', async () => {
    const id = await w.addAccount('leavingblog', w.fake.channels.main, 'Leaving');
    await w.run(w.admin, 'account', 'link', { account: 'leavingblog' }, { channelId: w.fake.channels.other });
    await storeLoginAndSession(id);
    const first = await w.run(w.admin, 'account', 'unlink', { account: 'leavingblog' }, { channelId: w.fake.channels.other });
    assert.equal(w.fake.answerText(first), 'Unlinked Leaving (leavingblog) from this channel.');
    assert.ok((await w.harness.db.account.findUniqueOrThrow({ where: { id } })).credentialsEnc, 'another channel still has it: kept');
    const last = await w.run(w.adminKo, 'account', 'unlink', { account: 'leavingblog' });
    assert.match(w.fake.answerText(last), /이제 이 계정을 쓰는 채널이 없어 저장된 네이버 로그인 정보와 브라우저 세션을 삭제했습니다/);
    const a = await w.harness.db.account.findUniqueOrThrow({ where: { id } });
    assert.deepEqual([a.credentialsEnc, a.sessionEnc, a.sessionSavedAt], [null, null, null]);
    await w.harness.core.sessions.saveSession(id, { cookies: [], origins: [] });
    assert.equal((await w.harness.db.account.findUniqueOrThrow({ where: { id } })).sessionEnc, null, 'a publish ending afterwards does not store it again');
  });

  test('a channel of the same server takes an orphaned account back with /account link or /account add; another server cannot', async () => {
    const id = await w.addAccount('orphanblog', w.fake.channels.main, 'Orphan');
    await w.run(w.admin, 'account', 'unlink', { account: 'orphanblog' });
    const farLink = await w.run(farAdmin, 'account', 'link', { account: 'orphanblog' }, far());
    assert.match(w.fake.answerText(farLink), /There is no account "orphanblog" in this channel/);
    const farLinkById = await w.run(farAdmin, 'account', 'link', { account: id }, far());
    assert.match(w.fake.answerText(farLinkById), new RegExp(`There is no account "${id}" in this channel`));

    const linked = await w.run(w.admin, 'account', 'link', { account: 'orphanblog' }, { channelId: w.fake.channels.other });
    assert.match(w.fake.answerText(linked), /Linked Orphan \(orphanblog\) to this channel/);
    await w.run(w.admin, 'account', 'unlink', { account: 'orphanblog' }, { channelId: w.fake.channels.other });
    const added = await w.run(w.admin, 'account', 'add', { blog_id: 'orphanblog' }, { channelId: w.fake.channels.third });
    assert.match(w.fake.answerText(added), /Orphan \(orphanblog\)/);
    const rows = await accountsNamed('orphanblog');
    assert.deepEqual(rows.map((r) => r.id), [id], 'the same account, not a new one');
    assert.deepEqual((await w.harness.db.channelLink.findMany({ where: { accountId: id } })).map((l) => l.channelId), [w.fake.channels.third]);
  });

  test('/account link offers the server’s accounts this channel does not have yet, and nothing of another server', async () => {
    await w.addAccount('linkableblog', w.fake.channels.other, 'Linkable');
    await w.harness.service.addAccount({ blogId: 'foreignblog' }, farActor());
    const offered = async (query: string) =>
      (await w.fake.waitForAnswer(w.fake.autocomplete(w.admin, 'account', 'link', { account: query }, 'account', { channelId: w.fake.channels.main }))).autocompleteChoices!.map((c) => c.name);
    assert.deepEqual(await offered('linkable'), ['Linkable (linkableblog)']);
    assert.deepEqual(await offered('foreign'), []);
  });
});

describe('a stranger learns nothing', () => {
  const fixture = { here: '', there: '', far: '', thereDraft: '', farDraft: '', thereLetter: '', farLetter: '', thereSchedule: '', farSchedule: '' };
  before(async () => {
    fixture.here = await w.addAccount('hereblog', w.fake.channels.main, 'Here');
    fixture.there = await w.addAccount('thereblog', w.fake.channels.other, 'There');
    fixture.far = (await w.harness.service.addAccount({ blogId: 'farblog' }, farActor())).id;
    for (const [key, accountId] of [['there', fixture.there], ['far', fixture.far]] as const) {
      const d = await w.harness.db.draft.create({ data: { accountId, topic: '남의 글', title: '남의 제목', status: 'pending_approval' } });
      const l = await w.harness.db.deadLetter.create({
        data: { queue: queueName('generate', accountId), jobId: `j-${key}`, jobName: 'generate', accountId, payload: {}, errorClass: 'timeout', errorMessage: 'x', attempts: 3 },
      });
      const s = await w.harness.db.schedule.create({ data: { accountId, channelId: 'somewhere', cron: '0 9 * * *', topics: ['남의 일정'] } });
      Object.assign(fixture, { [`${key}Draft`]: d.id, [`${key}Letter`]: l.id, [`${key}Schedule`]: s.id });
    }
  });

  /** The answer with the reference itself blanked out: what is left must not depend on what exists. */
  function answerWithout(i: FakeInteraction, ref: string): string {
    return w.fake.answerText(i).split(ref).join('<ref>');
  }

  async function sameAnswer(what: string, refs: string[], ask: (ref: string) => Promise<FakeInteraction>, expected: RegExp): Promise<void> {
    const answers: string[] = [];
    for (const ref of refs) {
      const i = await ask(ref);
      // A refusal is private; a command that first said "thinking…" publicly follows up privately.
      await w.fake.waitFor(() => w.fake.answerIsEphemeral(i), `a private answer to ${what} ${ref}`);
      answers.push(answerWithout(i, ref));
    }
    assert.match(answers[0]!, expected, what);
    for (const [n, a] of answers.entries()) assert.equal(a, answers[0], `${what}: "${refs[n]}" is answered like a thing that does not exist`);
  }

  const accountRefs = () => ['nosuchblog', 'thereblog', fixture.there, 'farblog', fixture.far];
  const file = () => w.fake.attachment('state.json', JSON.stringify({ cookies: [{ name: 'NID_AUT', value: 'a', domain: '.naver.com', path: '/' }], origins: [] }));
  const ACCOUNT_COMMANDS: Array<[string, string | null, (ref: string) => Record<string, OptionValue>]> = [
    ['schedule', 'post', (account) => ({ account, topic: '주제' })],
    ['schedule', 'recurring', (account) => ({ account, cron: '0 9 * * *', topic: '주제' })],
    ['drafts', null, (account) => ({ account })],
    ['queue', null, (account) => ({ account })],
    ['account', 'unlink', (account) => ({ account })],
    ['account', 'settings', (account) => ({ account, daily_cap: 3 })],
    ['account', 'session', (account) => ({ account, file: file() })],
    // The login form opens only for an account of this channel.
    ['account', 'login', (account) => ({ account })],
  ];

  for (const [command, sub, options] of ACCOUNT_COMMANDS) {
    test(`/${command}${sub ? ` ${sub}` : ''}: an account of another channel or server, by blog id or id, is answered like one that does not exist`, async () => {
      await sameAnswer(`/${command} ${sub ?? ''}`, accountRefs(), (ref) => w.run(w.admin, command, sub, options(ref)), /^There is no account "<ref>" in this channel; pick one from the list or see \/account list\.$/);
    });
  }

  test('the login form and /account link: another server’s account is answered like one that does not exist', async () => {
    await sameAnswer('login form', accountRefs(), (ref) => w.fake.waitForAnswer(w.fake.submitModal(w.admin, loginModalId(ref), { username: 'u', password: 'p' })), /^There is no account "<ref>"/);
    await sameAnswer('/account link', ['nosuchblog', 'farblog', fixture.far], (ref) => w.run(w.admin, 'account', 'link', { account: ref }), /^There is no account "<ref>"/);
    await sameAnswer('Korean', ['nosuchblog', 'thereblog', 'farblog'], (ref) => w.run(w.adminKo, 'queue', null, { account: ref }), /^이 채널에 "<ref>" 계정이 없습니다/);
  });

  test('buttons on drafts, dead letters and draft pages of unlinked accounts get the one "not here" answer', async () => {
    const click = (customId: string) => w.fake.waitForAnswer(w.fake.click(w.admin, customId, { channelId: w.fake.channels.main }));
    await sameAnswer('draft buttons', ['nosuchdraft', fixture.thereDraft, fixture.farDraft], (id) => click(draftId('approve', id)), /^There is no draft "<ref>" in this channel; see \/drafts\.$/);
    await sameAnswer('edit', ['nosuchdraft', fixture.thereDraft, fixture.farDraft], (id) => click(draftId('edit', id)), /^There is no draft "<ref>"/);
    await sameAnswer('dead-letter buttons', ['nosuchletter', fixture.thereLetter, fixture.farLetter], (id) => click(dlqId('retry', id)), /^There is no dead letter "<ref>" in this channel/);
    await sameAnswer('draft pages', ['nosuchblog', 'thereblog', fixture.there, 'farblog', fixture.far], (ref) => click(draftsPageId({ page: 0, accountRef: ref, status: null })), /^There is no account "<ref>"/);
    for (const id of [fixture.thereDraft, fixture.farDraft]) assert.equal((await w.harness.db.draft.findUniqueOrThrow({ where: { id } })).status, 'pending_approval');
  });

  test('schedules of unlinked accounts get the one "not here" answer', async () => {
    for (const sub of ['pause', 'resume', 'remove']) {
      await sameAnswer(`/schedule ${sub}`, ['nosuchschedule', fixture.thereSchedule, fixture.farSchedule], (id) => w.run(w.admin, 'schedule', sub, { id }), /^There is no schedule "<ref>" in this channel; see \/schedule list\.$/);
    }
    assert.equal(await w.harness.db.schedule.count({ where: { id: { in: [fixture.thereSchedule, fixture.farSchedule] }, enabled: true } }), 2);
  });

  test('autocomplete offers nothing of another channel or server', async () => {
    const choices = async (command: string, sub: string | null, focused: string, value: string) =>
      (await w.fake.waitForAnswer(w.fake.autocomplete(w.admin, command, sub, { [focused]: value }, focused, { channelId: w.fake.channels.main }))).autocompleteChoices!;
    for (const q of ['thereblog', 'farblog', fixture.there, fixture.far]) {
      assert.deepEqual(await choices('schedule', 'post', 'account', q), [], q);
      assert.deepEqual(await choices('drafts', null, 'account', q), [], q);
    }
    assert.deepEqual((await choices('queue', null, 'account', 'hereblog')).map((c) => c.value), [fixture.here]);
    for (const id of [fixture.thereSchedule, fixture.farSchedule]) assert.deepEqual(await choices('schedule', 'pause', 'id', id), []);
  });
});
