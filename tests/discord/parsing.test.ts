// The small parsers behind the options and buttons: publish times, custom ids, topic pools.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePublishAt, formatInZone } from '../../src/discord/time.ts';
import { parseDlqId, parseDraftId, parseDraftsPageId, draftsPageId, draftId } from '../../src/discord/custom-ids.ts';
import { topicPool } from '../../commands/schedule.ts';

const now = new Date('2026-11-26T00:00:00Z'); // 09:00 in Seoul

test('publish_at: absolute times are read in the given zone', () => {
  assert.deepEqual(parsePublishAt('2026-12-01 09:00', 'Asia/Seoul', now), { ok: true, date: new Date('2026-12-01T00:00:00Z') });
  assert.deepEqual(parsePublishAt('2026/12/01 9:30', 'Asia/Seoul', now), { ok: true, date: new Date('2026-12-01T00:30:00Z') });
  assert.deepEqual(parsePublishAt('2026-12-01 09:00', 'America/New_York', now), { ok: true, date: new Date('2026-12-01T14:00:00Z') });
});

test('publish_at: relative times in English and Korean', () => {
  const after = (m: number) => ({ ok: true, date: new Date(now.getTime() + m * 60_000) });
  assert.deepEqual(parsePublishAt('in 2h', 'Asia/Seoul', now), after(120));
  assert.deepEqual(parsePublishAt('in 30m', 'Asia/Seoul', now), after(30));
  assert.deepEqual(parsePublishAt('in 1d', 'Asia/Seoul', now), after(1440));
  assert.deepEqual(parsePublishAt('in 1h 30m', 'Asia/Seoul', now), after(90));
  assert.deepEqual(parsePublishAt('In 2 hours', 'Asia/Seoul', now), after(120));
  assert.deepEqual(parsePublishAt('2시간 후', 'Asia/Seoul', now), after(120));
  assert.deepEqual(parsePublishAt('1일 3시간 뒤', 'Asia/Seoul', now), after(1620));
  assert.deepEqual(parsePublishAt('30분 후', 'Asia/Seoul', now), after(30));
});

test('publish_at: the past and nonsense are refused', () => {
  assert.deepEqual(parsePublishAt('2026-11-26 08:59', 'Asia/Seoul', now), { ok: false, reason: 'past' });
  assert.deepEqual(parsePublishAt('2026-11-26 09:00', 'Asia/Seoul', now), { ok: false, reason: 'past' });
  for (const bad of ['tomorrow', 'in 2x', 'in 0m', '2026-13-01 09:00', '2026-02-30 09:00', '2026-12-01 25:00', '2시간', 'in', '']) {
    assert.deepEqual(parsePublishAt(bad, 'Asia/Seoul', now), { ok: false, reason: 'unparsable' }, bad);
  }
});

test('publish_at: a time more than a year ahead, or beyond any calendar, is refused as too far', () => {
  const cases: [input: string, expected: ReturnType<typeof parsePublishAt>][] = [
    ['in 99999999999999d', { ok: false, reason: 'too_far' }],
    [`in ${'9'.repeat(400)}m`, { ok: false, reason: 'too_far' }],
    ['9999-12-31 23:59', { ok: false, reason: 'too_far' }],
    ['2027-11-26 09:01', { ok: false, reason: 'too_far' }],
    ['in 367d', { ok: false, reason: 'too_far' }],
    ['99999시간 후', { ok: false, reason: 'too_far' }],
    ['2027-11-26 09:00', { ok: true, date: new Date('2027-11-26T00:00:00Z') }],
    ['in 365d', { ok: true, date: new Date(now.getTime() + 365 * 86_400_000) }],
  ];
  for (const [input, expected] of cases) assert.deepEqual(parsePublishAt(input, 'Asia/Seoul', now), expected, input);
});

test('instants are shown in the schedule’s zone and the reader’s language', () => {
  assert.equal(formatInZone(new Date('2026-12-01T00:00:00Z'), 'Asia/Seoul', 'en'), '2026-12-01 09:00 (Tue) Asia/Seoul');
  assert.equal(formatInZone(new Date('2026-12-01T00:00:00Z'), 'Asia/Seoul', 'ko'), '2026-12-01 09:00 (화) Asia/Seoul');
});

test('custom ids round-trip and foreign ids are not claimed', () => {
  assert.deepEqual(parseDraftId(draftId('mark_published', 'cmabc123')), { action: 'mark_published', draftId: 'cmabc123' });
  assert.equal(parseDraftId('draft:delete:cmabc123'), null);
  assert.equal(parseDraftId('draft:approve:'), null);
  assert.equal(parseDraftId('draft:approve:a b'), null);
  assert.deepEqual(parseDlqId('dlq:retry:x1'), { action: 'retry', deadLetterId: 'x1' });
  assert.equal(parseDlqId('draft:approve:x1'), null);
  const page = { page: 3, accountRef: 'cmacc', status: 'pending_approval' };
  assert.deepEqual(parseDraftsPageId(draftsPageId(page)), page);
  assert.deepEqual(parseDraftsPageId(draftsPageId({ page: 0, accountRef: null, status: null })), { page: 0, accountRef: null, status: null });
  assert.ok(draftsPageId({ page: 9999, accountRef: 'c'.repeat(30), status: 'publish_unconfirmed' }).length <= 100);
});

test('a topic pool splits on new lines and |', () => {
  assert.deepEqual(topicPool('봄 여행 | 여름 휴가\n가을 단풍\r\n\n | '), ['봄 여행', '여름 휴가', '가을 단풍']);
});

test('every failure class explained in English is explained in Korean too', async () => {
  const { en } = await import('../../src/discord/locales/en.ts');
  const { ko } = await import('../../src/discord/locales/ko.ts');
  assert.deepEqual(Object.keys(ko.errorHints).sort(), Object.keys(en.errorHints).sort());
  for (const cls of ['gemini_rate_limited', 'content_blocked', 'naver_editor', 'timeout']) assert.ok(ko.errorHints[cls], cls);
});
