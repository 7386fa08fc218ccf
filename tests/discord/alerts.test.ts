// What the channel is told when things go wrong: dead-letter alerts with Retry / Discard, login alerts,
// unconfirmed publishing with Mark published / Publish again, and screenshots attached to the message.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NeedsLoginError, RetryableError } from '../../src/errors.ts';
import { buttons, messageText, type StoredMessage } from '../fakes/fake-discord/index.ts';
import { eventually } from '../support/eventually.ts';
import { capturingLogger } from '../support/log-lines.ts';
import { latestDraft, startWorld, type World } from './support/discord-world.ts';
import { resumeAccount } from '../../src/accounts/resume.ts';

let w: World;
/** The domain's log: its last line for a failed job says the dead-letter handling (alert included) is done. */
const domain = capturingLogger();
before(async () => {
  w = await startWorld({ logger: domain.logger });
  await w.addAccount('alertblog', w.fake.channels.main, 'Alert');
});
after(async () => {
  const late = w?.fake.lateInteractions() ?? [];
  await w?.stop();
  assert.deepEqual(late, [], 'every interaction was acknowledged within 3 s');
});

const alerts = (): StoredMessage[] => w.fake.channelMessages(w.fake.channels.main).filter((m) => buttons(m).some((b) => b.customId?.startsWith('dlq:')));

async function postThatFailsToWrite(topic: string) {
  w.harness.writer.failNext(new RetryableError('Gemini is overloaded; try again later.', 'gemini_rate_limited'), w.harness.config.JOB_ATTEMPTS);
  const before = alerts().length;
  const reply = await w.run(w.admin, 'schedule', 'post', { account: 'alertblog', topic });
  await w.fake.waitFor(() => alerts().length > before, 'the dead-letter alert');
  const draft = (await latestDraft(w, 'alertblog'))!;
  return { reply, draft, alert: alerts().at(-1)! };
}

describe('dead letters', () => {
  test('a failing job produces one alert with Retry; Retry re-runs it', async () => {
    const { reply, draft, alert } = await postThatFailsToWrite('실패할 주제');
    const text = messageText(alert);
    assert.match(text, /gemini_rate_limited/);
    assert.match(text, /Gemini 사용량 한도에 걸렸습니다/, 'the channel is told in Korean what the failure means');
    assert.match(text, /Gemini is overloaded/);
    assert.deepEqual(buttons(alert).map((b) => b.label), ['다시 시도', '버리기']);
    assert.match(text, new RegExp(`https://discord.com/channels/${w.fake.guildId}/${w.fake.channels.main}/${reply.originalId}`), 'links to the draft’s message');
    await eventually(
      () => domain.lines.some((l) => l.msg === 'job moved to the dead-letter queue' && l.draftId === draft.id),
      'the dead-letter handling of the job to finish (its alert sent)',
    );
    assert.equal(alerts().filter((m) => messageText(m).includes('실패할 주제') || m.id === alert.id).length, 1, 'one alert');
    await w.fake.waitFor(() => /Writing failed|작성 실패|Failed \(gemini_rate_limited\)/.test(messageText(w.fake.message(reply.originalId))), 'the draft message shows the failure');

    w.clickOn(w.admin, alert, '다시 시도');
    await eventually(async () => (await w.harness.db.draft.findUniqueOrThrow({ where: { id: draft.id } })).status === 'pending_approval', 'the retried draft');
    await w.fake.waitFor(() => buttons(w.fake.message(reply.originalId)).length === 5, 'the prompt is back with its buttons');
    const resolved = await w.fake.waitFor(() => (buttons(w.fake.message(alert.id)).length === 0 ? w.fake.message(alert.id) : null), 'the alert resolved');
    assert.match(messageText(resolved), new RegExp(`<@${w.admin.id}> 님이 다시 시도했습니다`));
    const dead = await w.harness.db.deadLetter.findFirstOrThrow({ where: { draftId: draft.id } });
    assert.equal(dead.resolution, 'retried');
  });

  test('Discard resolves it; members without permission and stale buttons are refused', async () => {
    const { alert } = await postThatFailsToWrite('버릴 주제');
    const id = /dlq:discard:(\S+)/.exec(buttons(alert)[1]!.customId!)![1]!;

    const refused = await w.fake.waitForAnswer(w.clickOn(w.member, alert, '버리기'));
    assert.ok(w.fake.answerIsEphemeral(refused));
    assert.match(w.fake.answerText(refused), /approver role/);
    assert.equal((await w.harness.db.deadLetter.findUniqueOrThrow({ where: { id } })).resolvedAt, null);

    const listed = await w.run(w.admin, 'dlq', 'list');
    assert.match(w.fake.answerText(listed), new RegExp(`${id}.*gemini_rate_limited`));

    await w.fake.waitForAnswer(w.clickOn(w.admin, alert, '버리기'));
    await eventually(async () => (await w.harness.db.deadLetter.findUniqueOrThrow({ where: { id } })).resolution === 'discarded', 'discarded');
    assert.match(messageText(w.fake.message(alert.id)), /님이 버렸습니다/);
    assert.equal(buttons(w.fake.message(alert.id)).length, 0);

    const stale = await w.fake.waitForAnswer(w.fake.click(w.admin, `dlq:retry:${id}`, { channelId: w.fake.channels.main }));
    assert.match(w.fake.answerText(stale), /already discarded/);
    const staleMember = await w.fake.waitForAnswer(w.fake.click(w.member, `dlq:retry:${id}`, { channelId: w.fake.channels.main }));
    assert.match(w.fake.answerText(staleMember), /approver role/);
    assert.equal((await w.harness.db.deadLetter.findUniqueOrThrow({ where: { id } })).resolution, 'discarded');
  });
});

describe('publishing trouble', () => {
  test('a NAVER login request becomes an alert that says what to do', async () => {
    w.harness.publisher.failNext(new NeedsLoginError('NAVER asked for a captcha.', 'captcha'));
    const { draftId, prompt } = await approvedPost('로그인 필요');
    const alert = await w.fake.waitFor(() => w.fake.channelMessages(w.fake.channels.main).find((m) => messageText(m).includes('네이버 로그인이 필요합니다')), 'the login alert');
    assert.match(messageText(alert), /alertblog/);
    assert.match(messageText(alert), /`\/account login`/);
    assert.match(messageText(alert), /`\/account session`/);
    assert.match(messageText(alert), /captcha/);
    await w.fake.waitFor(() => /Waiting for a NAVER login/.test(messageText(w.fake.message(prompt.id))), 'the post says it waits for a login');
    // Let the account publish again for the next tests.
    await w.harness.db.account.updateMany({ where: { blogId: 'alertblog' }, data: { status: 'active' } });
    await resumeAccount(w.harness.core.domain, (await w.harness.db.account.findFirstOrThrow({ where: { blogId: 'alertblog' } })).id);
    await eventually(async () => (await w.harness.db.draft.findUniqueOrThrow({ where: { id: draftId } })).status === 'published', 'the blocked post published after the login');
  });

  test('an unknown outcome asks the channel: Mark published settles it', async () => {
    w.harness.publisher.blogReadable = false;
    w.harness.publisher.crashAfterSubmitNext(false);
    const { draftId, prompt } = await approvedPost('확인 불가');
    const asking = await w.fake.waitFor(() => (buttons(w.fake.message(prompt.id)).length === 2 ? w.fake.message(prompt.id) : null), 'Mark published / Publish again');
    assert.match(messageText(asking), /확인할 수 없습니다|cannot tell/);
    w.harness.publisher.blogReadable = true;
    assert.deepEqual(buttons(asking).map((b) => b.customId), [`draft:mark_published:${draftId}`, `draft:publish_again:${draftId}`]);
    w.clickOn(w.admin, asking, 'Mark published');
    await eventually(async () => (await w.harness.db.draft.findUniqueOrThrow({ where: { id: draftId } })).status === 'published', 'marked published');
    await w.fake.waitFor(() => buttons(w.fake.message(prompt.id)).length === 0, 'buttons gone');
  });

  test('a published post’s screenshot is attached to its message', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'bap-shot-'));
    const shot = path.join(dir, 'post.png');
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    await writeFile(shot, png);
    w.harness.publisher.script.push(async (req, opts) => {
      await opts.beforeSubmit();
      return { ...w.harness.publisher.store(req), screenshotPath: shot };
    });
    const { prompt } = await approvedPost('스크린샷');
    const shown = await w.fake.waitFor(() => (w.fake.message(prompt.id)!.attachments.length ? w.fake.message(prompt.id) : null), 'the screenshot attachment');
    assert.equal(shown!.attachments[0]!.filename, 'screenshot.png');
    assert.deepEqual(shown!.attachments[0]!.data, png);
    assert.equal(shown!.embeds[0].image?.url, 'attachment://screenshot.png');
  });
});

/** A post approved from its prompt; returns once the Approve click is in. */
async function approvedPost(topic: string): Promise<{ draftId: string; prompt: StoredMessage }> {
  const reply = await w.run(w.admin, 'schedule', 'post', { account: 'alertblog', topic });
  const prompt = await w.fake.waitFor(() => (buttons(w.fake.message(reply.originalId)).length === 5 ? w.fake.message(reply.originalId) : null), 'prompt');
  const draftId = /draft:approve:(\S+)/.exec(buttons(prompt)[0]!.customId!)![1]!;
  await w.fake.waitForAnswer(w.clickOn(w.admin, prompt, 'Approve'));
  return { draftId, prompt };
}
