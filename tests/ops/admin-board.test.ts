import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { chromium, type Browser } from 'playwright';
import { createLogger } from '../../src/logging.ts';
import { createAdminBoard } from '../../src/ops/admin-board.ts';
import { eventually } from '../support/eventually.ts';
import { admin, quietLogger } from '../support/harness.ts';
import { ADMIN, startTestService, type TestService } from './support/service.ts';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const IDLE_MS = 6_000;

let s: TestService;
let browser: Browser;
before(async () => {
  [s, browser] = await Promise.all([
    // Idle workers close after IDLE_MS, so the board's removal of closed queues can be seen too.
    startTestService({ env: { ADMIN_USER: ADMIN.user, ADMIN_PASSWORD: ADMIN.password, WORKER_IDLE_MS: String(IDLE_MS) } }),
    chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS }),
  ]);
});
after(async () => {
  await browser?.close();
  await s?.stop();
});

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

test('the board refuses requests without the right credentials', async () => {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    // Headless Chromium answers the Basic challenge by failing the navigation (no one to type a password);
    // the 401 itself is seen as the response.
    const [res, nav] = await Promise.all([
      page.waitForResponse(s.url('/admin/queues')),
      page.goto(s.url('/admin/queues')).then(
        (r) => r?.status(),
        (err: Error) => err.message,
      ),
    ]);
    assert.equal(res.status(), 401);
    assert.match((await res.headerValue('www-authenticate')) ?? '', /^Basic realm=/);
    assert.ok(nav === 401 || /ERR_INVALID_AUTH_CREDENTIALS/.test(String(nav)), String(nav));
  } finally {
    await context.close();
  }
  for (const auth of [basic(ADMIN.user, 'wrong-password'), basic('someone', ADMIN.password), basic(ADMIN.user, ''), 'Bearer abc', basic(ADMIN.user, `${ADMIN.password}x`)]) {
    const res = await fetch(s.url('/admin/queues/api/queues'), { headers: { authorization: auth } });
    assert.equal(res.status, 401, auth);
  }
  // The API behind the board is covered too, not just the page.
  assert.equal((await fetch(s.url('/admin/queues/api/queues'))).status, 401);
});

test('the board lists each account\'s queues as they open and drops them when they close', async () => {
  const actor = admin('chan-board');
  const { service } = s.running.core;
  const account = await service.addAccount({ blogId: 'boardblog' }, actor);
  const draft = await service.schedulePost({ accountRef: account.id, topic: '게시판', keywords: [], publishAt: null }, actor);
  const statusOf = async () => (await s.running.core.db.draft.findUniqueOrThrow({ where: { id: draft.id } })).status;
  await eventually(async () => (await statusOf()) === 'pending_approval', 'draft written');
  await service.approve(draft.id, actor);
  await eventually(async () => (await statusOf()) === 'published', 'draft published');

  const context = await browser.newContext({ httpCredentials: { username: ADMIN.user, password: ADMIN.password } });
  try {
    const page = await context.newPage();
    const res = await page.goto(s.url('/admin/queues'));
    assert.equal(res?.status(), 200);
    // The overview shows one card per queue, by full name; the sidebar groups them under GENERATE / PUBLISH.
    await page.getByText(`generate_${account.id}`, { exact: true }).waitFor({ timeout: 5_000 });
    await page.getByText(`publish_${account.id}`, { exact: true }).waitFor({ timeout: 5_000 });
    await page.getByText('dlq', { exact: true }).first().waitFor({ timeout: 5_000 });

    // After the idle period the account's workers and queues close on this replica, and the board drops them.
    await eventually(() => !s.running.board!.queueNames().includes(`publish_${account.id}`), 'queues closed', { timeoutMs: IDLE_MS + 10_000 });
    await page.reload();
    await page.getByText('dlq', { exact: true }).first().waitFor({ timeout: 5_000 });
    assert.equal(await page.getByText(`publish_${account.id}`, { exact: true }).count(), 0);
    // The shared queues stay: the dead letters and the checks after publishing.
    assert.deepEqual([...s.running.board!.queueNames()].sort(), ['checks', 'dlq']);
  } finally {
    await context.close();
  }
});

test('board writes from another origin are refused', async () => {
  const res = await fetch(s.url('/admin/queues/api/queues/dlq/clean/completed'), {
    method: 'PUT',
    headers: { authorization: basic(ADMIN.user, ADMIN.password), origin: 'https://evil.example' },
  });
  assert.equal(res.status, 403);
});

test('without ADMIN_USER/ADMIN_PASSWORD the board is not mounted, and a warning says so', async () => {
  assert.throws(() => createAdminBoard({ credentials: null, logger: quietLogger() }), /ADMIN_USER and ADMIN_PASSWORD/);
  assert.throws(() => createAdminBoard({ credentials: { user: 'x', password: '' }, logger: quietLogger() }), /ADMIN_USER and ADMIN_PASSWORD/);
  let logged = '';
  const destination = new Writable({ write(chunk, _e, done) { logged += chunk.toString(); done(); } });
  const open = await startTestService({ logger: createLogger({ level: 'warn', destination }) });
  try {
    assert.equal(open.running.board, null);
    assert.equal((await fetch(open.url('/admin/queues'))).status, 404);
    assert.match(logged, /ADMIN_USER and ADMIN_PASSWORD are not set/);
  } finally {
    await open.stop();
  }
});
