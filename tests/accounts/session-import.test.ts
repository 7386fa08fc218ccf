// `/account session` files: what Playwright and the cookie extensions write is accepted; anything a publish
// would later choke on is refused at import with the first problem, named by cookie or origin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normaliseSession, SessionFileError, type SessionProblem } from '../../src/accounts/session-import.ts';
import { en } from '../../src/discord/locales/en.ts';
import { ko } from '../../src/discord/locales/ko.ts';
import { refusalText } from '../../src/discord/respond.ts';

const now = new Date('2026-11-26T00:00:00Z');
const future = 1_830_000_000; // 2027-12-27
const past = 1_700_000_000; // 2023-11-14
const hosts = ['naver.com', 'blog.naver.com', 'nid.naver.com'];
const cookie = (extra: Record<string, unknown> = {}) => ({ name: 'NID_AUT', value: 'v', domain: '.naver.com', path: '/', expires: future, httpOnly: true, secure: true, sameSite: 'Lax', ...extra });
const state = (cookies: unknown[], origins: unknown = []) => ({ cookies, origins });
const origin = (extra: Record<string, unknown> = {}) => ({ origin: 'https://blog.naver.com', localStorage: [{ name: 'k', value: 'v' }], ...extra });

function problemOf(json: unknown): SessionProblem | 'accepted' {
  try {
    normaliseSession(json, hosts, now);
    return 'accepted';
  } catch (err) {
    if (err instanceof SessionFileError) return err.problem;
    throw err;
  }
}

test('a Playwright storageState is imported as it is', () => {
  const file = {
    cookies: [cookie({ expires: -1, sameSite: 'None' }), cookie({ name: 'NID_SES', domain: 'blog.naver.com', sameSite: 'Strict', expires: future + 0.25 })],
    origins: [origin(), { origin: 'https://nid.naver.com', localStorage: [] }],
  };
  assert.deepEqual(normaliseSession(file, hosts, now), file);
});

test('Cookie-Editor and EditThisCookie exports are imported as Playwright cookies', () => {
  const cookieEditor = [
    { domain: '.naver.com', expirationDate: 1830000000.5, hostOnly: false, httpOnly: true, name: 'NID_AUT', path: '/', sameSite: 'no_restriction', secure: true, session: false, storeId: '0', value: 'a' },
    { domain: 'blog.naver.com', hostOnly: true, httpOnly: false, name: 'JSESSIONID', path: '/', sameSite: null, secure: false, session: true, storeId: null, value: 'b' },
  ];
  assert.deepEqual(normaliseSession(cookieEditor, hosts, now), {
    cookies: [
      { name: 'NID_AUT', value: 'a', domain: '.naver.com', path: '/', expires: 1830000000.5, httpOnly: true, secure: true, sameSite: 'None' },
      { name: 'JSESSIONID', value: 'b', domain: 'blog.naver.com', path: '/', expires: -1, httpOnly: false, secure: false, sameSite: 'Lax' },
    ],
    origins: [],
  });
  const editThisCookie = [
    { domain: 'naver.com', expirationDate: future, hostOnly: false, httpOnly: false, name: 'NNB', path: '/', sameSite: 'unspecified', secure: true, session: false, storeId: '0', value: 'c', id: 1 },
    { domain: '.naver.com', expirationDate: future, hostOnly: false, httpOnly: true, name: 'NID_SES', path: '/', sameSite: 'lax', secure: true, session: false, storeId: '0', value: 'd', id: 2 },
  ];
  const imported = normaliseSession(editThisCookie, hosts, now).cookies;
  assert.equal(imported[0]!.domain, '.naver.com', 'hostOnly: false means every subdomain (a leading dot for Playwright)');
  assert.deepEqual(imported.map((c) => c.sameSite), ['Lax', 'Lax']);
});

test('the configured NAVER hosts (a proxy, the test site) are NAVER too', () => {
  const file = state([cookie({ domain: '127.0.0.1' })], [origin({ origin: 'http://127.0.0.1:4321' })]);
  assert.equal(normaliseSession(file, ['naver.com', '127.0.0.1'], now).cookies.length, 1);
  assert.deepEqual(problemOf(file), { code: 'cookieDomain', n: 1, name: 'NID_AUT', domain: '127.0.0.1' });
});

{
  const many = (n: number, make: (i: number) => unknown) => Array.from({ length: n }, (_, i) => make(i));
  const cases: [what: string, file: unknown, problem: SessionProblem][] = [
    ['no cookie list at all', { hello: 1 }, { code: 'notSession' }],
    ['JSON null', null, { code: 'notSession' }],
    ['an empty cookie list', state([]), { code: 'noCookies' }],
    ['301 cookies', state(many(301, (i) => cookie({ name: `c${i}` }))), { code: 'tooManyCookies', count: 301, max: 300 }],
    ['a cookie that is a string', state([cookie(), 'NID_AUT=v']), { code: 'cookieNotObject', n: 2 }],
    ['a cookie without a name', state([cookie({ name: undefined })]), { code: 'cookieName', n: 1 }],
    ['a cookie name with "="', state([cookie({ name: 'a=b' })]), { code: 'cookieName', n: 1 }],
    ['a cookie name with a line break', state([cookie({ name: 'NID\nAUT' })]), { code: 'cookieName', n: 1 }],
    ['a numeric value', state([cookie({ value: 42 })]), { code: 'cookieValue', n: 1, name: 'NID_AUT' }],
    ['a value with ";"', state([cookie({ value: 'a; Path=/' })]), { code: 'cookieValue', n: 1, name: 'NID_AUT' }],
    ['a cookie of another site', state([cookie(), cookie({ name: 'sid', domain: '.example.com' })]), { code: 'cookieDomain', n: 2, name: 'sid', domain: '.example.com' }],
    ['a look-alike domain', state([cookie({ domain: 'evilnaver.com' })]), { code: 'cookieDomain', n: 1, name: 'NID_AUT', domain: 'evilnaver.com' }],
    ['NAVER as a subdomain of another site', state([cookie({ domain: 'naver.com.example.com' })]), { code: 'cookieDomain', n: 1, name: 'NID_AUT', domain: 'naver.com.example.com' }],
    ['a path without "/"', state([cookie({ path: 'blog' })]), { code: 'cookiePath', n: 1, name: 'NID_AUT', path: 'blog' }],
    ['expires 0', state([cookie({ expires: 0 })]), { code: 'cookieExpires', n: 1, name: 'NID_AUT' }],
    ['expires -5', state([cookie({ expires: -5 })]), { code: 'cookieExpires', n: 1, name: 'NID_AUT' }],
    ['expires in milliseconds', state([cookie({ expires: future * 1000 })]), { code: 'cookieExpires', n: 1, name: 'NID_AUT' }],
    ['expires as text', state([cookie({ expires: 'tomorrow' })]), { code: 'cookieExpires', n: 1, name: 'NID_AUT' }],
    ['an expired cookie', [cookie({ expires: undefined, expirationDate: past })], { code: 'cookieExpired', n: 1, name: 'NID_AUT', expires: past }],
    ['an unknown sameSite', state([cookie({ sameSite: 'sometimes' })]), { code: 'cookieSameSite', n: 1, name: 'NID_AUT', sameSite: 'sometimes' }],
    ['httpOnly as text', state([cookie({ httpOnly: 'yes' })]), { code: 'cookieFlag', n: 1, name: 'NID_AUT', field: 'httpOnly' }],
    ['origins that are not a list', state([cookie()], {}), { code: 'originsNotList' }],
    ['21 origins', state([cookie()], many(21, () => origin())), { code: 'tooManyOrigins', count: 21, max: 20 }],
    ['an origin of another site', state([cookie()], [origin(), origin({ origin: 'https://evil.example' })]), { code: 'originUrl', n: 2, origin: 'https://evil.example' }],
    ['an origin that is no URL', state([cookie()], [origin({ origin: 'blog.naver.com' })]), { code: 'originUrl', n: 1, origin: 'blog.naver.com' }],
    ['an origin with a path', state([cookie()], [origin({ origin: 'https://blog.naver.com/me' })]), { code: 'originUrl', n: 1, origin: 'https://blog.naver.com/me' }],
    ['a javascript: origin', state([cookie()], [origin({ origin: 'javascript:alert(1)' })]), { code: 'originUrl', n: 1, origin: 'javascript:alert(1)' }],
    ['an origin without localStorage', state([cookie()], [{ origin: 'https://blog.naver.com' }]), { code: 'originMalformed', n: 1 }],
    ['a localStorage value that is a number', state([cookie()], [origin({ localStorage: [{ name: 'k', value: 1 }] })]), { code: 'originMalformed', n: 1 }],
    ['201 localStorage entries', state([cookie()], [origin({ localStorage: many(201, (i) => ({ name: `k${i}`, value: 'v' })) })]), { code: 'tooManyStorageItems', n: 1, origin: 'https://blog.naver.com', max: 200 }],
  ];
  for (const [what, file, problem] of cases) {
    test(`a session file with ${what} is refused, naming the cookie or origin (${problem.code})`, () => {
      assert.deepEqual(problemOf(file), problem);
    });
  }
}

test('every session file problem is one sentence in English and in Korean', () => {
  const problem: SessionProblem = { code: 'cookieDomain', n: 2, name: 'sid', domain: '.example.com' };
  assert.equal(refusalText(new SessionFileError(problem), en), 'Cookie 2 ("sid") is for ".example.com", not for NAVER: export only NAVER’s cookies.');
  assert.equal(refusalText(new SessionFileError(problem), ko), '2번째 쿠키("sid")는 네이버가 아닌 ".example.com"의 쿠키입니다. 네이버 쿠키만 내보내 주세요.');
  assert.deepEqual(Object.keys(ko.sessionFile).sort(), Object.keys(en.sessionFile).sort());
  assert.equal(refusalText(new SessionFileError({ code: 'cookieExpired', n: 1, name: 'NID_AUT', expires: past }), en), 'Cookie 1 ("NID_AUT") expired on 2023-11-14: log in to NAVER again and export a fresh session.');
});
