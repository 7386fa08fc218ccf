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
  assert.ok(r.cpu_ms_per_post! > 0);
});
