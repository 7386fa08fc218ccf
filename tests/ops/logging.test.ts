import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger, redactLine, REDACTED } from '../../src/logging.ts';

/** A pino logger writing into memory; returns the logger and the written lines. */
function memoryLogger(level = 'trace') {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger({ level, destination });
  return { logger, text: () => chunks.join(''), lines: () => chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const SECRETS = {
  password: 'hunter2-password-value',
  token: 'discord-token-AAAA.BBBB.CCCC',
  apiKey: 'AIzaSyFAKEFAKEFAKEFAKE0123456789',
  storageState: 'storage-state-secret-cookie-value',
  cookie: 'NID_AUT=cookie-secret-value',
  bearer: 'bearer-credential-0123456789abcdef',
  basic: Buffer.from('admin:board-secret-pw').toString('base64'),
  dbPassword: 'pg-secret-pw-42',
  credentialsKey: Buffer.alloc(32, 9).toString('base64'),
  adminPassword: 'admin-password-value-9',
  deep: 'deeply-nested-refresh-token',
  session: 'session-blob-value-xyz',
  upper: 'UPPERCASE-HEADER-SECRET',
  snake: 'snake-case-api-key-value',
};

test('secrets never reach the log output, whatever their shape or depth', () => {
  const { logger, text, lines } = memoryLogger();
  logger.info({ password: SECRETS.password, user: 'alice' }, 'login');
  logger.info({ account: { credentials: { username: 'naverid', password: SECRETS.password } } }, 'credentials saved');
  logger.info({ token: SECRETS.token, apiKey: SECRETS.apiKey }, 'clients');
  logger.info({ storageState: { cookies: [{ name: 'NID_AUT', value: SECRETS.storageState }], origins: [] } }, 'session imported');
  logger.info({ cookies: [{ name: 'NID_SES', value: SECRETS.storageState }] }, 'cookies');
  logger.info({ req: { headers: { authorization: `Bearer ${SECRETS.bearer}`, cookie: SECRETS.cookie, 'x-goog-api-key': SECRETS.apiKey } } }, 'request');
  logger.info({ headers: { Authorization: SECRETS.upper } }, 'capitalised header');
  logger.info({ config: { DATABASE_URL: `postgresql://app:${SECRETS.dbPassword}@db:5432/app`, CREDENTIALS_KEY: SECRETS.credentialsKey, ADMIN_PASSWORD: SECRETS.adminPassword, GEMINI_API_KEY: SECRETS.apiKey, DISCORD_TOKEN: SECRETS.token } }, 'config');
  logger.info({ a: { b: { c: { d: { refreshToken: SECRETS.deep } } } } }, 'deep');
  logger.info({ job: { data: { session: SECRETS.session, api_key: SECRETS.snake } } }, 'snake case');
  logger.warn({ err: Object.assign(new Error('request failed'), { config: { headers: { authorization: `Basic ${SECRETS.basic}` } } }) }, 'error with request config');
  logger.error(`could not connect to postgresql://app:${SECRETS.dbPassword}@db:5432/app`);
  logger.info(`sent header Authorization: Bearer ${SECRETS.bearer}`);
  const child = logger.child({ accountId: 'acc1', token: SECRETS.token });
  child.info({ draftId: 'd1', jobId: 'j1' }, 'child line');

  const out = text();
  for (const [name, secret] of Object.entries(SECRETS)) assert.ok(!out.includes(secret), `${name} leaked: ${out}`);
  assert.ok(out.includes(REDACTED));
  // Non-secret neighbours survive, and lines stay valid JSON.
  const parsed = lines();
  assert.equal(parsed.length, 14);
  assert.equal(parsed[0]!.user, 'alice');
  assert.equal(parsed[0]!.password, REDACTED);
  assert.equal((parsed[1]!.account as { credentials: unknown }).credentials, REDACTED);
  assert.match(String(parsed[11]!.msg), /postgresql:\/\/app:\[redacted\]@db:5432\/app/);
  assert.equal(parsed[13]!.accountId, 'acc1');
  assert.equal(parsed[13]!.draftId, 'd1');
});

test('token counts and other look-alike keys are not redacted', () => {
  const { logger, lines } = memoryLogger();
  logger.info({ usage: { promptTokens: 10, outputTokens: 20, totalTokens: 30 }, queueKey: 'generate_x', sessionSavedAt: '2026-01-01' }, 'usage');
  const [line] = lines();
  assert.deepEqual(line!.usage, { promptTokens: 10, outputTokens: 20, totalTokens: 30 });
  assert.equal(line!.queueKey, 'generate_x');
  assert.equal(line!.sessionSavedAt, '2026-01-01');
});

test('redactLine leaves clean lines untouched', () => {
  const line = '{"level":30,"msg":"published","draftId":"d1"}\n';
  assert.equal(redactLine(line), line);
});
