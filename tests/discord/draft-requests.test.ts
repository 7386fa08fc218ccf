// Asking for drafts: on an auto-approving account scheduling is publishing, so it needs an approver; and every
// member has a per-channel limit on draft requests (DRAFT_REQUESTS_PER_MEMBER_HOUR, 2 here), Regenerate included.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config.ts';
import { buttons, type FakeUser } from '../fakes/fake-discord/index.ts';
import { startWorld, type World } from './support/discord-world.ts';
import { refused as refusal } from '../support/refusals.ts';

const LIMIT = 2;
let w: World;
before(async () => {
  w = await startWorld({ config: { DRAFT_REQUESTS_PER_MEMBER_HOUR: LIMIT } });
  await w.addAccount('autoguard', w.fake.channels.main, 'Auto');
  await w.run(w.admin, 'account', 'settings', { account: 'autoguard', auto_approve: true, approver_role: { role: w.fake.roles.approver } });
  await w.addAccount('limitblog', w.fake.channels.main, 'Limit');
  await w.run(w.admin, 'account', 'link', { account: 'limitblog' }, { channelId: w.fake.channels.other });
  await w.run(w.admin, 'account', 'settings', { account: 'limitblog', approver_role: { role: w.fake.roles.approver } });
});
after(async () => {
  await w?.stop();
});

const draftsOf = (blogId: string, userId: string) => w.harness.db.draft.count({ where: { account: { blogId }, requestedBy: userId } });

/** Asks for a post and waits until it is either taken (a draft of this member exists) or refused (privately). */
async function post(user: FakeUser, blogId: string, topic: string, channelId = w.fake.channels.main) {
  const before = await draftsOf(blogId, user.id);
  const i = await w.run(user, 'schedule', 'post', { account: blogId, topic }, { channelId });
  await eventually(async () => w.fake.answerIsEphemeral(i) || (await draftsOf(blogId, user.id)) > before, 'the post taken or refused');
  return i;
}

async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The unix time in a refusal's <t:…:t>, i.e. when the member may ask again. */
function retryAtOf(text: string): number {
  const m = /<t:(\d+):t>/.exec(text);
  assert.ok(m, `the refusal says when: ${text}`);
  return Number(m[1]);
}

describe('auto-approve is publishing', () => {
  test('on an auto-approving account a member without an approver role cannot schedule a post, and nothing is written', async () => {
    const member = w.fake.user({ name: 'plain' });
    const refused = await post(member, 'autoguard', '승인 없이 바로 발행될 글');
    assert.ok(w.fake.answerIsEphemeral(refused));
    assert.match(w.fake.answerText(refused), /autoguard publishes without approval, so scheduling its posts needs the Manage Server permission or an approver role/);
    assert.equal(await draftsOf('autoguard', member.id), 0);
    const ko = await post(w.fake.user({ locale: 'ko', name: 'plain-ko' }), 'autoguard', '한국어 거절');
    assert.match(w.fake.answerText(ko), /승인 없이 바로 발행되므로/);
  });

  test('on an auto-approving account an approver-role member and a manager may schedule', async () => {
    const approver = w.fake.user({ roles: [w.fake.roles.approver], name: 'approver-auto' });
    await post(approver, 'autoguard', '승인자가 예약한 글');
    assert.equal(await draftsOf('autoguard', approver.id), 1);
    await post(w.admin, 'autoguard', '관리자가 예약한 글');
    assert.equal(await draftsOf('autoguard', w.admin.id), 1);
  });

  test('a recurring schedule for an auto-approving account needs an approver too, even through the service', async () => {
    const member = { userId: 'member-1', channelId: w.fake.channels.main, guildId: w.fake.guildId, manageServer: false, roleIds: [] };
    await assert.rejects(
      w.harness.service.createSchedule({ accountRef: 'autoguard', cron: '0 9 * * *', topics: ['매일 글'] }, member),
      refusal('approver_required', /publishes without approval/),
    );
    const refused = await w.run(w.approver, 'schedule', 'recurring', { account: 'autoguard', cron: '0 9 * * *', topic: '매일 글' });
    assert.match(w.fake.answerText(refused), /Manage Server permission/);
    assert.equal(await w.harness.db.schedule.count(), 0);
  });
});

describe('a per-member limit on draft requests', () => {
  test('a request over the limit within an hour is refused with the time the member may ask again, and writes nothing', async () => {
    const member = w.fake.user({ name: 'eager' });
    const first = Math.floor(Date.now() / 1000);
    for (let n = 0; n < LIMIT; n++) await post(member, 'limitblog', `허용된 글 ${n}`);
    assert.equal(await draftsOf('limitblog', member.id), LIMIT);
    const refused = await post(member, 'limitblog', '한도를 넘은 글');
    assert.ok(w.fake.answerIsEphemeral(refused));
    const text = w.fake.answerText(refused);
    assert.match(text, new RegExp(`You have asked for ${LIMIT} drafts in this channel within the last hour; you can ask again at <t:\\d+:t> \\(<t:\\d+:R>\\)\\.`));
    const at = retryAtOf(text);
    assert.ok(at >= first + 3600 && at <= Math.ceil(Date.now() / 1000) + 3600, `one hour after the first request: ${at - first} s`);
    assert.ok(!w.fake.channelMessages(w.fake.channels.main).some((m) => m.interactionId === refused.id), 'nothing public is left behind');
    assert.equal(await draftsOf('limitblog', member.id), LIMIT);
  });

  test('the limit is per member and per channel, and the refusal follows the member’s language', async () => {
    const ko = w.fake.user({ locale: 'ko', name: 'eager-ko' });
    for (let n = 0; n < LIMIT; n++) await post(ko, 'limitblog', `글 ${n}`);
    const refused = await post(ko, 'limitblog', '넘친 글');
    assert.match(w.fake.answerText(refused), new RegExp(`이 채널에서 최근 1시간 동안 초안을 ${LIMIT}번 요청했습니다. <t:\\d+:t>\\(<t:\\d+:R>\\)부터 다시 요청할 수 있습니다.`));
    await post(ko, 'limitblog', '다른 채널의 글', w.fake.channels.other);
    await post(w.fake.user({ name: 'neighbour' }), 'limitblog', '옆 사람의 글');
    assert.equal(await draftsOf('limitblog', ko.id), LIMIT + 1);
  });

  test('Regenerate counts as a draft request', async () => {
    const approver = w.fake.user({ roles: [w.fake.roles.approver], name: 'regenerator' });
    const reply = await post(approver, 'limitblog', '다시 쓸 글');
    const waiting = () => w.fake.waitFor(() => (buttons(w.fake.message(reply.originalId)).length === 5 ? w.fake.message(reply.originalId) : null), 'the prompt');
    const draft = await w.harness.db.draft.findFirstOrThrow({ where: { requestedBy: approver.id } });
    w.clickOn(approver, await waiting(), 'Regenerate');
    await eventually(async () => (await w.harness.db.draft.findUniqueOrThrow({ where: { id: draft.id } })).regenerations === 1, 'the regeneration');
    // Two requests made (the post and its regeneration): the next post and the next regeneration are refused.
    const refused = await post(approver, 'limitblog', '세 번째 요청');
    assert.match(w.fake.answerText(refused), /you can ask again at/);
    const prompt = await w.fake.waitFor(() => {
      const m = w.fake.message(reply.originalId);
      return buttons(m).length === 5 && m!.edits > 0 ? m : null;
    }, 'the rewritten draft waiting again');
    await eventually(async () => (await w.harness.db.draft.findUniqueOrThrow({ where: { id: draft.id } })).status === 'pending_approval', 'pending again');
    const again = w.clickOn(approver, prompt, 'Regenerate');
    await w.fake.waitFor(() => again.followupIds.length > 0, 'the refusal of the second regeneration');
    assert.match(w.fake.answerText(again), /you can ask again at/);
    const after = await w.harness.db.draft.findUniqueOrThrow({ where: { id: draft.id } });
    assert.equal(after.regenerations, 1, 'the refused regeneration changed nothing');
    assert.equal(after.status, 'pending_approval');
    assert.equal(await draftsOf('limitblog', approver.id), 1);
  });

  test('the count is shared by every replica (it lives in Redis)', async () => {
    const replica = await w.harness.replica({ runWorkers: false, config: { DRAFT_REQUESTS_PER_MEMBER_HOUR: LIMIT } });
    const actor = { userId: 'replica-member', channelId: w.fake.channels.other, guildId: w.fake.guildId };
    const ask = (svc: typeof w.harness.service, n: number) => svc.schedulePost({ accountRef: 'limitblog', topic: `복제본 ${n}`, keywords: [], publishAt: null }, actor);
    await ask(w.harness.service, 1);
    await ask(replica.service, 2);
    await assert.rejects(ask(w.harness.service, 3), refusal('draft_request_limit', /asked for 2 drafts/));
    await assert.rejects(ask(replica.service, 4), refusal('draft_request_limit', /asked for 2 drafts/));
  });

  test('the setting defaults to 10 an hour and 0 turns it off', () => {
    const env = { ROLE: 'worker', DATABASE_URL: 'postgresql://x@127.0.0.1/x', CREDENTIALS_KEY: Buffer.alloc(32).toString('base64'), GEMINI_API_KEY: 'k' };
    assert.equal(loadConfig(env).DRAFT_REQUESTS_PER_MEMBER_HOUR, 10);
    assert.equal(loadConfig({ ...env, DRAFT_REQUESTS_PER_MEMBER_HOUR: '0' }).DRAFT_REQUESTS_PER_MEMBER_HOUR, 0);
    assert.throws(() => loadConfig({ ...env, DRAFT_REQUESTS_PER_MEMBER_HOUR: '-1' }), /DRAFT_REQUESTS_PER_MEMBER_HOUR/);
  });
});
