// Several Schedulers on one Redis and database: one job per tick between them, and changes made on one
// replica take effect on all of them at once (pub/sub), without a restart.
import './server-tz.ts';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { admin } from '../support/harness.ts';
import { eventually } from '../support/eventually.ts';
import { scheduleJobs, startSchedulingHarness, type Replica, type SchedulingHarness } from './support.ts';
import type { FireOutcome, Scheduler } from '../../src/scheduling/index.ts';

let h: SchedulingHarness;
let other: Replica;
const actor = admin('chan-replicas');
// A resync far beyond the test's length: whatever changes here was carried by the change message.
const NO_RESYNC = { resyncMs: 10 * 60_000 };

before(async () => {
  h = await startSchedulingHarness();
  other = await h.replica();
});
after(async () => {
  await h.stop();
});

test('two schedulers on the same Redis make one job and one draft per tick', async () => {
  const account = await h.service.addAccount({ blogId: 'twinblog' }, actor);
  const s = await h.service.createSchedule({ accountRef: account.id, cron: '*/2 * * * * *', topics: ['하나', '둘', '셋'], timezone: 'America/New_York' }, actor);
  const outcomes: FireOutcome[] = [];
  const onFire = (e: { outcome: FireOutcome }) => outcomes.push(e.outcome);
  const a = h.scheduler({ onFire });
  const b = other.scheduler({ onFire });
  await Promise.all([a.start(), b.start()]);
  await eventually(async () => (await scheduleJobs(h.core, account.id, s.id)).length >= 3, 'three ticks', { timeoutMs: 12_000 });
  await Promise.all([a.stop(), b.stop()]);

  const jobs = await scheduleJobs(h.core, account.id, s.id);
  const ticks = jobs.map((j) => j.tick.getTime());
  assert.equal(new Set(ticks).size, ticks.length);
  for (let i = 1; i < ticks.length; i++) assert.equal(ticks[i]! - ticks[i - 1]!, 2000, 'consecutive ticks, none doubled or lost');
  const fired = outcomes.filter((o) => o === 'fired').length;
  assert.equal(fired, jobs.length, 'exactly one replica claimed each tick');
  assert.ok(outcomes.filter((o) => o === 'joined').length >= 1, `both replicas saw the ticks (${outcomes.join()})`);
  assert.equal((await h.db.schedule.findUniqueOrThrow({ where: { id: s.id } })).fireCount, jobs.length);
  // topics rotate across replicas without a gap or repeat
  assert.deepEqual(jobs.slice(0, 3).map((j) => j.topic).sort(), ['셋', '둘', '하나'].sort());
  for (let i = 3; i < jobs.length; i++) assert.equal(jobs[i]!.topic, jobs[i - 3]!.topic);

  const drafts = await eventually(async () => {
    const ds = await h.db.draft.findMany({ where: { scheduleId: s.id } });
    return ds.length >= jobs.length ? ds : null;
  }, 'a draft per job');
  assert.equal(drafts.length, jobs.length, 'one draft per tick');
  assert.equal(new Set(drafts.map((d) => d.sourceJobId)).size, drafts.length);
  await h.service.removeSchedule(s.id, actor);
});

async function jobsAfter(accountId: string, scheduleId: string, t: number) {
  return (await scheduleJobs(h.core, accountId, scheduleId)).filter((j) => j.tick.getTime() > t);
}

/** Waits for both schedulers to have (or not have) the rule's task, as told by the change message. */
function seenBy(schedulers: Scheduler[], id: string, present: boolean) {
  return eventually(() => schedulers.every((s) => s.scheduled().includes(id) === present), `schedule ${present ? 'loaded' : 'dropped'} everywhere`, { timeoutMs: 3_000 });
}

test('pause, resume and remove reach every replica at once; no fires while paused or after removal', async () => {
  const account = await h.service.addAccount({ blogId: 'pauseblog' }, actor);
  // A second rule on the same instants, left running: its fires show that both schedulers went through a tick.
  const witnessAccount = await h.service.addAccount({ blogId: 'witnessblog' }, actor);
  const witness = await h.service.createSchedule({ accountRef: witnessAccount.id, cron: '*/2 * * * * *', topics: ['증인'] }, actor);
  const witnessTicks = { a: [] as number[], b: [] as number[] };
  const recordWitness = (into: number[]) => (e: { scheduleId: string; tick: Date }) => {
    if (e.scheduleId === witness.id) into.push(e.tick.getTime());
  };
  const a = h.scheduler({ ...NO_RESYNC, onFire: recordWitness(witnessTicks.a) });
  const b = other.scheduler({ ...NO_RESYNC, onFire: recordWitness(witnessTicks.b) });
  await Promise.all([a.start(), b.start()]);
  const both = [a, b];
  /** Both schedulers have handled two ticks after `t`: a fire at the first would have finished by the second. */
  const bothTickedTwiceAfter = (t: number) =>
    eventually(() => [witnessTicks.a, witnessTicks.b].every((ticks) => ticks.filter((tick) => tick > t).length >= 2), 'both schedulers to go through two more ticks');

  // created while the schedulers run: picked up from the message alone
  const s = await h.service.createSchedule({ accountRef: account.id, cron: '*/2 * * * * *', topics: ['일시정지'] }, actor);
  await seenBy(both, s.id, true);
  await eventually(async () => (await scheduleJobs(h.core, account.id, s.id)).length >= 1, 'a first fire', { timeoutMs: 6_000 });

  await h.service.pauseSchedule(s.id, actor);
  const pausedAt = Date.now();
  await seenBy(both, s.id, false);
  await bothTickedTwiceAfter(pausedAt);
  assert.deepEqual(await jobsAfter(account.id, s.id, pausedAt), [], 'no fire while paused');

  const resumingAt = Date.now();
  await h.service.resumeSchedule(s.id, actor);
  await seenBy(both, s.id, true);
  const resumed = await eventually(async () => {
    const js = await jobsAfter(account.id, s.id, pausedAt);
    return js.length >= 1 ? js : null;
  }, 'a fire after resume', { timeoutMs: 6_000 });
  assert.ok(resumed.every((j) => j.tick.getTime() > resumingAt), 'no tick from the paused time is replayed on resume');

  await h.service.removeSchedule(s.id, actor);
  const removedAt = Date.now();
  await seenBy(both, s.id, false);
  await bothTickedTwiceAfter(removedAt);
  await Promise.all([a.stop(), b.stop()]);
  assert.deepEqual(await jobsAfter(account.id, s.id, removedAt), [], 'no fire after removal');
  await h.service.removeSchedule(witness.id, actor);
});
