// /schedule recurring, list, pause, resume, remove through the service: what is saved, what the user sees.
import './server-tz.ts';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { admin } from '../support/harness.ts';
import { startSchedulingHarness, type SchedulingHarness } from './support.ts';
import { CronRule, normaliseTopics, renderTopic, topicAt } from '../../src/scheduling/index.ts';
import { UserInputError } from '../../src/errors.ts';
import { LimitError, type LimitName } from '../../src/limits.ts';

const overLimit = (limit: LimitName, given: number, position?: number) => (err: unknown) =>
  err instanceof LimitError && err.limit === limit && err.params.given === given && err.params.position === position;

let h: SchedulingHarness;
let accountId: string;
const actor = admin('chan-sched');

before(async () => {
  h = await startSchedulingHarness({ runWorkers: false });
  accountId = (await h.service.addAccount({ blogId: 'cronblog' }, actor)).id;
});
after(async () => {
  await h.stop();
});

const create = (cron: string, topics: string[] = ['주제'], timezone?: string | null) =>
  h.service.createSchedule({ accountRef: accountId, cron, topics, timezone }, actor);

test('a daily 09:00 rule in Asia/Seoul shows its next three fires at 00:00Z, whatever the server TZ', async () => {
  assert.notEqual(new Date().getTimezoneOffset(), -540, 'the process must not run in Seoul time for this test to mean anything');
  const s = await create('0 9 * * *', ['오늘의 소식']);
  assert.equal(s.timezone, 'Asia/Seoul'); // DEFAULT_TIMEZONE
  assert.equal(s.blogId, 'cronblog');
  assert.equal(s.enabled, true);
  assert.equal(s.nextFires.length, 3);
  for (const d of s.nextFires) assert.match(d.toISOString(), /T00:00:00\.000Z$/);
  assert.equal(s.nextFires[1]!.getTime() - s.nextFires[0]!.getTime(), 24 * 3600_000);
  assert.ok(s.nextFires[0]!.getTime() > Date.now());
  const row = await h.db.schedule.findUniqueOrThrow({ where: { id: s.id } });
  assert.equal(row.createdBy, actor.userId);
  assert.equal(row.channelId, actor.channelId);
});

test('a rule in another zone is computed there: 09:00 in New York is 14:00Z in winter, 13:00Z in summer', async () => {
  const s = await create('0 9 1 1,7 *', ['분기 점검'], 'US/Eastern');
  assert.equal(s.timezone, 'America/New_York', 'stored under its canonical IANA name');
  const hours = s.nextFires.map((d) => `${d.getUTCMonth() + 1}:${d.getUTCHours()}`);
  for (const h of hours) assert.ok(h === '1:14' || h === '7:13', `unexpected fire ${h}`);
});

test('six fields (seconds first) are accepted', async () => {
  const s = await create('*/15 * * * * *');
  assert.equal(s.nextFires.length, 3);
  for (const d of s.nextFires) assert.equal(d.getUTCSeconds() % 15, 0);
  assert.equal(s.nextFires[1]!.getTime() - s.nextFires[0]!.getTime(), 15_000);
});

test('bad cron expressions are refused with one sentence that shows a working example', async () => {
  const before = await h.db.schedule.count();
  for (const [cron, why] of [
    ['0 9 * *', /expected 5 or 6 fields but got 4/],
    ['61 * * * *', /61 is not a valid minute value/],
    ['0 25 * * *', /25 is not a valid hour value/],
    ['0 9 * * 9', /9 is not a valid weekday value/],
    ['0 0 9 30 2 *', /impossible day of month/],
    ['every day', /not a valid cron expression/],
    ['   ', /cron expression is empty/],
  ] as const) {
    await assert.rejects(create(cron), (err: Error) => {
      assert.ok(err instanceof UserInputError, `${cron}: ${err.message}`);
      assert.match(err.message, why);
      assert.match(err.message, /0 9 \* \* \* for every day at 09:00/);
      assert.equal(err.message.split('. ').length, 1, 'one sentence');
      return true;
    });
  }
  assert.equal(await h.db.schedule.count(), before);
});

test('unknown time zones are refused, naming them and suggesting Asia/Seoul', async () => {
  await assert.rejects(create('0 9 * * *', ['x'], 'Mars/Olympus'), (err: Error) => {
    assert.ok(err instanceof UserInputError);
    assert.equal(err.message, '"Mars/Olympus" is not a known time zone; use an IANA name such as Asia/Seoul.');
    return true;
  });
  await assert.rejects(create('0 9 * * *', ['x'], 'KST'), /"KST" is not a known time zone; use an IANA name such as Asia\/Seoul/);
});

test('topic pools: blank lines dropped, 1–20 topics of at most 200 characters, only known placeholders', async () => {
  const s = await create('0 9 * * *', ['  첫째  \n\n둘째', '', '셋째 {date}']);
  assert.deepEqual(s.topics, ['첫째', '둘째', '셋째 {date}']);
  await assert.rejects(create('0 9 * * *', ['', '  \n ']), /at least one topic/);
  await assert.rejects(create('0 9 * * *', Array.from({ length: 21 }, (_, i) => `t${i}`)), overLimit('topicsPerSchedule', 21));
  await assert.rejects(create('0 9 * * *', ['ok', 'x'.repeat(201)]), overLimit('topicChars', 201, 2));
  await assert.rejects(create('0 9 * * *', ['{data} 소식']), /unknown placeholder \{data\}; use \{date\} or \{weekday\}/);
});

test('a schedule is only managed from a channel its account is linked to', async () => {
  const s = await create('0 9 * * *');
  const other = admin('chan-elsewhere');
  await assert.rejects(h.service.pauseSchedule(s.id, other), /not linked to this channel/);
  await assert.rejects(h.service.removeSchedule(s.id, other), /not linked to this channel/);
  await assert.rejects(h.service.createSchedule({ accountRef: accountId, cron: '0 9 * * *', topics: ['x'] }, other), /not linked to this channel/);
  assert.deepEqual(await h.service.listSchedules('chan-elsewhere'), []);
  await assert.rejects(h.service.pauseSchedule('nosuchschedule', actor), /no schedule "nosuchschedule"/);
});

test('list, pause, resume and remove return what the user is shown', async () => {
  const s = await create('30 8 * * 1-5', ['평일 아침']);
  const listed = (await h.service.listSchedules(actor.channelId)).find((x) => x.id === s.id);
  assert.ok(listed);
  assert.equal(listed.cron, '30 8 * * 1-5');
  assert.equal(listed.nextFires.length, 3);
  for (const d of listed.nextFires) {
    const local = new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Seoul', weekday: 'short', hour: '2-digit', minute: '2-digit', hour12: false }).format(d);
    assert.match(local, /^(Mon|Tue|Wed|Thu|Fri) 08:30$/);
  }
  const paused = await h.service.pauseSchedule(s.id, actor);
  assert.equal(paused.enabled, false);
  assert.deepEqual(paused.nextFires, [], 'a paused rule has no next fires');
  assert.equal((await h.service.pauseSchedule(s.id, actor)).enabled, false, 'pausing twice is harmless');
  const resumed = await h.service.resumeSchedule(s.id, actor);
  assert.equal(resumed.enabled, true);
  assert.equal(resumed.nextFires.length, 3);
  const removed = await h.service.removeSchedule(s.id, actor);
  assert.equal(removed.id, s.id);
  assert.equal(await h.db.schedule.count({ where: { id: s.id } }), 0);
  await assert.rejects(h.service.resumeSchedule(s.id, actor), /no schedule/);
});

test('a disabled account gets no new schedule', async () => {
  const a = await h.service.addAccount({ blogId: 'offblog' }, actor);
  await h.db.account.update({ where: { id: a.id }, data: { status: 'disabled' } });
  await assert.rejects(h.service.createSchedule({ accountRef: a.id, cron: '0 9 * * *', topics: ['x'] }, actor), /offblog is disabled/);
});

test('{date} and {weekday} render in the schedule time zone; topics rotate by fire number', () => {
  const tick = new Date('2026-11-30T15:00:00Z'); // Monday in UTC and Los Angeles, Tuesday 1 December in Seoul
  assert.equal(renderTopic('{date} ({weekday}) 뉴스', tick, 'Asia/Seoul'), '2026-12-01 (화요일) 뉴스');
  assert.equal(renderTopic('{weekday}, {date}', tick, 'Asia/Seoul', 'en'), 'Tuesday, 2026-12-01');
  assert.equal(renderTopic('{date}', tick, 'America/New_York'), '2026-11-30');
  assert.equal(renderTopic('no placeholder', tick, 'Asia/Seoul'), 'no placeholder');
  const pool = normaliseTopics(['a', 'b', 'c']);
  assert.deepEqual([0, 1, 2, 3, 4].map((i) => topicAt(pool, i)), ['a', 'b', 'c', 'a', 'b']);
});

test('the latest tick in a window is found without walking every second', () => {
  const rule = new CronRule('0 9 * * *', 'Asia/Seoul');
  const now = new Date('2026-12-01T00:30:00Z'); // 09:30 in Seoul
  assert.equal(rule.latestTick(now, new Date(now.getTime() - 3600_000))?.toISOString(), '2026-12-01T00:00:00.000Z');
  assert.equal(rule.latestTick(now, new Date('2026-12-01T00:00:00Z')), null, 'the lower bound is exclusive');
  assert.equal(rule.latestTick(now, new Date(now.getTime() - 20 * 60_000)), null);
  const everyTwo = new CronRule('*/2 * * * * *', 'Pacific/Auckland');
  assert.equal(everyTwo.latestTick(new Date('2026-12-01T00:00:05.700Z'), new Date(0))?.toISOString(), '2026-12-01T00:00:04.000Z');
  assert.equal(everyTwo.latestTick(new Date('2026-12-01T00:00:04.000Z'), new Date(0))?.toISOString(), '2026-12-01T00:00:04.000Z', 'the upper bound is inclusive');
});

test('a rule that fires more often than the minimum interval is refused before it is saved', async () => {
  const { createScheduleCommands } = await import('../../src/scheduling/index.ts');
  const commands = createScheduleCommands({ db: h.db, defaultTimezone: 'Asia/Seoul', minIntervalMs: 10 * 60_000 });
  const account = await h.db.account.create({ data: { blogId: 'busyblog' } });
  const actor = admin('chan-busy');
  const attempt = (cron: string) => commands.createSchedule({ accountId: account.id, channelId: actor.channelId, cron, topics: ['x'] }, actor);
  await assert.rejects(attempt('*/5 * * * *'), /fires more often than every 10 minutes/);
  await assert.rejects(attempt('* * * * * *'), /fires more often than every 10 minutes/);
  assert.equal(await h.db.schedule.count({ where: { accountId: account.id } }), 0);
  const ok = await attempt('0 9,21 * * *');
  assert.equal(ok.nextFires.length, 3);
});
