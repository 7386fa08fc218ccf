// The whole service as `npm start` runs it (src/main.ts in its own process, real adapters) against the fakes:
// Discord (gateway + REST), Gemini (HTTP) and NAVER (pages driven by Debian Chromium), on a fresh database
// that the service migrates itself. A member adds an account, logs it in, asks for a post and approves it; the
// post is then checked as a visitor would see it and in the (fake) NAVER Search API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { FakeDiscord, buttons, messageText } from '../fakes/fake-discord/index.ts';
import { startFakeGemini, jsonReply, type FakeGemini } from '../fakes/fake-gemini.ts';
import { startFakeNaver, type FakeNaver } from '../fakes/fake-naver/server.ts';
import { startFakeNaverSearch, type FakeNaverSearch } from '../fakes/fake-naver-search.ts';
import { ADMIN_URL } from '../support/db.ts';
import { eventually } from '../support/eventually.ts';
import { deleteKeys, REDIS_URL } from '../support/harness.ts';

const article = {
  title: '성수동 카페 투어 후기',
  blocks: [
    { type: 'paragraph', text: '주말에 성수동 카페 세 곳을 다녀왔습니다.' },
    { type: 'heading', text: '첫 번째 카페' },
    { type: 'list', ordered: false, items: ['라떼가 진해요', '창가 자리가 좋아요'] },
    { type: 'paragraph', text: '다음에는 베이커리도 가 보려고 합니다.' },
  ],
  tags: ['성수카페', '카페투어'],
};

let discord: FakeDiscord;
let gemini: FakeGemini;
let naver: FakeNaver;
let search: FakeNaverSearch;
let child: ChildProcess;
let output = '';
let dbName: string;
let prefix: string;
let shots: string;
let port: number;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

/** `eventually` with the service's latest output in the failure message. */
function until<T>(probe: () => T | Promise<T>, what: string, timeoutMs = 30_000) {
  return eventually(probe, () => `${what}\n--- service output ---\n${output.slice(-4000)}`, { timeoutMs, intervalMs: 100 });
}

before(async () => {
  [discord, gemini, naver, search] = await Promise.all([FakeDiscord.start(), startFakeGemini(), startFakeNaver(), startFakeNaverSearch()]);
  naver.addUser({ username: 'cafe-id', password: 'cafe-pass-12', blogId: 'cafeblog' });
  // The search index learns of a post once it exists, and lists it from the second search for its title.
  naver.hooks.afterStore = (post) => search.index({ blogId: post.blogId, logNo: post.logNo, title: post.title }, { fromSearch: 2 });
  dbName = `bap_e2e_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${dbName}"`); // empty: the service applies its own migrations
  await admin.end();
  prefix = `bape_${randomBytes(4).toString('hex')}`;
  shots = await mkdtemp(path.join(os.tmpdir(), 'bap-e2e-shots-'));
  port = await freePort();
  const dbUrl = new URL(ADMIN_URL);
  dbUrl.pathname = `/${dbName}`;
  child = spawn(process.execPath, ['src/main.ts'], {
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: dbUrl.toString(),
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      CREDENTIALS_KEY: randomBytes(32).toString('base64'),
      DISCORD_TOKEN: discord.token,
      DISCORD_APPLICATION_ID: discord.applicationId,
      DISCORD_GUILD_ID: discord.guildId,
      DISCORD_API_URL: discord.apiUrl,
      GEMINI_API_KEY: 'test-key',
      GEMINI_BASE_URL: gemini.baseUrl,
      GEMINI_MODEL: 'gemini-test-flash',
      NAVER_BLOG_URL: naver.blogUrl,
      NAVER_LOGIN_URL: naver.loginUrl,
      CHROMIUM_PATH: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      SCREENSHOT_DIR: shots,
      HTTP_PORT: String(port),
      LOG_LEVEL: 'warn',
      SHUTDOWN_TIMEOUT_MS: '5000',
      NAVER_SEARCH_CLIENT_ID: search.clientId,
      NAVER_SEARCH_CLIENT_SECRET: search.clientSecret,
      NAVER_SEARCH_API_URL: search.url,
      SEARCH_CHECK_DELAYS: '1s,2s,3s',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  await until(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200, 'the service to be ready', 60_000);
});

after(async () => {
  if (child.exitCode === null) {
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
  }
  await Promise.all([discord.stop(), gemini.close(), naver.close(), search.close()]);
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await admin.end();
  await deleteKeys(prefix);
  await rm(shots, { recursive: true, force: true });
});

test('a member adds an account, logs it in, asks for a post, approves it, and sees the published link', async () => {
  const admin = discord.user({ admin: true, name: 'owner' });
  const run = (command: string, sub: string, options: Record<string, string>) => discord.waitForAnswer(discord.slash(admin, command, sub, options), 15_000);

  const added = await run('account', 'add', { blog_id: 'cafeblog', label: '카페' });
  assert.match(discord.answerText(added), /cafeblog/);
  const open = await run('account', 'login', { account: 'cafeblog' });
  assert.ok(open.modal, 'the login form opens');
  await discord.waitForAnswer(discord.submitModal(admin, open.modal.custom_id, { username: 'cafe-id', password: 'cafe-pass-12' }), 15_000);
  await until(() => discord.channelMessages(discord.channels.main).some((m) => /로그인했습니다/.test(messageText(m))), 'the channel to hear the login worked', 60_000);

  gemini.script(jsonReply(article, { modelVersion: 'gemini-test-flash-001' }));
  const reply = await run('schedule', 'post', { account: 'cafeblog', topic: '성수동 카페 투어', keywords: '성수, 카페' });
  const prompt = await until(() => {
    const m = discord.message(reply.originalId);
    return m && buttons(m).length === 5 ? m : null;
  }, 'the approval prompt');
  assert.match(messageText(prompt), /성수동 카페 투어 후기/);
  const sent = gemini.requests.at(-1)!;
  assert.equal(sent.model, 'gemini-test-flash');
  assert.match(JSON.stringify(sent.body), /성수동 카페 투어/);

  discord.click(admin, buttons(prompt).find((b) => b.label === 'Approve' || b.label === '승인')!.customId!, { messageId: prompt.id });
  const post = await until(() => naver.posts.find((p) => p.blogId === 'cafeblog'), 'the post on the blog', 60_000);
  assert.equal(post.title, article.title);
  assert.deepEqual(post.tags, article.tags);
  await until(() => messageText(discord.message(prompt.id)).includes(post.logNo), 'the prompt to show the published link');
  assert.equal(naver.posts.filter((p) => p.blogId === 'cafeblog').length, 1);
  await until(() => /Open to visitors/.test(messageText(discord.message(prompt.id))), 'the prompt to show the live check');
  assert.ok(naver.postViews.some((v) => v.path === '/blog/PostView.naver' && !v.loggedIn), 'opened without a session');
  await until(() => /Found in NAVER search .* after publishing \(place 3 for its title\)/.test(messageText(discord.message(prompt.id))), 'the prompt to show the search check');
  assert.deepEqual(search.requests.map((r) => [r.query, r.status]), [[post.title, 200], [post.title, 200]], 'two searches: not yet, then found');

  const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  // Two jobs on the account's publish queue: the login /account login ran right away, then the post.
  assert.match(metrics, /blog_autopilot_jobs_completed_total\{queue="publish"\} 2/);

  child.kill('SIGTERM');
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  assert.equal(code, 0, output.slice(-2000));
});
