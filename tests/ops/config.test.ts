import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_KEY } from '../support/harness.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The node arguments of `npm start` (`exec node <args> src/main.ts`), with main.ts made absolute. */
const startScript = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
const startArgs = startScript
  .replace(/^exec node /, '')
  .split(' ')
  .map((a) => (a === 'src/main.ts' ? path.join(root, a) : a));

/**
 * Runs `src/main.ts` the way `npm start` does, with only the given environment (plus PATH), in a fresh directory
 * holding `dotEnv` as its `.env` when given (npm runs the script in the project directory, so `.env` is read from there).
 */
async function start(env: Record<string, string>, dotEnv?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const cwd = await mkdtemp(path.join(os.tmpdir(), 'bap-config-'));
  if (dotEnv !== undefined) await writeFile(path.join(cwd, '.env'), dotEnv);
  try {
    return await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, startArgs, {
        cwd,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
}

/** Node's own note on stderr when `--env-file-if-exists` finds no .env. */
const NO_DOT_ENV = '.env not found. Continuing without it.';

/** The configuration lines of a failed start; besides them, stderr may hold only Node's note that there is no .env. */
function problemLines(stderr: string): string[] {
  const lines = stderr.split('\n').filter((l) => l.trim());
  assert.deepEqual(lines.filter((l) => !l.startsWith('Configuration error: ') && l !== NO_DOT_ENV), [], stderr);
  return lines.filter((l) => l.startsWith('Configuration error: '));
}
const namesIn = (lines: string[]) => lines.map((l) => /^Configuration error: (\w+) /.exec(l)?.[1]);

const base = { DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/unused', CREDENTIALS_KEY: TEST_KEY, ROLE: 'worker', GEMINI_API_KEY: 'k' };

const cases: Array<{ what: string; env: Record<string, string>; line: RegExp }> = [
  { what: 'a missing DATABASE_URL', env: { ...base, DATABASE_URL: '' }, line: /^Configuration error: DATABASE_URL is missing: e\.g\. postgresql:\/\/.+\.$/ },
  { what: 'a malformed CREDENTIALS_KEY', env: { ...base, CREDENTIALS_KEY: 'too-short' }, line: /^Configuration error: CREDENTIALS_KEY must be 32 bytes in base64 .*openssl rand -base64 32.*\.$/ },
  { what: 'a malformed HTTP_PORT', env: { ...base, HTTP_PORT: 'eighty' }, line: /^Configuration error: HTTP_PORT is invalid \(.+\)\.$/ },
  { what: 'a bot role without a Discord token', env: { ...base, ROLE: 'bot', DISCORD_APPLICATION_ID: '123456789012345678' }, line: /^Configuration error: DISCORD_TOKEN is required for ROLE=all or bot: .*developer portal.*\.$/ },
  { what: 'an unknown ROLE', env: { ...base, ROLE: 'both' }, line: /^Configuration error: ROLE is invalid \(.+\)\.$/ },
];

describe('configuration errors', { concurrency: true }, () => {
  for (const c of cases) {
    test(`${c.what} stops the start with one line naming the variable, exit 1, no stack`, async () => {
      const { code, stdout, stderr } = await start(c.env);
      assert.equal(code, 1);
      const lines = problemLines(stderr);
      assert.equal(lines.length, 1, `stderr: ${stderr}`);
      assert.match(lines[0]!, c.line);
      assert.doesNotMatch(stderr, /\n\s+at /);
      assert.equal(stdout, '');
    });
  }
});

test('an empty environment names every missing setting at once, one line each, and exits 1', async () => {
  const { code, stdout, stderr } = await start({});
  assert.equal(code, 1);
  assert.equal(stdout, '');
  const lines = problemLines(stderr);
  assert.deepEqual(namesIn(lines), ['DATABASE_URL', 'CREDENTIALS_KEY', 'DISCORD_TOKEN', 'DISCORD_APPLICATION_ID', 'GEMINI_API_KEY'], stderr);
  assert.match(lines[0]!, /^Configuration error: DATABASE_URL is missing: e\.g\. postgresql:\/\/.+\.$/);
  assert.match(lines[1]!, /^Configuration error: CREDENTIALS_KEY is missing: .*openssl rand -base64 32\.$/);
  assert.match(lines[2]!, /^Configuration error: DISCORD_TOKEN is required for ROLE=all or bot: .*developer portal.*\.$/);
  assert.doesNotMatch(stderr, /\n\s+at /);
});

test('malformed and missing settings are listed together, each once', async () => {
  const { code, stderr } = await start({ ROLE: 'bot', HTTP_PORT: 'eighty', CREDENTIALS_KEY: 'too-short', ADMIN_USER: 'ops' });
  assert.equal(code, 1);
  assert.deepEqual(
    namesIn(problemLines(stderr)),
    ['DATABASE_URL', 'CREDENTIALS_KEY', 'HTTP_PORT', 'DISCORD_TOKEN', 'DISCORD_APPLICATION_ID', 'ADMIN_PASSWORD'],
    stderr,
  );
  assert.match(stderr, /^Configuration error: HTTP_PORT is invalid \(.+\)\.$/m);
  assert.match(stderr, /^Configuration error: ADMIN_PASSWORD must be set together with the other \(or neither\)\.$/m);
});

test('a malformed ROLE is named without guessing which role\'s settings are missing', async () => {
  const { code, stderr } = await start({ ROLE: 'both' });
  assert.equal(code, 1);
  assert.deepEqual(namesIn(problemLines(stderr)), ['ROLE', 'DATABASE_URL', 'CREDENTIALS_KEY'], stderr);
});

test('`npm start` reads the settings from .env when there is one; the environment wins over it', async () => {
  const dotEnv = ['# written by the test', 'DATABASE_URL=mysql://nope', 'CREDENTIALS_KEY=too-short', 'ROLE=worker', 'GEMINI_API_KEY=k', ''].join('\n');
  const fromFile = await start({}, dotEnv);
  assert.equal(fromFile.code, 1);
  assert.doesNotMatch(fromFile.stderr, /not found/);
  const lines = problemLines(fromFile.stderr);
  assert.deepEqual(namesIn(lines), ['DATABASE_URL', 'CREDENTIALS_KEY'], fromFile.stderr);
  assert.match(lines[0]!, /DATABASE_URL must start with postgresql:\/\//);

  const overridden = await start({ CREDENTIALS_KEY: TEST_KEY }, dotEnv);
  assert.deepEqual(namesIn(problemLines(overridden.stderr)), ['DATABASE_URL'], overridden.stderr);
});
