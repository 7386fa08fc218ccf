// After downtime: a tick missed within the grace period fires once; older ones are skipped and logged, never
// replayed in a burst. A tick claimed by a process that died before adding its job is repaired.
import './server-tz.ts';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { admin } from '../support/harness.ts';
import { eventually } from '../support/eventually.ts';
import { alignTo, backdate, capturingLogger, scheduleJobs, startSchedulingHarness, type SchedulingHarness } from './support.ts';
import type { FireReason } from '../../src/scheduling/index.ts';

let h: SchedulingHarness;
const actor = admin('chan-catchup');
const SEOUL = 'Asia/Seoul';
const HOUR = 3600_000;

before(async () => {
  // No workers: jobs stay in the queue where they can be counted, and no draft bookkeeping interferes.
  h = await startSchedulingHarness({ runWorkers: false });
});
after(async () => {
  await h.stop();
});

/** A once-a-year rule whose only tick this year is `at` (whole second), written in `zone`'s local time. */
function cronAt(at: Date, zone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: zone, month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23' })
      .formatToParts(at)
      .map((p) => [p.type, Number(p.value)]),
  );
  return `${parts.second} ${parts.minute} ${parts.hour} ${parts.day} ${parts.month} *`;
}

const wholeSecond = (ms: number) => new Date(Math.floor(ms / 1000) * 1000);

async function newSchedule(blogId: string, cron: string, topics = ['따라잡기']) {
  const account = await h.service.addAccount({ blogId }, actor);
  const s = await h.service.createSchedule({ accountRef: account.id, cron, topics, timezone: SEOUL }, actor);
  return { accountId: account.id, id: s.id };
}

test('a restart just after a missed tick fires it once, and a second restart does not fire it again', async () => {
  const missed = wholeSecond(Date.now() - 5_000);
  const s = await newSchedule('restartblog', cronAt(missed, SEOUL));
  // written a minute before the tick, never fired: the process was down when the tick came
  await backdate(h.db, s.id, { lastFireAt: null, updatedAt: new Date(missed.getTime() - 60_000) });

  const first = h.scheduler();
  await first.start();
  await first.stop();
  const jobs = await scheduleJobs(h.core, s.accountId, s.id);
  assert.deepEqual(jobs.map((j) => j.tick.toISOString()), [missed.toISOString()]);
  const row = await h.db.schedule.findUniqueOrThrow({ where: { id: s.id } });
  assert.equal(row.fireCount, 1);
  assert.equal(row.lastFireAt?.getTime(), missed.getTime());

  const second = h.scheduler();
  await second.start();
  await second.stop();
  assert.equal((await scheduleJobs(h.core, s.accountId, s.id)).length, 1);
  assert.equal((await h.db.schedule.findUniqueOrThrow({ where: { id: s.id } })).fireCount, 1);
});

test('a long outage fires the latest missed tick once — no burst — and rotates on from the stored count', async () => {
  const s = await newSchedule('outageblog', '*/2 * * * * *', ['A', 'B', 'C']);
  const threeDaysAgo = wholeSecond(Date.now() - 72 * HOUR);
  threeDaysAgo.setUTCSeconds(0);
  await backdate(h.db, s.id, { lastFireAt: threeDaysAgo, updatedAt: threeDaysAgo, fireCount: 7 });

  const { logger, lines } = capturingLogger();
  const scheduler = h.scheduler({ logger });
  const startedAt = Date.now();
  await scheduler.start();
  await scheduler.stop();
  const jobs = await scheduleJobs(h.core, s.accountId, s.id);
  const before = jobs.filter((j) => j.tick.getTime() <= startedAt);
  assert.equal(before.length, 1, `one catch-up fire for 129,600 missed ticks, got ${before.length}`);
  assert.ok(startedAt - before[0]!.tick.getTime() < 2000, 'it is the latest tick');
  assert.equal(before[0]!.topic, 'B', 'fire number 7 of a pool of three');
  assert.ok(lines.some((l) => l.scheduleId === s.id && /older than the grace period are skipped/.test(String(l.msg))), 'the skipped ticks are logged');
  await h.service.removeSchedule(s.id, actor);
});

test('a tick missed longer ago than the grace period is skipped and logged, not fired', async () => {
  const old = wholeSecond(Date.now() - 2 * HOUR);
  const s = await newSchedule('staleblog', cronAt(old, SEOUL));
  await backdate(h.db, s.id, { lastFireAt: null, updatedAt: new Date(old.getTime() - 24 * HOUR) });
  const { logger, lines } = capturingLogger();
  const scheduler = h.scheduler({ logger, graceMs: HOUR });
  await scheduler.start();
  await scheduler.resync(); // a second pass neither fires nor logs it again
  await scheduler.stop();
  assert.deepEqual(await scheduleJobs(h.core, s.accountId, s.id), []);
  assert.equal((await h.db.schedule.findUniqueOrThrow({ where: { id: s.id } })).fireCount, 0);
  const skipped = lines.filter((l) => l.scheduleId === s.id && /skipped, not replayed/.test(String(l.msg)));
  assert.equal(skipped.length, 1);
  assert.equal(skipped[0]!.firstMissed, old.toISOString());
});

test('a tick claimed by a process that died before adding its job is added at the next start', async () => {
  const claimed = wholeSecond(Date.now() - 30_000);
  const s = await newSchedule('repairblog', cronAt(claimed, SEOUL), ['복구 {date}']);
  // as the claim leaves it: lastFireAt = tick, fireCount + 1, updatedAt just after; but no job in Redis
  await backdate(h.db, s.id, { lastFireAt: claimed, updatedAt: new Date(claimed.getTime() + 20), fireCount: 1 });
  const scheduler = h.scheduler();
  await scheduler.start();
  await scheduler.stop();
  const jobs = await scheduleJobs(h.core, s.accountId, s.id);
  assert.deepEqual(jobs.map((j) => j.tick.toISOString()), [claimed.toISOString()]);
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: SEOUL }).format(claimed);
  assert.equal(jobs[0]!.topic, `복구 ${date}`);
  assert.equal((await h.db.schedule.findUniqueOrThrow({ where: { id: s.id } })).fireCount, 1, 'repairing does not count a second fire');
});

/** Blocks this thread (and so its event loop) for `ms` without using the CPU, as a stuck process would. */
function stallEventLoop(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

test('a stalled event loop ends in one late fire for the latest missed tick, not a burst', async () => {
  const s = await newSchedule('busyblog', '*/3 * * * * *');
  const fires: Array<{ tick: Date; reason: FireReason }> = [];
  const scheduler = h.scheduler({ onFire: (e) => fires.push(e) });
  await scheduler.start();
  await alignTo(3000, 300);
  const blockedFrom = Date.now();
  // Two ticks pass while the process is stuck; the stall ends 2.5 s after the second, too late for node-cron
  // to run it (it allows 1 s), so only the scheduler's own catch-up can fire it.
  stallEventLoop(8_200);
  const blockedUntil = Date.now();
  // On waking, node-cron reports the missed ticks (and would run any it still could); the scheduler answers
  // with this catch-up. stop() waits for fires still in flight, so a burst would be among the jobs below.
  await eventually(() => fires.some((f) => f.reason === 'catch_up' && f.tick.getTime() > blockedFrom), 'the catch-up fire after the stall');
  await scheduler.stop();
  const ticks = (await scheduleJobs(h.core, s.accountId, s.id)).map((j) => j.tick.getTime());
  const during = ticks.filter((t) => t > blockedFrom && t <= blockedUntil);
  const latest = Math.floor(blockedUntil / 3000) * 3000;
  assert.deepEqual(during.map((t) => new Date(t).toISOString()), [new Date(latest).toISOString()]);
  await h.service.removeSchedule(s.id, actor);
});
