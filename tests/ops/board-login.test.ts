// The operations server over real HTTP: where it listens (HTTP_HOST, 127.0.0.1 by default) and how the
// queue board stands up to someone guessing its password from one address (Linux routes all of 127/8 to the
// loopback, so each test speaks from its own source address).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { get, type IncomingHttpHeaders } from 'node:http';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/logging.ts';
import { createAdminBoard } from '../../src/ops/admin-board.ts';
import { startOpsServer, type OpsServer } from '../../src/ops/http.ts';
import { ADMIN, startTestService, type TestService } from './support/service.ts';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const RIGHT = basic(ADMIN.user, ADMIN.password);
const WRONG = basic(ADMIN.user, 'not-the-password');

function request(url: string, from: string, authorization?: string): Promise<{ status: number; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = get(url, { localAddress: from, agent: false, headers: authorization ? { authorization } : {} }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
  });
}

function capturedLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger({ level: 'info', destination }), lines };
}

const boardLines = (lines: Array<Record<string, unknown>>, ip: string) => lines.filter((l) => String(l.msg).startsWith('admin board') && l.ip === ip);

describe('through the service (src/main.ts)', () => {
  let s: TestService;
  const log = capturedLogger();
  before(async () => {
    s = await startTestService({ env: { ADMIN_USER: ADMIN.user, ADMIN_PASSWORD: ADMIN.password, LOG_LEVEL: 'info' }, logger: log.logger });
  });
  after(async () => {
    await s?.stop();
  });

  test('without HTTP_HOST the ops server listens on 127.0.0.1 only', async () => {
    const port = s.running.http.port;
    assert.equal((await request(`http://127.0.0.1:${port}/healthz`, '127.0.0.1')).status, 200);
    // 127.0.0.2 is this machine too; a server bound to every address (0.0.0.0) would answer there.
    await assert.rejects(request(`http://127.0.0.2:${port}/healthz`, '127.0.0.2'), { code: 'ECONNREFUSED' });
  });

  test('after 5 wrong logins in a minute an address gets 429 with Retry-After; another address still logs in', async () => {
    const url = s.url('/admin/queues/api/queues');
    for (let n = 1; n <= 5; n++) assert.equal((await request(url, '127.0.0.3', WRONG)).status, 401, `wrong login ${n}`);
    const refused = await request(url, '127.0.0.3', WRONG);
    assert.equal(refused.status, 429);
    const retryAfter = Number(refused.headers['retry-after']);
    assert.ok(retryAfter > 0 && retryAfter <= 60, `Retry-After: ${refused.headers['retry-after']}`);
    assert.equal((await request(url, '127.0.0.3', RIGHT)).status, 429, 'the right password does not help the refused address');
    assert.equal((await request(url, '127.0.0.4', RIGHT)).status, 200, 'another address logs in');
    assert.equal((await request(s.url('/healthz'), '127.0.0.3')).status, 200, 'health and metrics are not behind the board');
  });

  test('hammering the board with wrong passwords writes one warning line, not one per failure', async () => {
    const url = s.url('/admin/queues');
    for (let n = 0; n < 40; n++) await request(url, '127.0.0.5', WRONG);
    assert.equal((await request(url, '127.0.0.5', WRONG)).status, 429);
    const lines = boardLines(log.lines, '127.0.0.5');
    assert.equal(lines.length, 1, JSON.stringify(lines));
    assert.equal(lines[0]!.msg, 'admin board: wrong credentials');
    assert.equal(lines[0]!.level, 40, 'a warning');
  });
});

describe('with a clock the test moves', () => {
  let server: OpsServer;
  let clock = 1_000_000;
  const log = capturedLogger();
  before(async () => {
    const board = createAdminBoard({ credentials: ADMIN, logger: log.logger, throttle: { now: () => clock } });
    server = await startOpsServer({ port: 0, logger: log.logger, checks: [], metrics: { render: async () => '', contentType: 'text/plain' }, board });
  });
  after(async () => {
    await server?.close();
  });

  test('a hammering address gets one summary line a minute, and may try again once its minute is over', async () => {
    const url = `http://127.0.0.1:${server.port}/admin/queues/api/queues`;
    const from = '127.0.0.6';
    const statuses = async (times: number) => {
      const seen: number[] = [];
      for (let n = 0; n < times; n++) seen.push((await request(url, from, WRONG)).status);
      return seen;
    };
    assert.deepEqual(await statuses(8), [401, 401, 401, 401, 401, 429, 429, 429]);
    assert.equal(boardLines(log.lines, from).length, 1, 'the first failure only');

    clock += 30_000;
    const retry = await request(url, from, WRONG);
    assert.equal(retry.status, 429);
    assert.equal(retry.headers['retry-after'], '30');
    assert.equal(boardLines(log.lines, from).length, 1, 'no line within the minute');

    clock += 31_000;
    assert.deepEqual(await statuses(3), [401, 401, 401], 'the minute is over: the address may try again');
    const lines = boardLines(log.lines, from);
    assert.equal(lines.length, 2, JSON.stringify(lines));
    assert.equal(lines[1]!.msg, 'admin board: more failed logins from this address');
    assert.deepEqual([lines[1]!.failures, lines[1]!.refused, lines[1]!.sinceMs], [1 + 4, 4, 61_000]);
    assert.equal((await request(url, from, RIGHT)).status, 200, 'the right password works again');
  });
});

test('HTTP_HOST is the address the ops server binds to', async () => {
  const server = await startOpsServer({ host: '127.0.0.2', port: 0, logger: capturedLogger().logger, checks: [], metrics: { render: async () => '', contentType: 'text/plain' } });
  try {
    assert.equal((await request(`http://127.0.0.2:${server.port}/healthz`, '127.0.0.2')).status, 200);
    await assert.rejects(request(`http://127.0.0.1:${server.port}/healthz`, '127.0.0.1'), { code: 'ECONNREFUSED' });
  } finally {
    await server.close();
  }
});
