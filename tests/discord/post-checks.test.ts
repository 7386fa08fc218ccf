// What the channel sees of the checks after publishing, through the real discord.js against the fake Discord:
// the draft's message with the live and search results, the not-live alert with its screenshot, the one
// 검색 누락 의심 alert, and /account list saying whether the search check runs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buttons, messageText, type StoredMessage } from '../fakes/fake-discord/index.ts';
import { startFakeNaverSearch, type FakeNaverSearch, type Indexing } from '../fakes/fake-naver-search.ts';
import { FakePublisher } from '../support/fakes.ts';
import { eventually } from '../support/eventually.ts';
import { startWorld, type World } from './support/discord-world.ts';
import { searchCheckJobId } from '../../src/checks/checks-queue.ts';
import type { VisitorView, VisitorViewRequest } from '../../src/ports.ts';

const DELAYS = [300, 700];
const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
let shot: string;

/** The in-memory publisher, able to open posts as a visitor: a title with "비공개" went out private. */
class VisitorPublisher extends FakePublisher {
  async viewAsVisitor(req: VisitorViewRequest): Promise<VisitorView> {
    if (!req.title.includes('비공개')) return { live: true };
    return { live: false, reason: 'title_missing', pageText: '비공개 글입니다. 작성자만 볼 수 있습니다.', screenshotPath: shot };
  }
}

let w: World;
let search: FakeNaverSearch;
before(async () => {
  shot = path.join(await mkdtemp(path.join(tmpdir(), 'bap-live-')), 'visitor.png');
  await writeFile(shot, png);
  search = await startFakeNaverSearch();
  w = await startWorld({
    publisher: new VisitorPublisher(),
    config: { NAVER_SEARCH_CLIENT_ID: search.clientId, NAVER_SEARCH_CLIENT_SECRET: search.clientSecret, NAVER_SEARCH_API_URL: search.url, SEARCH_CHECK_DELAYS: DELAYS },
  });
  await w.addAccount('checkblog', w.fake.channels.main, 'Check');
});
after(async () => {
  await w?.stop();
  await search?.close();
});

/** A post published from its prompt (Korean member), indexed by the fake search as `when` says. */
async function publish(topic: string, when: Indexing): Promise<{ draftId: string; prompt: StoredMessage; title: string; url: string }> {
  w.harness.publisher.script.push(async (req, opts) => {
    await opts.beforeSubmit();
    const result = w.harness.publisher.store(req);
    search.index({ blogId: req.blogId, logNo: result.logNo, title: req.article.title }, when);
    return result;
  });
  const reply = await w.run(w.adminKo, 'schedule', 'post', { account: 'checkblog', topic });
  const prompt = await w.fake.waitFor(() => (buttons(w.fake.message(reply.originalId)).length >= 5 ? w.fake.message(reply.originalId) : null), 'prompt');
  const draftId = /draft:approve:(\S+)/.exec(buttons(prompt)[0]!.customId!)![1]!;
  await w.fake.waitForAnswer(w.clickOn(w.adminKo, prompt, '승인'));
  const d = await eventually(async () => {
    const row = await w.harness.db.draft.findUniqueOrThrow({ where: { id: draftId } });
    return row.status === 'published' ? row : null;
  }, 'published');
  return { draftId, prompt, title: d.title!, url: d.publishedUrl! };
}

async function roundsDone(draftId: string): Promise<void> {
  await eventually(async () => {
    const states = await Promise.all(DELAYS.map(async (_, i) => (await w.harness.core.checks.queue.getJob(searchCheckJobId(draftId, i + 1)))?.getState()));
    return states.every((s) => s === 'completed');
  }, 'the search rounds', { timeoutMs: 20_000 });
}

const channel = () => w.fake.channelMessages(w.fake.channels.main);

test('never found in search: one 검색 누락 의심 alert with the link, the title, what was searched and what to do', async () => {
  const { draftId, prompt, title, url } = await publish('누락 확인', 'never');
  await roundsDone(draftId);
  const alert = await w.fake.waitFor(() => channel().find((m) => m.content.includes('검색 누락 의심')), 'the 누락 alert');
  const text = messageText(alert);
  assert.ok(text.includes(url), text);
  assert.ok(text.includes(title));
  assert.match(text, new RegExp(`검색어\\n${title}`));
  assert.match(text, /할 일: /);
  assert.deepEqual(buttons(alert).map((b) => b.url), [url]);
  const card = await w.fake.waitFor(() => (/검색 누락 의심/.test(messageText(w.fake.message(prompt.id))) ? w.fake.message(prompt.id) : null), 'the draft’s message');
  assert.match(messageText(card), /방문자에게 공개됨/);
  assert.equal(channel().filter((m) => m.content.includes('검색 누락 의심')).length, 1, 'exactly one alert');
});

test('not open to visitors: the message and the channel say so with a screenshot; found in search later shows when', async () => {
  const { draftId, prompt, url } = await publish('비공개 실수', { fromSearch: 2 });
  const alert = await w.fake.waitFor(() => channel().find((m) => m.content.includes('방문자가 볼 수 없습니다')), 'the not-live alert');
  assert.match(messageText(alert), /비공개 글입니다/);
  assert.ok(messageText(alert).includes(url));
  assert.equal(alert.attachments[0]?.filename, 'screenshot.png');
  assert.deepEqual(alert.attachments[0]?.data, png);
  await roundsDone(draftId);
  const card = await w.fake.waitFor(() => (/네이버 검색에서 찾음/.test(messageText(w.fake.message(prompt.id))) ? w.fake.message(prompt.id) : null), 'found in the draft’s message');
  const text = messageText(card);
  assert.match(card!.content, /^⚠️ 발행했지만 로그인하지 않은 방문자는 글을 열 수 없습니다/);
  assert.match(text, /방문자가 볼 수 없음/);
  assert.match(text, /네이버 검색에서 찾음: .*발행 \d+분 후 \(제목 검색 3위\)/);
  assert.equal(card!.attachments[0]?.filename, 'screenshot.png');
  assert.equal((await w.harness.db.draft.findUniqueOrThrow({ where: { id: draftId } })).status, 'published');
  assert.equal(channel().filter((m) => m.content.includes('검색 누락 의심') && messageText(m).includes(url)).length, 0, 'found: no 누락 alert');
});

test('/account list says whether the search check runs', async () => {
  assert.match(w.fake.answerText(await w.run(w.adminKo, 'account', 'list')), /네이버 검색 확인: 켜짐/);
  assert.match(w.fake.answerText(await w.run(w.admin, 'account', 'list')), /NAVER search check: on/);
});
