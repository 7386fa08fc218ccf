// The login relay end to end: real Chromium on the fake NAVER meets a captcha, a 2-step question or a new
// device while publishing; the question appears in the account's channel (fake Discord, real discord.js), a
// member with Manage Server answers it there, and the answer travels through Redis from the bot replica that
// got the interaction to the worker replica holding the browser.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { messageText, buttons, type StoredMessage } from '../fakes/fake-discord/index.ts';
import { relayCustomId } from '../../src/discord/custom-ids.ts';
import { eventually } from '../support/eventually.ts';
import { buttonLabels, startRelayWorld, type RelayWorld } from './support/relay-world.ts';

let r: RelayWorld;
const secrets: string[] = [];

before(async () => {
  r = await startRelayWorld();
});
after(async () => {
  await r?.stop();
});

const until = <T>(probe: () => T | Promise<T>, what: string, timeoutMs = 30_000) =>
  eventually(probe, () => `${what}\n--- last relay message ---\n${messageText(r.relayMessage())}`, { timeoutMs, intervalMs: 50 });

/** The relay message once it shows `label` among its buttons (a new question, or the next round). */
function asking(label: string, round = 1) {
  return until(() => {
    const m = r.relayMessage();
    const rounds = round > 1 ? messageText(m).includes(`${round}/3`) : true;
    return m && buttonLabels(m).includes(label) && rounds ? m : null;
  }, `the relay message asking with "${label}" (round ${round})`);
}

/** Answers the question the message shows; `value` is read once it shows (what a person reads on it). */
async function answer(label: string, value: string | (() => string), round = 1) {
  const m = await asking(label, round);
  if (typeof value === 'function') value = value();
  const open = await r.w.fake.waitForAnswer(r.w.clickOn(r.w.admin, m, label));
  assert.ok(open.modal, `"${label}" opens a form: ${r.w.fake.answerText(open)}`);
  secrets.push(value);
  const sent = await r.w.fake.waitForAnswer(r.w.fake.submitModal(r.w.admin, open.modal.custom_id, { answer: value }, { messageId: m.id }));
  return { message: m, sent };
}

async function published(draftId: string, blogId: string) {
  await until(async () => (await r.w.harness.db.draft.findUnique({ where: { id: draftId } }))?.status === 'published', 'the draft to be published');
  assert.equal(r.naver.posts.filter((p) => p.blogId === blogId).length, 1, 'published once');
  await until(() => messageText(r.relayMessage()).includes('로그인했습니다'), 'the relay message to say the login went through');
  assert.deepEqual(buttons(r.relayMessage()), [], 'a finished relay has no buttons left');
}

test('a captcha while publishing: the channel gets the question with its picture and a countdown; the right answer, given on the bot replica, reaches the worker replica holding the browser and publishes', async () => {
  const a = await r.account('relaycap');
  r.naver.knobs.loginMode = 'captcha';
  const draftId = await r.approvedDraft(a.id);
  const m = await asking('답하기');
  assert.ok(m.attachments.some((f) => f.filename === 'naver-question.png' && f.size > 0), 'a screenshot of the question is attached');
  assert.match(messageText(m), /<t:\d+:R>/, 'a Discord countdown to the end of the wait');
  assert.match(messageText(m), /아래 이미지의 문자/, "NAVER's own question is quoted");
  assert.deepEqual(buttonLabels(m), ['답하기', '취소']);
  assert.equal(r.worker.core.relays.openCount(), 1, 'the worker replica holds the relay');
  assert.equal(r.w.harness.core.relays.openCount(), 0, 'the bot replica, which gets the clicks, holds none');
  const { sent } = await answer('답하기', () => r.naver.challenges.current!.code);
  assert.ok(r.w.fake.answerIsEphemeral(sent));
  await published(draftId, a.blogId);
  const account = await r.w.harness.db.account.findUniqueOrThrow({ where: { id: a.id } });
  assert.equal(account.status, 'active');
  assert.ok(account.sessionEnc, 'the new session is saved');
  assert.equal(r.worker.core.relays.openCount(), 0);
});

test('a wrong answer shows NAVER\'s next question in the same message; the right one then publishes', async () => {
  const a = await r.account('relaywrong');
  r.naver.knobs.loginMode = 'captcha';
  const draftId = await r.approvedDraft(a.id);
  const first = await answer('답하기', 'WRONG-RELAY-ANSWER');
  const second = await asking('답하기', 2);
  assert.equal(second.id, first.message.id, 'the same message, edited');
  await answer('답하기', () => r.naver.challenges.current!.code, 2);
  await published(draftId, a.blogId);
  assert.ok(r.naver.challenges.captchaAnswers.includes('WRONG-RELAY-ANSWER'), 'the wrong answer reached NAVER as typed');
});

test('three wrong answers end the relay: the message says so and the account waits for a login', async () => {
  const a = await r.account('relaythrice');
  r.naver.knobs.loginMode = 'captcha';
  const draftId = await r.approvedDraft(a.id);
  for (const round of [1, 2, 3]) await answer('답하기', `WRONG-${round}-RELAY`, round);
  await until(() => messageText(r.relayMessage()).includes('답을 3번 했지만'), 'the message to say the login failed');
  assert.deepEqual(buttons(r.relayMessage()), []);
  await until(async () => (await r.w.harness.db.account.findUnique({ where: { id: a.id } }))?.status === 'needs_login', 'the account to need a login');
  assert.equal((await r.w.harness.db.draft.findUniqueOrThrow({ where: { id: draftId } })).status, 'approved');
  assert.equal(r.naver.posts.filter((p) => p.blogId === a.blogId).length, 0);
});

test('2-step verification by code: Enter code types it into NAVER and the post goes out', async () => {
  const a = await r.account('relayotp');
  r.naver.knobs.loginMode = 'two_step';
  r.naver.knobs.twoStepKind = 'otp';
  const draftId = await r.approvedDraft(a.id);
  await answer('코드 입력', r.naver.knobs.otpCode);
  await published(draftId, a.blogId);
});

test('2-step approval in the NAVER app: the message asks for it and updates itself when NAVER moves on', async () => {
  const a = await r.account('relayapp');
  r.naver.knobs.loginMode = 'two_step';
  r.naver.knobs.twoStepKind = 'app';
  const approvals = r.naver.challenges.appApprovals;
  const draftId = await r.approvedDraft(a.id);
  const m = await asking('취소');
  assert.match(messageText(m), /네이버 앱에서 로그인을 승인/);
  assert.deepEqual(buttonLabels(m), ['취소'], 'nothing to type: only Cancel');
  await published(draftId, a.blogId);
  assert.equal(r.naver.challenges.appApprovals, approvals + 1);
});

test('a new device: Register this device is pressed on NAVER and the post goes out', async () => {
  const a = await r.account('relaydevice');
  r.naver.knobs.loginMode = 'new_device';
  const draftId = await r.approvedDraft(a.id);
  const m = await asking('이 기기 등록');
  assert.deepEqual(buttonLabels(m), ['이 기기 등록', '등록 안 함', '취소']);
  const click = await r.w.fake.waitForAnswer(r.w.clickOn(r.w.admin, m, '이 기기 등록'));
  assert.ok(r.w.fake.answerIsEphemeral(click));
  await published(draftId, a.blogId);
  assert.equal(r.naver.challenges.deviceChoices.at(-1), 'save');
});

test('a member without Manage Server is refused, an answer naming another account is refused; Cancel ends the relay', async () => {
  const a = await r.account('relaycancel');
  const other = await r.account('relayother');
  r.naver.knobs.loginMode = 'captcha';
  const draftId = await r.approvedDraft(a.id);
  const m = await asking('답하기');
  const refused = await r.w.fake.waitForAnswer(r.w.clickOn(r.w.member, m, '답하기'));
  assert.equal(refused.modal, null, 'no form for a member');
  assert.match(r.w.fake.answerText(refused), /Only members with the Manage Server permission/);
  const relayId = m.embeds[0].footer.text as string;
  const elsewhere = await r.w.fake.waitForAnswer(r.w.fake.submitModal(r.w.admin, relayCustomId('submit', other.id, relayId), { answer: 'X' }, { messageId: m.id }));
  assert.match(r.w.fake.answerText(elsewhere), /another account/);
  assert.ok(r.worker.core.relays.openCount() === 1, 'the relay still waits');

  await r.w.fake.waitForAnswer(r.w.clickOn(r.w.admin, m, '취소'));
  await until(() => messageText(r.relayMessage()).includes('취소했습니다'), 'the message to say it was cancelled');
  assert.match(messageText(r.relayMessage()), /\/account login/, 'and what to do next');
  await until(async () => (await r.w.harness.db.account.findUnique({ where: { id: a.id } }))?.status === 'needs_login', 'the account to need a login');
  const draft = await r.w.harness.db.draft.findUniqueOrThrow({ where: { id: draftId } });
  assert.equal(draft.status, 'approved', 'the draft waits for the login');
  assert.equal(await r.w.harness.core.queues.queue('publish', a.id).isPaused(), true, "the account's publishing is paused");
  assert.equal(r.w.notifications.filter((n) => n.kind === 'needs_login' && n.accountId === a.id).length, 0, 'no second alert: the relay message said it');

  // The relay has ended: a late answer (a form still open on someone's screen) is refused.
  const late = await r.w.fake.waitForAnswer(r.w.fake.submitModal(r.w.admin, relayCustomId('submit', a.id, relayId), { answer: 'LATE-ANSWER' }, { messageId: m.id }));
  assert.match(r.w.fake.answerText(late), /no longer waiting for an answer/);
});

test('nobody answers: at the deadline the message says what to do and the account needs a login', async () => {
  const a = await r.account('relaytimeout');
  r.naver.knobs.loginMode = 'captcha';
  const draftId = await r.approvedDraft(a.id);
  await asking('답하기');
  await until(() => messageText(r.relayMessage()).includes('시간 안에 아무도 답하지 않았습니다'), 'the relay to time out', 90_000);
  assert.match(messageText(r.relayMessage()), /\/account login/);
  await until(async () => (await r.w.harness.db.account.findUnique({ where: { id: a.id } }))?.status === 'needs_login', 'the account to need a login');
  assert.equal((await r.w.harness.db.draft.findUniqueOrThrow({ where: { id: draftId } })).status, 'approved');
});

test('/account login logs in right away through the relay, and the account resumes publishing', async () => {
  const blogId = 'relaylogin';
  r.naver.addUser({ username: 'relaylogin-id', password: 'relaylogin-pw1', blogId });
  const id = await r.w.addAccount(blogId);
  await r.w.harness.db.account.update({ where: { id }, data: { status: 'needs_login' } });
  const draft = await r.w.harness.db.draft.create({ data: { accountId: id, topic: '대기 글', title: '로그인을 기다린 글', body: [{ type: 'paragraph', text: '본문' }], status: 'approved' } });
  r.naver.knobs.loginMode = 'captcha';
  const open = await r.w.run(r.w.admin, 'account', 'login', { account: blogId });
  const saved = await r.w.fake.waitForAnswer(r.w.fake.submitModal(r.w.admin, open.modal.custom_id, { username: 'relaylogin-id', password: 'relaylogin-pw1' }));
  assert.match(r.w.fake.answerText(saved), /Logging in to NAVER now/);
  await answer('답하기', () => r.naver.challenges.current!.code);
  await until(() => messageText(r.relayMessage()).includes('로그인했습니다'), 'the login to go through');
  assert.ok((await r.w.harness.db.account.findUniqueOrThrow({ where: { id } })).sessionEnc, 'the session is saved when the message says so');
  await until(async () => (await r.w.harness.db.account.findUnique({ where: { id } }))?.status === 'active', 'the account to be active again');
  r.naver.knobs.loginMode = 'success';
  await until(async () => (await r.w.harness.db.draft.findUnique({ where: { id: draft.id } }))?.status === 'published', 'the waiting draft to be published');
});

test('/account login without a question: the channel hears at once that the login works', async () => {
  const blogId = 'relayplain';
  r.naver.addUser({ username: 'relayplain-id', password: 'relayplain-pw1', blogId });
  await r.w.addAccount(blogId);
  r.naver.knobs.loginMode = 'success';
  const before = r.w.fake.channelMessages(r.w.fake.channels.main).length;
  const open = await r.w.run(r.w.admin, 'account', 'login', { account: blogId });
  await r.w.fake.waitForAnswer(r.w.fake.submitModal(r.w.admin, open.modal.custom_id, { username: 'relayplain-id', password: 'relayplain-pw1' }));
  await until(() => r.w.fake.channelMessages(r.w.fake.channels.main).slice(before).some((m) => messageText(m).includes('로그인했습니다') && messageText(m).includes(blogId)), 'the logged-in message');
});

test("a relay waiting for a person does not keep another account's post from the browser", async () => {
  const waiting = await r.account('relaywaits');
  const other = await r.account('relaygoes');
  r.naver.knobs.loginMode = 'captcha';
  const waitingDraft = await r.approvedDraft(waiting.id);
  const m = await asking('답하기');
  r.naver.knobs.loginMode = 'success';
  let relaysWhenStored = -1;
  r.naver.hooks.afterStore = (post) => {
    if (post.blogId === other.blogId) relaysWhenStored = r.worker.core.relays.openCount();
  };
  const otherDraft = await r.approvedDraft(other.id);
  // The worker has one browser context, and the relay's page stays open; the other account publishes anyway.
  await until(async () => (await r.w.harness.db.draft.findUnique({ where: { id: otherDraft } }))?.status === 'published', "the other account's post", 60_000);
  r.naver.hooks.afterStore = undefined;
  assert.equal(relaysWhenStored, 1, 'posted while the relay still waited');
  assert.deepEqual(buttonLabels(r.w.fake.message(m.id)), ['답하기', '취소']);
  r.naver.knobs.loginMode = 'captcha';
  await answer('답하기', () => r.naver.challenges.current!.code);
  await published(waitingDraft, waiting.blogId);
});

/** A draft of the account on its approval card (written by the worker replica), and Preview pressed on it. */
async function previewAsked(blogId: string): Promise<{ draftId: string; prompt: StoredMessage }> {
  const reply = await r.w.run(r.w.admin, 'schedule', 'post', { account: blogId, topic: `${blogId} 카페 후기` });
  const prompt = await until(() => {
    const m = r.w.fake.message(reply.originalId);
    return m && buttons(m).length === 5 ? m : null;
  }, 'the approval card');
  r.w.clickOn(r.w.admin, prompt, 'Preview');
  return { draftId: /draft:approve:(\S+)/.exec(buttons(prompt)[0]!.customId!)![1]!, prompt };
}

const previewReply = (prompt: StoredMessage) =>
  r.w.fake.channelMessages(r.w.fake.channels.main).find((m) => m.history[0]?.message_reference?.message_id === prompt.id);

test('a preview that meets a captcha asks the channel too; the answer lets the preview finish and the new session is kept', async () => {
  const a = await r.account('relaypreview');
  r.naver.knobs.loginMode = 'captcha';
  const { draftId, prompt } = await previewAsked(a.blogId);
  await answer('답하기', () => r.naver.challenges.current!.code);
  const shot = await until(() => previewReply(prompt), 'the preview screenshot under the card', 60_000);
  assert.equal(shot.attachments[0]?.filename, 'preview.png');
  await until(() => messageText(r.relayMessage()).includes('로그인했습니다'), 'the relay message to say the login went through');
  const account = await r.w.harness.db.account.findUniqueOrThrow({ where: { id: a.id } });
  assert.equal(account.status, 'active');
  assert.ok(account.sessionEnc, 'the session the person let through is saved for the publish');
  assert.equal((await r.w.harness.db.draft.findUniqueOrThrow({ where: { id: draftId } })).status, 'pending_approval', 'a preview changes nothing of the draft');
  assert.equal(r.naver.posts.filter((p) => p.blogId === a.blogId).length, 0, 'nothing published');
});

test('a preview whose login is cancelled: the account waits for a login, its publishing is paused, and the relay message is the only alert', async () => {
  const a = await r.account('relaypreviewcancel');
  r.naver.knobs.loginMode = 'captcha';
  const { draftId } = await previewAsked(a.blogId);
  const m = await asking('답하기');
  await r.w.fake.waitForAnswer(r.w.clickOn(r.w.admin, m, '취소'));
  await until(() => messageText(r.relayMessage()).includes('취소했습니다'), 'the message to say it was cancelled');
  await until(async () => (await r.w.harness.db.account.findUnique({ where: { id: a.id } }))?.status === 'needs_login', 'the account to need a login');
  await until(async () => (await r.w.harness.db.draftPreview.findUnique({ where: { draftId } }))?.status === 'failed', 'the preview to be reported failed');
  assert.equal(await r.w.harness.core.queues.queue('publish', a.id).isPaused(), true, "the account's publishing is paused");
  assert.equal((await r.w.harness.db.draft.findUniqueOrThrow({ where: { id: draftId } })).status, 'pending_approval');
  assert.equal(r.w.notifications.filter((n) => n.kind === 'needs_login' && n.accountId === a.id).length, 0, 'no second alert: the relay message said it');
});

test('a preview of an account with no session and no stored login: the account waits for a login and the channel hears it once', async () => {
  const blogId = 'relaypreviewnone';
  r.naver.addUser({ username: `${blogId}-id`, password: 'pw-none-1', blogId });
  const accountId = await r.w.addAccount(blogId);
  r.naver.knobs.loginMode = 'success';
  const { draftId } = await previewAsked(blogId);
  await until(async () => (await r.w.harness.db.draftPreview.findUnique({ where: { draftId } }))?.status === 'failed', 'the preview to be reported failed');
  await until(async () => (await r.w.harness.db.account.findUnique({ where: { id: accountId } }))?.status === 'needs_login', 'the account to need a login');
  assert.equal(await r.w.harness.core.queues.queue('publish', accountId).isPaused(), true);
  const alerts = await until(() => {
    const sent = r.w.notifications.filter((n) => n.kind === 'needs_login' && n.accountId === accountId);
    return sent.length ? sent : null;
  }, 'the needs-login alert');
  assert.deepEqual(alerts.map((n) => (n as { reason?: string }).reason), ['no_credentials']);
});

test('no answer, no error, no log line and no job or database row ever holds an answer', async () => {
  const db = r.w.harness.db;
  const rows = JSON.stringify([await db.draftEvent.findMany(), await db.account.findMany(), await db.draft.findMany(), await db.deadLetter.findMany()]);
  const jobs = JSON.stringify(await r.w.harness.core.queues.queue('publish', (await db.account.findFirstOrThrow({ where: { blogId: 'relaycap' } })).id).getJobs());
  const logs = r.logs();
  const redis = r.w.harness.core.redis;
  assert.deepEqual(await redis.keys(`${r.w.harness.config.QUEUE_PREFIX}:login-relay*`), [], 'every ended relay left nothing in Redis');
  const discord = r.w.fake.allSentText();
  assert.ok(secrets.length >= 5);
  for (const s of secrets) {
    for (const [where, text] of Object.entries({ logs, rows, jobs, discord })) assert.ok(!text.includes(s), `the answer "${s}" is not in the ${where}`);
  }
});

test('the worker shutting down during a relay stops it cleanly: the message says so and the post is not lost', async () => {
  const a = await r.account('relayshutdown');
  r.naver.knobs.loginMode = 'captcha';
  const draftId = await r.approvedDraft(a.id);
  await asking('답하기');
  await r.worker.stop();
  await until(() => messageText(r.relayMessage()).includes('서비스가 멈췄습니다'), 'the message to say the service stopped');
  const account = await r.w.harness.db.account.findUniqueOrThrow({ where: { id: a.id } });
  assert.equal(account.status, 'active', 'a shutdown is not a failed login');
  const job = await r.w.harness.core.queues.queue('publish', a.id).getJob(`publish-${draftId}`);
  assert.ok(job && ['delayed', 'waiting', 'active'].includes(await job.getState()), 'the publish job waits for its next attempt');
});
