// The weekly report message: off by default, set per channel (day and hour, Manage Server only), sent once per
// slot in the channel's time zone, through the real discord.js to the fake Discord with the chart attached.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { DateTime } from 'luxon';
import { startWorld, type World } from '../discord/support/discord-world.ts';
import { WeeklyReports } from '../../src/reports/weekly.ts';
import { REPORT_IMAGE } from '../../src/discord/render/report.ts';
import { quietLogger } from '../support/harness.ts';

let w: World;
let weekly: WeeklyReports;
// A Tuesday, 09:10 in Seoul.
const slot = DateTime.fromISO('2026-12-01T09:10:00', { zone: 'Asia/Seoul' }).toJSDate();

before(async () => {
  w = await startWorld();
  await w.addAccount('weeklyblog', w.fake.channels.main, '주간');
  const account = await w.harness.db.account.findFirstOrThrow({ where: { blogId: 'weeklyblog' } });
  await w.harness.db.draft.create({ data: { accountId: account.id, topic: 't', title: 't', status: 'published', publishedAt: new Date(slot.getTime() - 26 * 3_600_000) } });
  weekly = new WeeklyReports({ db: w.harness.db, notifier: w.bot.notifier, logger: quietLogger() });
});
after(async () => {
  await w?.stop();
});

const reportsInChannel = () => w.fake.channelMessages(w.fake.channels.main).filter((m) => m.attachments.some((a) => a.filename === REPORT_IMAGE) && !m.interactionId);

test('off by default: nothing is sent', async () => {
  assert.equal(await weekly.tick(slot), 0);
  assert.equal(reportsInChannel().length, 0);
});

test('a member without Manage Server cannot set it; nothing is stored', async () => {
  const refused = await w.run(w.member, 'report', null, { weekly_day: '2', weekly_hour: 9 });
  assert.ok(w.fake.answerIsEphemeral(refused));
  assert.match(w.fake.answerText(refused), /Manage Server/);
  assert.equal(await w.harness.db.weeklyReport.count(), 0);
  const incomplete = await w.run(w.admin, 'report', null, { weekly_hour: 9 });
  assert.equal(w.fake.answerText(incomplete), 'Give weekly_day too (or weekly_day:off to turn the weekly report off).');
  assert.equal(await w.harness.db.weeklyReport.count(), 0);
});

test('set for Tuesdays at 9: sent once in that hour with the chart, not again in the same hour, again a week later; off stops it', async () => {
  const set = await w.run(w.adminKo, 'report', null, { weekly_day: '2', weekly_hour: 9 });
  assert.equal(w.fake.answerText(set), '매주 화요일 09:00 (Asia/Seoul)에 이 채널로 지난 한 주의 보고서를 보냅니다.');
  assert.equal(await weekly.tick(new Date(slot.getTime() - 3_600_000)), 0, 'not at 08:10');
  assert.equal(await weekly.tick(slot), 1);
  const sent = await w.fake.waitFor(() => reportsInChannel()[0], 'the weekly report message');
  assert.equal((await sharp(sent.attachments[0]!.data).metadata()).format, 'png');
  assert.match(sent.embeds[0].fields[0].value, /^발행 1 · /, 'the channel’s language, Korean');
  assert.equal(await weekly.tick(new Date(slot.getTime() + 30 * 60_000)), 0, 'the same slot is sent once');
  assert.equal(await weekly.tick(new Date(slot.getTime() + 7 * 24 * 3_600_000)), 1, 'a week later');
  await w.fake.waitFor(() => reportsInChannel().length === 2, 'the second weekly message');

  const off = await w.run(w.adminKo, 'report', null, { weekly_day: 'off' });
  assert.equal(w.fake.answerText(off), '이 채널의 주간 보고서를 껐습니다.');
  assert.equal(await weekly.tick(new Date(slot.getTime() + 14 * 24 * 3_600_000)), 0);
});
