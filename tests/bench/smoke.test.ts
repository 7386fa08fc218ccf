// `npm run bench` cannot rot: every section runs at tiny sizes and reports finite numbers that mean what the
// README says (every post published, connections counted, ...). No timing is asserted: speed is the bench's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SECTIONS } from '../../bench/sections.ts';

function finite(name: string, figures: Record<string, number>, fields: string[]): void {
  assert.deepEqual(Object.keys(figures).sort(), [...fields].sort(), `${name}: exactly the documented fields`);
  for (const f of fields) assert.ok(typeof figures[f] === 'number' && Number.isFinite(figures[f]), `${name}.${f} is a finite number (got ${figures[f]})`);
}

const run = async (name: string) => {
  const load = SECTIONS.find(([n]) => n === name)?.[1];
  assert.ok(load, `section ${name} is listed`);
  return (await load()).run({ smoke: true });
};

test('pipeline: every post asked for is published, with the baseline measured in the same run', async () => {
  const r = await run('pipeline');
  finite('pipeline', r, ['accounts', 'posts', 'posts_per_s', 'baseline_jobs_per_s', 'ratio', 'db_statements_per_post', 'cpu_ms_per_post']);
  assert.equal(r.posts, r.accounts! * 2, 'two posts per account in the smoke run, all published');
  assert.ok(r.posts_per_s! > 0 && r.baseline_jobs_per_s! > 0);
  assert.ok(r.db_statements_per_post! >= 1, 'a post is written to PostgreSQL');
  // Scheduled (account check, draft with its event), generated (one read, one move with its card), published
  // (one read, three moves with their cards or claims): 8, and a little room for the live checks running beside.
  assert.ok(r.db_statements_per_post! <= 9, `an auto-approved post without pictures takes about 8 statements (got ${r.db_statements_per_post})`);
  assert.ok(r.cpu_ms_per_post! > 0);
});

test('idle_accounts: the service as `npm start` runs, holds a few Redis connections and reports its memory', async () => {
  const r = await run('idle_accounts');
  finite('idle_accounts', r, ['accounts', 'redis_connections', 'redis_cmds_per_s', 'rss_mb']);
  assert.ok(r.redis_connections! >= 1, 'the service is connected to its Redis');
  assert.ok(r.redis_cmds_per_s! >= 0);
  assert.ok(r.rss_mb! > 0, 'the node process was found and measured');
});

test('active_accounts: connections at the peak exceed those left once the workers have closed', async () => {
  const r = await run('active_accounts');
  finite('active_accounts', r, ['accounts', 'redis_connections_peak', 'redis_connections_after_idle']);
  assert.ok(r.redis_connections_peak! > r.redis_connections_after_idle!, 'workers opened connections while busy and gave them back');
  assert.ok(r.redis_connections_after_idle! >= 1);
});

test('approve_latency_ms: every click reached an active publish job', async () => {
  const r = await run('approve_latency_ms');
  finite('approve_latency_ms', r, ['p50', 'p99']);
  assert.ok(r.p50! > 0 && r.p99! >= r.p50!);
});

test('browser: every publish reached the fake NAVER through Chromium', async () => {
  const r = await run('browser');
  finite('browser', r, ['publishes', 'median_ms', 'chromium_peak_rss_mb', 'browser_processes_max']);
  assert.equal(r.publishes, 2);
  assert.ok(r.median_ms! > 0 && r.chromium_peak_rss_mb! > 0);
  assert.ok(r.browser_processes_max! >= 1, 'Chromium was seen running');
});

test('busy_accounts: every account’s post is done with at most the cap of workers open', async () => {
  const r = await run('busy_accounts');
  finite('busy_accounts', r, ['accounts', 'max_open_workers', 'redis_connections_peak', 'posts_per_s', 'slowest_account_wait_s']);
  assert.ok(r.max_open_workers! < r.accounts!, 'more accounts than workers: they had to take turns');
  assert.ok(r.redis_connections_peak! <= 2 * r.max_open_workers! + 5, 'connections stay within the cap');
  assert.ok(r.posts_per_s! > 0 && r.slowest_account_wait_s! > 0);
});

test('cluster: the pipeline runs on a 3-master Redis Cluster the bench starts itself', async () => {
  const r = await run('cluster');
  finite('cluster', r, ['nodes', 'posts_per_s', 'ratio_to_single']);
  assert.equal(r.nodes, 3);
  assert.ok(r.posts_per_s! > 0 && r.ratio_to_single! > 0);
});
