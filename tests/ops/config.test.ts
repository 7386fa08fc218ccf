import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_KEY } from '../support/harness.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Runs `src/main.ts` the way `npm start` does, with only the given environment (plus PATH). */
function start(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--experimental-wasm-modules', '--no-warnings=ExperimentalWarning', '--import', 'tsx', 'src/main.ts'], {
      cwd: root,
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
}

const base = { DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/unused', CREDENTIALS_KEY: TEST_KEY, ROLE: 'worker', GEMINI_API_KEY: 'k' };

const cases: Array<{ what: string; env: Record<string, string>; line: RegExp }> = [
  { what: 'an empty environment', env: {}, line: /^Configuration error: DATABASE_URL is missing: e\.g\. postgresql:\/\/.+\.$/ },
  { what: 'a malformed CREDENTIALS_KEY', env: { ...base, CREDENTIALS_KEY: 'too-short' }, line: /^Configuration error: CREDENTIALS_KEY must be 32 bytes in base64 .*openssl rand -base64 32.*\.$/ },
  { what: 'a malformed HTTP_PORT', env: { ...base, HTTP_PORT: 'eighty' }, line: /^Configuration error: HTTP_PORT is invalid \(.+\)\.$/ },
  { what: 'a bot role without a Discord token', env: { ...base, ROLE: 'bot' }, line: /^Configuration error: DISCORD_TOKEN is required for ROLE=all or bot: .*developer portal.*\.$/ },
  { what: 'an unknown ROLE', env: { ...base, ROLE: 'both' }, line: /^Configuration error: ROLE is invalid \(.+\)\.$/ },
];

describe('configuration errors', { concurrency: true }, () => {
  for (const c of cases) {
    test(`${c.what} stops the start with one line naming the variable, exit 1, no stack`, async () => {
      const { code, stdout, stderr } = await start(c.env);
      assert.equal(code, 1);
      const lines = stderr.split('\n').filter((l) => l.trim());
      assert.equal(lines.length, 1, `stderr: ${stderr}`);
      assert.match(lines[0]!, c.line);
      assert.doesNotMatch(stderr, /\n\s+at /);
      assert.equal(stdout, '');
    });
  }
});
