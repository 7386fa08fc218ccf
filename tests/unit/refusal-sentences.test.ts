// Every refusal the domain can raise reads as one sentence in English and in Korean. The tables below are typed
// by the code lists (src/refusals.ts, src/limits.ts, accounts/session-import.ts), so a new code without an
// example here does not compile, and one without a sentence in a locale fails here or in the type check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ForbiddenError, NotFoundError, UserInputError, type RefusalCode, type Refusals } from '../../src/refusals.ts';
import { LIMITS, LimitError, type LimitName } from '../../src/limits.ts';
import { SessionFileError } from '../../src/accounts/session-import.ts';
import type { SessionProblem } from '../../src/refusals.ts';
import { inEnglish, inKorean } from '../support/refusals.ts';

const HANGUL = /[\uAC00-\uD7A3]/;

const examples: { [C in RefusalCode]: Refusals[C] } = {
  not_here: { thing: 'draft', ref: 'd1' },
  approver_required: { blogId: 'autoblog' },
  draft_request_limit: { limit: 10, retryAt: new Date('2026-12-01T00:30:00Z') },
  guild_only: {},
  blog_id_invalid: {},
  account_gone: {},
  account_already_linked: { blogId: 'myblog' },
  account_disabled: { blogId: 'myblog' },
  login_incomplete: {},
  password_too_long: { max: 16 },
  approver_role_invalid: {},
  login_relay_ended: {},
  login_relay_other_account: {},
  login_relay_not_asking: {},
  login_relay_busy: {},
  login_relay_answer_invalid: { max: 64 },
  style_example_unknown: { ref: 'https://blog.naver.com/x/1' },
  over_limit: { limit: 'keywords', max: LIMITS.keywords, given: 12 },
  session_file: { code: 'noCookies' },
  draft_gone: { draftId: 'd1' },
  topic_empty: {},
  topics_none: {},
  topic_placeholder_unknown: { token: '{data}', position: 2 },
  publish_at_past: {},
  draft_status_unknown: { status: 'lost', known: ['approved', 'published'] },
  post_url_invalid: {},
  edit_not_pending: { status: 'published' },
  photo_refused: { n: 2, fileName: 'menu.jpg', problem: 'type' },
  too_many_photos: { max: 10, given: 11 },
  image_slot_unknown: { slot: 3 },
  images_not_pending: { status: 'published' },
  image_count_invalid: { max: 20 },
  image_style_too_long: { max: 300 },
  edit_invalid: { field: 'title', reason: 'too short' },
  edit_conflict: {},
  report_weeks: { max: 12, given: 0 },
  weekly_report_day_missing: {},
  weekly_report_invalid: {},
  preview_not_available: { status: 'published' },
  check_no_account: {},
  browser_needs_login: { blogId: 'myblog' },
  dead_letter_resolved: { resolution: 'discarded' },
  queue_not_retried: { queue: 'other' },
  cron_empty: {},
  cron_invalid: { expression: '0 9 * *', why: 'expected 5 or 6 fields but got 4' },
  cron_never_fires: { expression: '0 0 30 2 *' },
  cron_too_frequent: { minutes: 10 },
  timezone_unknown: { zone: 'Mars/Olympus' },
  timezone_offset: { zone: '+09:00' },
};

const sessionProblems: { [K in SessionProblem['code']]: Extract<SessionProblem, { code: K }> } = {
  notSession: { code: 'notSession' },
  noCookies: { code: 'noCookies' },
  tooManyCookies: { code: 'tooManyCookies', count: 400, max: 300 },
  cookieNotObject: { code: 'cookieNotObject', n: 1 },
  cookieName: { code: 'cookieName', n: 1 },
  cookieValue: { code: 'cookieValue', n: 1, name: 'sid' },
  cookieDomain: { code: 'cookieDomain', n: 1, name: 'sid', domain: '.example.com' },
  cookiePath: { code: 'cookiePath', n: 1, name: 'sid', path: 'x' },
  cookieExpires: { code: 'cookieExpires', n: 1, name: 'sid' },
  cookieExpired: { code: 'cookieExpired', n: 1, name: 'sid', expires: 1_600_000_000 },
  cookieSameSite: { code: 'cookieSameSite', n: 1, name: 'sid', sameSite: 'odd' },
  cookieFlag: { code: 'cookieFlag', n: 1, name: 'sid', field: 'secure' },
  originsNotList: { code: 'originsNotList' },
  tooManyOrigins: { code: 'tooManyOrigins', count: 30, max: 20 },
  originMalformed: { code: 'originMalformed', n: 1 },
  originUrl: { code: 'originUrl', n: 1, origin: 'https://example.com' },
  tooManyStorageItems: { code: 'tooManyStorageItems', n: 1, origin: 'https://blog.naver.com', max: 200 },
};

function assertOneSentenceEach(what: string, err: Error): void {
  const en = inEnglish(err);
  const ko = inKorean(err);
  assert.ok(en && en.trim().length > 0, `${what}: no English sentence`);
  assert.ok(ko && ko.trim().length > 0, `${what}: no Korean sentence`);
  for (const text of [en, ko]) {
    assert.doesNotMatch(text, /undefined|null|\[object |NaN/, `${what}: a parameter is missing in "${text}"`);
    assert.ok(!text.includes('\n'), `${what}: one line`);
  }
  assert.doesNotMatch(en, HANGUL, `${what}: the English sentence is English`);
  assert.match(ko, HANGUL, `${what}: the Korean sentence is Korean`);
}

test('every refusal code of the domain reads as a sentence in English and in Korean', () => {
  const codes = Object.keys(examples) as RefusalCode[];
  assert.ok(codes.length >= 30, `only ${codes.length} codes`);
  for (const code of codes) {
    // Each code in each of the three kinds: the sentence depends on the code, not on the kind.
    for (const Kind of [UserInputError, ForbiddenError, NotFoundError]) {
      assertOneSentenceEach(`${Kind.name} ${code}`, new Kind(code, examples[code] as never));
    }
  }
});

test('every limit and every session file problem reads as a sentence in English and in Korean', () => {
  for (const limit of Object.keys(LIMITS) as LimitName[]) {
    assertOneSentenceEach(`limit ${limit}`, new LimitError(limit, LIMITS[limit] + 1, 2));
    assertOneSentenceEach(`limit ${limit} (no position)`, new LimitError(limit, LIMITS[limit] + 1));
  }
  for (const problem of Object.values(sessionProblems)) assertOneSentenceEach(`session file ${problem.code}`, new SessionFileError(problem));
});

test('a refusal keeps its parameters in the sentence, in the user’s language', () => {
  const err = new UserInputError('account_already_linked', { blogId: 'myblog' });
  assert.equal(inEnglish(err), 'The account myblog is already linked to this channel.');
  assert.equal(inKorean(err), 'myblog 계정은 이미 이 채널에 연결되어 있습니다.');
  assert.match(err.message, /^account_already_linked \{"blogId":"myblog"\}$/, 'the log message names the code');
  const resolved = new UserInputError('dead_letter_resolved', { resolution: null });
  assert.equal(inEnglish(resolved), 'That dead letter was already resolved.');
  assert.equal(inKorean(resolved), '이 실패 작업은 이미 처리되었습니다.');
  assert.equal(inKorean(new UserInputError('dead_letter_resolved', { resolution: 'retried' })), '이 실패 작업은 이미 다시 실행했습니다.');
});
