import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHarness, admin, type Harness } from '../support/harness.ts';
import { eventually } from '../support/eventually.ts';
import { serviceEnv } from './support/service.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

interface Child {
  proc: ChildProcess;
  lines: Array<Record<string, unknown>>;
  stderr: () => string;
  exited: Promise<number | null>;
  waitForLog(msg: string, timeoutMs?: number): Promise<Record<string, unknown>>;
}

function spawnWorker(h: Harness, env: Record<string, string>): Child {
  const proc = spawn(process.execPath, [path.join(here, 'sigterm-child.ts')], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...serviceEnv(h.testDb, h.config.QUEUE_PREFIX, { LOG_LEVEL: 'info', ...env }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Array<Record<string, unknown>> = [];
  let buffer = '';
  let stderr = '';
  proc.stdout!.on('data', (d: Buffer) => {
    buffer += d.toString();
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      try {
        lines.push(JSON.parse(line));
      } catch {
        lines.push({ msg: line });
      }
    }
  });
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on('close', (code) => resolve(code)));
  return {
    proc,
    lines,
    stderr: () => stderr,
    exited,
    waitForLog: (msg, timeoutMs = 20_000) => eventually(() => lines.find((l) => l.msg === msg), () => `child log "${msg}" (stderr: ${stderr.slice(-500)})`, { timeoutMs }),
  };
}

let h: Harness;
before(async () => {
  // The "bot": adds work, runs no worker. The children are the workers.
  h = await startHarness({ runWorkers: false });
});
after(async () => {
  await h.stop();
});

const statusOf = async (id: string) => (await h.db.draft.findUniqueOrThrow({ where: { id } })).status;

test('SIGTERM during a job lets it finish, then the process exits 0', async () => {
  const actor = admin('chan-sigterm');
  const account = await h.service.addAccount({ blogId: 'sigtermblog' }, actor);
  const draft = await h.service.schedulePost({ accountRef: account.id, topic: '종료', keywords: [], publishAt: null }, actor);

  const child = spawnWorker(h, { SHUTDOWN_TIMEOUT_MS: '15000', WRITER_DELAY_MS: '2500' });
  try {
    await child.waitForLog('fake writer started');
    child.proc.kill('SIGTERM');
    const code = await child.exited;
    assert.equal(code, 0, child.stderr());
    assert.ok(!child.lines.some((l) => l.msg === 'shutdown deadline reached; unfinished jobs are left to stalled-job recovery'), 'it exited because the job finished, not at the deadline');
    assert.equal(await statusOf(draft.id), 'pending_approval');
    const msgs = child.lines.map((l) => l.msg);
    assert.ok(msgs.indexOf('shutting down') < msgs.indexOf('fake writer finished'), 'the job finished after the signal');
    assert.ok(msgs.includes('shutdown complete'));
    assert.equal(child.stderr().trim(), '');
    // Job log lines carry the account, draft and job ids.
    const writing = child.lines.find((l) => l.msg === 'writing draft')!;
    assert.equal(writing.accountId, account.id);
    assert.equal(writing.draftId, draft.id);
    assert.ok(writing.jobId);
  } finally {
    child.proc.kill('SIGKILL');
  }
});

test('a job still running at the shutdown deadline is not lost: another worker recovers it', async () => {
  const actor = admin('chan-deadline');
  const account = await h.service.addAccount({ blogId: 'deadlineblog' }, actor);
  const draft = await h.service.schedulePost({ accountRef: account.id, topic: '마감', keywords: [], publishAt: null }, actor);

  const child = spawnWorker(h, { SHUTDOWN_TIMEOUT_MS: '300', WRITER_DELAY_MS: '60000', LOCK_MS: '2000' });
  try {
    await child.waitForLog('fake writer started');
    child.proc.kill('SIGTERM');
    assert.equal(await child.exited, 0, child.stderr());
    assert.ok(child.lines.some((l) => l.msg === 'shutdown deadline reached; unfinished jobs are left to stalled-job recovery'));
    assert.equal(await statusOf(draft.id), 'generating');
  } finally {
    child.proc.kill('SIGKILL');
  }

  // A worker replica starting afterwards finds the abandoned job once its lock expires.
  const worker = await h.replica({ runWorkers: true, worker: { lockDuration: 2_000, stalledInterval: 500, drainDelay: 1 } });
  await eventually(async () => (await statusOf(draft.id)) === 'pending_approval', 'recovered draft written', { timeoutMs: 20_000 });
  assert.equal(worker.writer.calls.length, 1);
  assert.equal(await h.db.draft.count({ where: { accountId: account.id } }), 1);
});

test('`npm start` as the container runs it starts on Node 24 and passes SIGTERM on to the service, which exits 0', async () => {
  // The image sets NPM_CONFIG_SCRIPT_SHELL=/bin/bash: with Debian's dash as npm's script shell, the shell
  // would die on SIGTERM and leave node running without ever being told to stop.
  const proc = spawn('npm', ['start'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', NPM_CONFIG_SCRIPT_SHELL: '/bin/bash', NPM_CONFIG_UPDATE_NOTIFIER: 'false', ...serviceEnv(h.testDb, h.config.QUEUE_PREFIX, { LOG_LEVEL: 'info' }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let stdout = '';
  proc.stdout.on('data', (d: Buffer) => ((out += d.toString()), (stdout += d.toString())));
  proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on('close', (code) => resolve(code)));
  try {
    await eventually(() => out.includes('"msg":"blog autopilot started"'), () => `the service to start (${out.slice(-300)})`, { timeoutMs: 20_000 });
    // npm runs node_modules/.bin/node (the project's Node 24) even where the system Node is older.
    const started = JSON.parse(stdout.split('\n').find((l) => l.includes('"msg":"blog autopilot started"'))!) as { node: string };
    assert.ok(Number(/^v(\d+)\./.exec(started.node)?.[1]) >= 24, `started on ${started.node}`);
    proc.kill('SIGTERM'); // npm's own pid, as tini would signal it
    assert.equal(await exited, 0, out);
    assert.match(out, /"msg":"shutdown complete"/);
  } finally {
    proc.kill('SIGKILL');
  }
});
