// /report: numbers from a seeded database, the chart as a PNG that decodes to a sane size on a dark background
// with Korean axis titles, and the command through the real discord.js against the fake Discord.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import sharp from 'sharp';
import { startWorld, type World } from '../discord/support/discord-world.ts';
import { reportChartPng, reportSpec, REPORT_IMAGE } from '../../src/discord/render/report.ts';
import type { ChannelReport } from '../../src/reports/channel-report.ts';

const HOUR = 3_600_000;
let w: World;
let accountA: string;

before(async () => {
  w = await startWorld();
  accountA = await w.addAccount('reporta', w.fake.channels.main, '카페 일기');
  const accountB = await w.addAccount('reportb', w.fake.channels.main);
  const db = w.harness.db;
  const now = Date.now();
  const published = (accountId: string, hoursAgo: number, searchCheck: string | null) => ({
    accountId,
    topic: 't',
    title: 't',
    status: 'published' as const,
    publishedAt: new Date(now - hoursAgo * HOUR),
    publishedUrl: 'https://blog.naver.com/x/1',
    searchCheck,
  });
  await db.draft.createMany({
    data: [
      published(accountA, 1, 'waiting'),
      published(accountA, 30, 'found'),
      published(accountA, 54, 'found'),
      published(accountA, 78, 'missing'),
      published(accountA, 24 * 20, 'found'), // older than a week
      published(accountB, 5, 'found'),
      published(accountB, 100, null),
      { accountId: accountA, topic: 'waiting', status: 'pending_approval' },
      { accountId: accountA, topic: 'approved', status: 'approved' },
      { accountId: accountB, topic: 'failed', status: 'publish_failed' },
    ],
  });
  const failed = await db.draft.findFirstOrThrow({ where: { accountId: accountB, status: 'publish_failed' } });
  await db.draftEvent.create({ data: { draftId: failed.id, actor: 'system', action: 'failed', fromStatus: 'publishing', toStatus: 'publish_failed' } });
  await db.deadLetter.create({ data: { queue: `publish_${accountB}`, jobId: 'j1', jobName: 'publish', accountId: accountB, draftId: failed.id, payload: {}, errorClass: 'naver_editor', errorMessage: 'x', attempts: 3 } });
});
after(async () => {
  await w?.stop();
});

const report = (weeks: number, accountRef?: string): Promise<ChannelReport> =>
  w.harness.service.report({ channelId: w.fake.channels.main, weeks, timezone: 'Asia/Seoul', ...(accountRef ? { accountRef } : {}) });

test('the numbers: posts per day, waiting, failures, dead letters and the share found in search, per account', async () => {
  const week = await report(1);
  assert.equal(week.days.length, 7);
  const [a, b] = week.accounts;
  assert.equal(a!.blogId, 'reporta');
  assert.equal(a!.published, 4);
  assert.equal(a!.publishedPerDay.reduce((x, y) => x + y, 0), 4);
  assert.equal(a!.publishedPerDay.at(-1)! >= 1, true, 'the post of an hour ago counts today (or yesterday just after midnight)');
  assert.deepEqual([a!.waiting, a!.failures, a!.deadLetters, a!.searchFound, a!.searchDecided], [2, 0, 0, 2, 3]);
  assert.deepEqual([b!.published, b!.waiting, b!.failures, b!.deadLetters, b!.searchFound, b!.searchDecided], [2, 0, 1, 1, 1, 1]);
  assert.equal((await report(4)).accounts[0]!.published, 5, 'four weeks take in the older post');
  assert.deepEqual((await report(1, 'reportb')).accounts.map((x) => x.blogId), ['reportb']);
});

test('the chart: a PNG that decodes, of a size a phone shows well, dark like Discord, with Korean axis titles', async () => {
  const r = await report(2);
  const spec = JSON.stringify(reportSpec(r, 'ko'));
  assert.match(spec, /"title":"날짜"/);
  assert.match(spec, /"title":"발행한 글 수"/);
  const png = await reportChartPng(r, 'ko');
  if (process.env.REPORT_SAMPLE) await writeFile(process.env.REPORT_SAMPLE, png);
  const meta = await sharp(png).metadata();
  assert.equal(meta.format, 'png');
  assert.ok(meta.width! >= 1200 && meta.width! <= 2400, `width ${meta.width}`);
  assert.ok(meta.height! >= 600 && meta.height! <= 1600, `height ${meta.height}`);
  assert.ok(png.length > 10_000 && png.length < 2_000_000, `${png.length} bytes`);
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  const at = (x: number, y: number) => [...data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)];
  assert.deepEqual(at(2, 2), [0x2b, 0x2d, 0x31], 'the corner is Discord’s dark embed colour');
  const colours = new Set<string>();
  for (let i = 0; i < data.length; i += info.channels * 7) colours.add(`${data[i]},${data[i + 1]},${data[i + 2]}`);
  assert.ok(colours.size > 20, 'more than a blank picture: bars, text and a legend');
});

test('/report posts the chart and a line per account to the channel; a forged number of weeks is refused', async () => {
  const answer = await w.run(w.adminKo, 'report', null, { weeks: 1 });
  const message = w.fake.answer(answer)!;
  assert.equal(w.fake.answerIsEphemeral(answer), false, 'for the whole channel');
  assert.equal(message.attachments[0]?.filename, REPORT_IMAGE);
  assert.equal((await sharp(message.attachments[0]!.data).metadata()).format, 'png');
  assert.equal(message.embeds[0].image?.url, `attachment://${REPORT_IMAGE}`);
  const fields = message.embeds[0].fields.map((f: { name: string; value: string }) => `${f.name}: ${f.value}`);
  assert.deepEqual(fields, [
    '카페 일기 (reporta): 발행 4 · 대기 2 · 실패 0 · 데드레터 0 · 검색 노출 2/3 (67%)',
    'reportb: 발행 2 · 대기 0 · 실패 1 · 데드레터 1 · 검색 노출 1/1 (100%)',
  ]);
  const forged = await w.run(w.adminKo, 'report', null, { weeks: 13 });
  // The public placeholder is deleted first, then the refusal follows for the asker only.
  await w.fake.waitFor(() => forged.followupIds.length > 0, 'the ephemeral refusal');
  assert.ok(w.fake.answerIsEphemeral(forged));
  assert.equal(w.fake.answerText(forged), '보고서는 1주에서 12주까지 볼 수 있습니다; 13주는 볼 수 없습니다.');
  assert.equal(w.fake.answer(forged)?.attachments.length ?? 0, 0);
});
