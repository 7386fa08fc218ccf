// The editor health check with real Chromium against the fake NAVER: `/account check` answers the channel step
// by step with the selector that matched and the screenshot; the daily check speaks only when the editor broke
// (once), and once more when it works again; fallback selectors are counted for /metrics and logged once a day.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { Registry } from 'prom-client';
import { messageText, type StoredMessage } from '../fakes/fake-discord/index.ts';
import { startFakeNaver, type FakeNaver } from '../fakes/fake-naver/server.ts';
import { naverPublisherKit, type NaverPublisherKit } from '../support/naver-publisher.ts';
import { DailyEditorCheck } from '../../src/scheduling/daily-editor-check.ts';
import { SelectorDrift } from '../../src/ops/selector-drift.ts';
import { createLogger } from '../../src/logging.ts';
import { eventually } from '../support/eventually.ts';
import { startWorld, type World } from './support/discord-world.ts';

let w: World;
let naver: FakeNaver;
let kit: NaverPublisherKit;
const registry = new Registry();
const driftLog: string[] = [];
const drift = new SelectorDrift(registry, createLogger({ level: 'info', destination: new Writable({ write: (c, _e, done) => (driftLog.push(String(c)), done()) }) }));

before(async () => {
  naver = await startFakeNaver();
  kit = await naverPublisherKit(naver, 'check');
  w = await startWorld({
    config: { ...kit.config, PUBLISH_TIMEOUT_MS: 60_000 },
    publisherFactory: kit.factory({ maxContexts: 1, stepTimeoutMs: 3_000, draftPopupWaitMs: 500, onSelectorFallback: drift.record }),
  });
  const main = await w.addAccount('checkblog', w.fake.channels.main, 'Checked');
  naver.addUser({ username: 'checkblog-id', password: 'pw-checker1', blogId: 'checkblog' });
  await w.harness.service.setCredentials(main, { username: 'checkblog-id', password: 'pw-checker1' }, { userId: w.admin.id, channelId: w.fake.channels.main, manageServer: true });
  // Another channel's account: told about the editor, never shown the checked account's screen.
  await w.addAccount('otherblog', w.fake.channels.third);
});
after(async () => {
  await w?.stop();
  await naver?.close();
  await kit?.remove();
});

const checkMessages = (channelId: string) => w.fake.channelMessages(channelId).filter((m) => /네이버 편집기/.test(messageText(m)));

async function nextCheckMessage(channelId: string, before: number): Promise<StoredMessage> {
  return w.fake.waitFor(() => checkMessages(channelId)[before], 'the editor check message', 60_000);
}

describe('/account check', () => {
  test('answers step by step with the selector that matched each part, and attaches the screenshot', async () => {
    const before = checkMessages(w.fake.channels.main).length;
    const i = await w.run(w.admin, 'account', 'check', { account: 'checkblog' });
    assert.ok(w.fake.answerIsEphemeral(i));
    assert.match(w.fake.answerText(i), /Checking NAVER’s editor with checkblog/);
    const m = await nextCheckMessage(w.fake.channels.main, before);
    const text = messageText(m);
    assert.match(text, /발행에 필요한 네이버 편집기 요소를 모두 찾았습니다/);
    // /account login logged in right away (the login relay's change), so the check finds the saved session.
    assert.match(text, /✅ \*\*로그인 상태\*\*: 찾음 — 저장된 세션으로 로그인/);
    assert.match(text, /✅ \*\*글쓰기 페이지\*\*: 찾음 `\.se-section-documentTitle \.se-text-paragraph`/);
    assert.match(text, /✅ \*\*제목\*\*: 찾음/);
    assert.match(text, /✅ \*\*본문\*\*: 찾음 `\.se-component\.se-text \.se-section-text \.se-text-paragraph`/);
    assert.match(text, /✅ \*\*사진 올리기\*\*: 찾음 `button\[data-name="image"\]`/);
    assert.match(text, /✅ \*\*발행 설정 창\*\*: 찾음 `\[class\*="layer_publish"\]`/);
    assert.match(text, /✅ \*\*카테고리\*\*: 찾음 `button\[class\*="selectbox_button"\]`/);
    assert.match(text, /✅ \*\*태그\*\*: 찾음 `#tag-input`/);
    assert.match(text, /✅ \*\*공개 설정\*\*: 찾음 `#open_private`/);
    assert.equal(m.attachments[0]?.filename, 'editor-check.png');
    assert.equal(naver.posts.length, 0, 'nothing was published');
    assert.deepEqual(naver.tempPosts, [], 'nothing was saved');
  });

  test('is refused to a member without Manage Server and queues nothing', async () => {
    const i = await w.run(w.member, 'account', 'check', { account: 'checkblog' });
    assert.match(w.fake.answerText(i), /Only members with the Manage Server permission/);
    assert.equal(await w.harness.db.editorCheck.count({ where: { kind: 'manual' } }), 1);
  });

  test('a part found only through a fallback selector is counted for /metrics and logged once a day', async () => {
    naver.knobs.tagField = 'no_id';
    try {
      const before = checkMessages(w.fake.channels.main).length;
      await w.run(w.admin, 'account', 'check', {});
      const text = messageText(await nextCheckMessage(w.fake.channels.main, before));
      assert.match(text, /✅ \*\*태그\*\*: 찾음 `input\[class\^="tag_input"\]` \(대체 선택자\)/);
    } finally {
      naver.knobs.tagField = 'standard';
    }
    assert.match(await registry.metrics(), /blog_autopilot_selector_fallbacks_total\{list="PUBLISH.tagInput",selector="input\[class\^=\\"tag_input\\"\]"\} 1/);
    assert.deepEqual(drift.logSummary(), { 'PUBLISH.tagInput → input[class^="tag_input"]': 1 });
    assert.equal(driftLog.filter((l) => l.includes('selector fallbacks used in the last day')).length, 1);
    drift.logSummary();
    assert.equal(driftLog.filter((l) => l.includes('selector fallbacks used in the last day')).length, 1, 'a day without fallbacks logs nothing');
  });
});

describe('the daily editor check', () => {
  const daily = () => new DailyEditorCheck(w.harness.core.domain, { hour: 9, timeZone: 'Asia/Seoul', blogHost: new URL(naver.blogUrl).hostname });
  /** 09:30 in Seoul on the given day of December. */
  const at = (day: number) => new Date(Date.UTC(2026, 11, day, 0, 30));

  /** Runs the daily check for one day and returns what it decided to tell the channels. */
  async function runDay(day: number): Promise<{ alert: string | null }> {
    const started = new Date();
    const check = daily();
    assert.equal(await check.tick(new Date(Date.UTC(2026, 11, day, 3))), 'not_due', 'only at the configured hour');
    assert.equal(await check.tick(at(day)), 'queued');
    assert.equal(await check.tick(at(day)), 'already_ran', 'once a day, whoever ticks');
    const row = await eventually(() => w.harness.db.editorCheck.findFirst({ where: { kind: 'daily', ranAt: { gte: started } } }), `day ${day}'s check`, { timeoutMs: 60_000 });
    return { alert: row.alert };
  }

  test('after NAVER renames its tag field the daily check alerts once, and once more when it is fixed', async () => {
    const main = () => checkMessages(w.fake.channels.main).length;
    const other = () => checkMessages(w.fake.channels.third).length;
    assert.equal((await runDay(1)).alert, null, 'a first check that passes says nothing');
    const quiet = { main: main(), other: other() };

    naver.knobs.tagField = 'renamed';
    assert.equal((await runDay(2)).alert, 'broken');
    const alert = await nextCheckMessage(w.fake.channels.main, quiet.main);
    assert.match(alert.content, /⚠️ 네이버 편집기가 바뀌었습니다: 태그 칸을\(를\) 찾지 못했습니다\. 발행기가 고쳐질 때까지 이 계정들의 글 발행이 실패할 수 있습니다: checkblog\./);
    assert.match(messageText(alert), /❌ \*\*태그\*\*: 찾지 못함/);
    assert.equal(alert.attachments[0]?.filename, 'editor-check.png');
    const elsewhere = await nextCheckMessage(w.fake.channels.third, quiet.other);
    assert.match(elsewhere.content, /실패할 수 있습니다: otherblog\./, 'each channel hears about its own accounts');
    assert.equal(elsewhere.attachments.length, 0, 'and does not see another account’s editor');

    assert.equal((await runDay(3)).alert, null, 'still broken the same way: no second alert');
    assert.equal(main(), quiet.main + 1);

    naver.knobs.tagField = 'standard';
    assert.equal((await runDay(4)).alert, 'fixed');
    const fixed = await nextCheckMessage(w.fake.channels.main, quiet.main + 1);
    assert.match(fixed.content, /✅ 네이버 편집기 점검이 다시 통과합니다\. checkblog의 글을 전처럼 발행할 수 있습니다\./);

    assert.equal((await runDay(5)).alert, null, 'passing again after that says nothing');
    assert.equal(main(), quiet.main + 2);
    assert.equal(other(), quiet.other + 2);
  });
});
