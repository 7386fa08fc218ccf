import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextPublishSlot } from '../../src/drafts/pacing.ts';
import { loadConfig, ConfigError } from '../../src/config.ts';
import { parseClusterUrl } from '../../src/redis.ts';
import { SecretBox } from '../../src/accounts/secrets.ts';
import { normaliseSession } from '../../src/accounts/session-import.ts';

const rules = { timezone: 'Asia/Seoul', dailyCap: 2, allowedHourStart: 9, allowedHourEnd: 22, minIntervalMinutes: 60 };

test('pacing delays a publish into the allowed hours of the account time zone', () => {
  // 02:00 Seoul = 17:00Z the day before
  const slot = nextPublishSlot(rules, new Date('2026-12-01T17:00:00Z'), [], 0);
  assert.equal(slot.toISOString(), '2026-12-02T00:00:00.000Z'); // 09:00 Seoul
});

test('pacing keeps the minimum interval from other posts and never drops a post past the daily cap', () => {
  const at10 = new Date('2026-12-02T01:00:00Z'); // 10:00 Seoul
  const slot = nextPublishSlot(rules, at10, [new Date('2026-12-02T00:30:00Z')], 0);
  assert.equal(slot.toISOString(), '2026-12-02T01:30:00.000Z');
  const full = nextPublishSlot(rules, at10, [new Date('2026-12-02T00:00:00Z'), new Date('2026-12-02T03:00:00Z')], 0);
  assert.equal(full.toISOString(), '2026-12-03T00:00:00.000Z', 'moved to the next day at 09:00 Seoul');
});

test('jitter delays each post by a random part of the account’s jitter, never earlier than the rules allow and never out of the window', () => {
  const jittery = { ...rules, dailyCap: 0, jitterMinutes: 30 };
  const at10 = new Date('2026-12-02T01:00:00Z'); // 10:00 Seoul
  // The random source is injected: the same draws give the same slots.
  const slots = [0, 0.37, 0.618, 0.999].map((draw) => nextPublishSlot(jittery, at10, [], draw).toISOString());
  assert.deepEqual(slots, ['2026-12-02T01:00:00.000Z', '2026-12-02T01:11:06.000Z', '2026-12-02T01:18:32.400Z', '2026-12-02T01:29:58.200Z']);
  assert.equal(new Set(slots).size, slots.length, 'different draws, different times');
  assert.ok(slots.slice(1).every((s) => !s.endsWith(':00.000Z')), 'not on the minute');

  // Near the end of the allowed hours the jitter shrinks to the room left: 21:50 Seoul stays before 22:00.
  const late = nextPublishSlot(jittery, new Date('2026-12-02T12:50:00Z'), [], 0.999);
  assert.ok(late.getTime() < Date.parse('2026-12-02T13:00:00Z') && late.getTime() >= Date.parse('2026-12-02T12:50:00Z'), late.toISOString());
  // Outside the hours it starts from the window's start, never before it: 02:00 Seoul → 09:00–09:30.
  const night = nextPublishSlot(jittery, new Date('2026-12-01T17:00:00Z'), [], 0.5);
  assert.equal(night.toISOString(), '2026-12-02T00:15:00.000Z');
  // And it keeps the minimum interval to the next planned post (11:10 Seoul): at most 10 minutes of room.
  const before = nextPublishSlot(jittery, at10, [new Date('2026-12-02T02:10:00Z')], 0.999);
  assert.ok(before.getTime() <= Date.parse('2026-12-02T01:10:00Z'), before.toISOString());
  // After a clash the slot is the interval after the other post, plus jitter (later, never earlier).
  const after = nextPublishSlot(jittery, at10, [new Date('2026-12-02T00:30:00Z')], 0.5);
  assert.equal(after.toISOString(), '2026-12-02T01:45:00.000Z');
});

const base = {
  DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/x',
  CREDENTIALS_KEY: Buffer.alloc(32, 1).toString('base64'),
  DISCORD_TOKEN: 't',
  DISCORD_APPLICATION_ID: '123',
  GEMINI_API_KEY: 'k',
};

test('config: defaults fill in, and a bad value is one line naming it and how to fix it', () => {
  const c = loadConfig(base);
  assert.equal(c.DEFAULT_TIMEZONE, 'Asia/Seoul');
  assert.equal(c.PUBLISH_TIMEOUT_MS, 300_000);
  assert.equal(c.PUBLISH_MAX_BROWSERS, 2);
  const fail = (env: Record<string, string>) => {
    try {
      loadConfig(env);
    } catch (err) {
      assert.ok(err instanceof ConfigError);
      assert.ok(!err.message.includes('\n'), 'one line');
      return err.message;
    }
    assert.fail('expected a configuration error');
  };
  assert.match(fail({ ...base, DATABASE_URL: '' }), /^Configuration error: DATABASE_URL is missing: e\.g\. postgresql:/);
  assert.match(fail({ ...base, CREDENTIALS_KEY: 'short' }), /CREDENTIALS_KEY must be 32 bytes in base64.*openssl rand -base64 32/);
  assert.match(fail({ ...base, DEFAULT_TIMEZONE: 'Mars/Base' }), /DEFAULT_TIMEZONE must be an IANA time zone/);
  assert.match(fail({ ...base, GEMINI_API_KEY: '' }), /GEMINI_API_KEY is required for ROLE=all or worker/);
  assert.doesNotThrow(() => loadConfig({ ...base, GEMINI_API_KEY: '', ROLE: 'bot' }));
});

test('config: MAX_OPEN_WORKERS and a Redis Cluster in REDIS_URL', () => {
  const message = (env: Record<string, string>) => {
    try {
      loadConfig({ ...base, ...env });
    } catch (err) {
      assert.ok(err instanceof ConfigError && !err.message.includes('\n'));
      return err.message;
    }
    return assert.fail('expected a configuration error');
  };
  assert.equal(loadConfig(base).MAX_OPEN_WORKERS, 50);
  assert.equal(loadConfig({ ...base, MAX_OPEN_WORKERS: '8' }).MAX_OPEN_WORKERS, 8);
  assert.match(message({ MAX_OPEN_WORKERS: '0' }), /^Configuration error: MAX_OPEN_WORKERS must be a whole number of at least 1: e\.g\. 50/);
  assert.equal(loadConfig({ ...base, REDIS_URL: 'redis://10.0.0.1:6379/2' }).REDIS_URL, 'redis://10.0.0.1:6379/2');
  assert.equal(loadConfig({ ...base, REDIS_URL: 'redis+cluster://10.0.0.1:7000,10.0.0.2' }).REDIS_URL, 'redis+cluster://10.0.0.1:7000,10.0.0.2');
  assert.match(message({ REDIS_URL: 'redis+cluster://' }), /REDIS_URL must list the cluster nodes as host:port,host:port/);
  assert.match(message({ REDIS_URL: 'http://x' }), /REDIS_URL must start with redis:\/\/ \(or redis\+cluster:\/\/ for a Redis Cluster\)/);
  assert.deepEqual(parseClusterUrl('rediss+cluster://app:s%40cret@a.example:7000,b.example'), {
    nodes: [{ host: 'a.example', port: 7000 }, { host: 'b.example', port: 6379 }],
    username: 'app',
    password: 's@cret',
    tls: true,
  });
});

test('secrets are sealed with AES-256-GCM and a tampered value does not open', () => {
  const box = new SecretBox(Buffer.alloc(32, 9).toString('base64'));
  const sealed = box.seal({ username: 'me', password: 'pw-1234' });
  assert.ok(!sealed.includes('pw-1234'));
  assert.deepEqual(box.open(sealed), { username: 'me', password: 'pw-1234' });
  const parts = sealed.split('.');
  parts[3] = Buffer.from('tampered').toString('base64url');
  assert.throws(() => box.open(parts.join('.')));
  assert.equal(JSON.stringify({ box }), '{"box":"[SecretBox]"}');
});

test('a browser cookie export becomes a storageState; a file without NAVER cookies is refused', () => {
  const state = normaliseSession([{ name: 'NID_AUT', value: 'x', domain: '.naver.com', path: '/', expirationDate: 1900000000, sameSite: 'no_restriction', secure: true }]);
  assert.equal(state.cookies[0]!.sameSite, 'None');
  assert.equal(state.cookies[0]!.expires, 1900000000);
  assert.throws(() => normaliseSession({ cookies: [{ name: 'a', value: 'b', domain: 'example.com' }] }), /cookieDomain/);
  assert.throws(() => normaliseSession({ hello: 1 }), /notSession/);
});
