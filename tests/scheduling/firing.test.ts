// A running Scheduler: ticks in the rule's own zone, one generate job per tick, drafts that rotate topics.
import './server-tz.ts';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { admin } from '../support/harness.ts';
import { eventually } from '../support/eventually.ts';
import { alignTo, capturingLogger, scheduleJobs, startSchedulingHarness, type SchedulingHarness } from './support.ts';
import type { FireOutcome } from '../../src/scheduling/index.ts';

let h: SchedulingHarness;
const actor = admin('chan-fire');

before(async () => {
  h = await startSchedulingHarness();
});
after(async () => {
  await h.stop();
});

const AUCKLAND = 'Pacific/Auckland';
const localDate = (d: Date, zone: string) => new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
const localHour = (d: Date, zone: string) => Number(new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: '2-digit', hourCycle: 'h23' }).format(d));

test('a rule fires at its instants in its own zone, rotating through the pool into drafts', async () => {
  assert.equal(process.env.TZ, 'America/Los_Angeles');
  const account = await h.service.addAccount({ blogId: 'kiwiblog' }, actor);
  // Every 2 s, but only during the current and next Auckland hour: in server (Los Angeles) time those hours
  // are 21 hours away, so a rule evaluated in the wrong zone would not fire at all.
  const hNow = localHour(new Date(), AUCKLAND);
  const cron = `*/2 * ${hNow},${(hNow + 1) % 24} * * *`;
  const topics = ['{date} 오클랜드 소식', '{weekday} 산책', '{date} 마무리'];
  const created = await h.service.createSchedule({ accountRef: account.id, cron, topics, timezone: AUCKLAND, keywords: ['오클랜드', '여행'] }, actor);

  const outcomes: FireOutcome[] = [];
  await alignTo(2000);
  const startedAt = Date.now();
  const scheduler = h.scheduler({ onFire: (e) => outcomes.push(e.outcome) });
  await scheduler.start();
  const jobs = await eventually(async () => {
    const js = await scheduleJobs(h.core, account.id, created.id);
    return js.length >= 3 ? js : null;
  }, 'three fires');
  await scheduler.stop();

  const ticks = jobs.map((j) => j.tick.getTime());
  for (const t of ticks) {
    assert.equal(t % 2000, 0, `tick ${new Date(t).toISOString()} is a whole multiple of 2 s`);
    assert.ok(t >= startedAt - 2000, 'no tick from before the scheduler started, except the one just due');
  }
  assert.equal(new Set(ticks).size, ticks.length);
  for (let i = 1; i < ticks.length; i++) assert.equal(ticks[i]! - ticks[i - 1]!, 2000, 'no tick skipped, none doubled');
  // the start-up catch-up and a live tick may meet on one tick: one claims it, the other joins the same job
  assert.ok(outcomes.every((o) => o === 'fired' || o === 'joined'), outcomes.join());
  assert.equal(outcomes.filter((o) => o === 'fired').length, (await scheduleJobs(h.core, account.id, created.id)).length);
  // nextFires shown at creation are among the instants the rule fires at
  assert.ok(created.nextFires.every((d) => d.getTime() % 2000 === 0));

  // each job became one draft through the normal flow, topics rotating with {date} in Auckland
  const drafts = await eventually(async () => {
    const ds = await h.db.draft.findMany({ where: { scheduleId: created.id, status: 'pending_approval' }, orderBy: { createdAt: 'asc' } });
    return ds.length >= 3 ? ds : null;
  }, 'three drafts');
  const first3 = jobs.slice(0, 3);
  const expected = first3.map((j, i) =>
    topics[i]!.replace('{date}', localDate(j.tick, AUCKLAND)).replace('{weekday}', new Intl.DateTimeFormat('ko-KR', { timeZone: AUCKLAND, weekday: 'long' }).format(j.tick)),
  );
  assert.deepEqual(first3.map((j) => j.topic), expected);
  assert.equal(new Set(drafts.slice(0, 3).map((d) => d.topic)).size, 3, 'three different topics');
  for (const d of drafts) {
    assert.equal(d.requestedBy, 'scheduler');
    assert.deepEqual(d.keywords, ['오클랜드', '여행'], 'the schedule’s keywords reach every draft');
    assert.equal(d.originChannelId, actor.channelId);
    assert.match(d.sourceJobId ?? '', /:sched-/);
  }
  // the scheduler is stopped, so the bookkeeping has settled: one claim per job, lastFireAt at the last tick
  const all = await scheduleJobs(h.core, account.id, created.id);
  const row = await h.db.schedule.findUniqueOrThrow({ where: { id: created.id } });
  assert.equal(row.fireCount, all.length);
  assert.equal(row.lastFireAt?.getTime(), all.at(-1)!.tick.getTime());
  await h.service.removeSchedule(created.id, actor);
});

test('an account waiting for login still gets its drafts; a disabled one is skipped with a log line', async () => {
  const waiting = await h.service.addAccount({ blogId: 'loginblog' }, actor);
  const off = await h.service.addAccount({ blogId: 'disabledblog' }, actor);
  const a = await h.service.createSchedule({ accountRef: waiting.id, cron: '*/2 * * * * *', topics: ['로그인 대기'] }, actor);
  const b = await h.service.createSchedule({ accountRef: off.id, cron: '*/2 * * * * *', topics: ['꺼진 계정'] }, actor);
  await h.db.account.update({ where: { id: waiting.id }, data: { status: 'needs_login' } });
  await h.db.account.update({ where: { id: off.id }, data: { status: 'disabled' } });

  const { logger, lines } = capturingLogger();
  const skipped: string[] = [];
  const scheduler = h.scheduler({ logger, onFire: (e) => e.reason === 'tick' && e.outcome === 'account_disabled' && skipped.push(e.scheduleId) });
  await scheduler.start();
  await eventually(async () => (await h.db.draft.count({ where: { scheduleId: a.id, status: 'pending_approval' } })) >= 1, 'a draft for the needs_login account');
  // The scheduler has handled a tick of the disabled account's rule and turned it down: had it fired, its job
  // would exist by now.
  await eventually(() => skipped.includes(b.id), 'a tick of the disabled account’s schedule to be turned down');
  await scheduler.stop();

  assert.deepEqual(await scheduleJobs(h.core, off.id), []);
  assert.equal(await h.db.draft.count({ where: { scheduleId: b.id } }), 0);
  assert.ok(lines.some((l) => l.scheduleId === b.id && /account is disabled/.test(String(l.msg))), 'the skip is logged');
  assert.equal((await h.db.schedule.findUniqueOrThrow({ where: { id: b.id } })).fireCount, 0);
  await h.service.removeSchedule(a.id, actor);
  await h.service.removeSchedule(b.id, actor);
});
