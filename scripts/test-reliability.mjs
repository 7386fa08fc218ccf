// `npm run test:reliability`: the reliability scenarios (tests/reliability/*.scenario.ts, which `npm test` does
// not pick up), one at a time through the same runner as `npm test`, then their table and the wall time.
// Results: tests/reliability/results.json. Logs of every replica: tmp/reliability/<scenario>/.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const dir = 'tests/reliability';
const results = `${dir}/results.json`;
const only = process.argv.slice(2);
const files = only.length ? only : readdirSync(dir).filter((f) => f.endsWith('.scenario.ts')).sort().map((f) => `${dir}/${f}`);
if (!only.length) rmSync(results, { force: true });

const started = Date.now();
const run = spawnSync(process.execPath, ['scripts/test.mjs', ...files], { stdio: 'inherit', env: { ...process.env, TEST_CONCURRENCY: '1', TEST_FORCE_EXIT: '1' } });
const wallSeconds = Math.round((Date.now() - started) / 1000);

const scenarios = existsSync(results) ? JSON.parse(readFileSync(results, 'utf8')).scenarios : [];
writeFileSync(results, `${JSON.stringify({ wallSeconds, scenarios }, null, 2)}\n`);
console.log('\nreliability:');
for (const s of scenarios) {
  console.log(
    `  ${s.scenario} ${s.name.padEnd(16)} posts ${s.posts} · published once ${s.publishedOnce} · waiting for a person ${s.waitingForAPerson} · ` +
      `lost ${s.lost} · duplicates ${s.duplicates} · stuck ${s.stuck} · refusals ${s.refusals}  (${s.seconds} s)`,
  );
}
console.log(`  wall time ${Math.floor(wallSeconds / 60)} min ${wallSeconds % 60} s; results in ${results}`);
process.exit(run.status ?? 1);
