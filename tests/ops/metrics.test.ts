import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PermanentError, RetryableError } from '../../src/errors.ts';
import { eventually } from '../support/eventually.ts';
import { admin } from '../support/harness.ts';
import { startTestService, type TestService } from './support/service.ts';

let s: TestService;
let contexts = 0;
before(async () => {
  // A visitor finds every post live (the live check after publishing; tests/checks/ drive it in a real browser).
  s = await startTestService({ publisher: (fake) => Object.assign(fake, { contextsInUse: () => contexts, viewAsVisitor: async () => ({ live: true }) }) });
});
after(async () => {
  await s?.stop();
});

async function scrape(): Promise<Map<string, number>> {
  const res = await fetch(s.url('/metrics'));
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  const samples = new Map<string, number>();
  for (const line of (await res.text()).split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

const statusOf = async (id: string) => (await s.running.core.db.draft.findUniqueOrThrow({ where: { id } })).status;

test('/metrics starts with every series at zero', async () => {
  const m = await scrape();
  assert.equal(m.get('blog_autopilot_jobs_completed_total{queue="generate"}'), 0);
  assert.equal(m.get('blog_autopilot_jobs_failed_total{queue="publish"}'), 0);
  assert.equal(m.get('blog_autopilot_queue_jobs{queue="publish",state="delayed"}'), 0);
  assert.equal(m.get('blog_autopilot_drafts{status="published"}'), 0);
  assert.equal(m.get('blog_autopilot_accounts{status="active"}'), 0);
  assert.equal(m.get('blog_autopilot_dlq_size'), 0);
  assert.equal(m.get('blog_autopilot_post_checks_total{check="live",outcome="not_live"}'), 0);
  assert.equal(m.get('blog_autopilot_post_checks_total{check="search",outcome="missing"}'), 0);
  assert.ok([...m].some(([k, v]) => /^blog_autopilot_info\{role="worker",version="\d+\.\d+\.\d+.*"\}$/.test(k) && v === 1), 'info series');
  assert.ok(m.has('process_resident_memory_bytes'), 'default process metrics');
});

test('/metrics counters, durations and gauges move as posts go through', async () => {
  const actor = admin('chan-metrics');
  const { service } = s.running.core;
  const account = await service.addAccount({ blogId: 'metricsblog' }, actor);

  // One retried attempt, then success; then a publish.
  s.writer.failNext(new RetryableError('Gemini is overloaded', 'overloaded'));
  const draft = await service.schedulePost({ accountRef: account.id, topic: '지표', keywords: [], publishAt: null }, actor);
  await eventually(async () => (await statusOf(draft.id)) === 'pending_approval', 'draft written');
  await service.approve(draft.id, actor);
  await eventually(async () => (await statusOf(draft.id)) === 'published', 'draft published');

  // A permanent failure: dead-lettered.
  s.writer.failNext(new PermanentError('The topic is not allowed.', 'blocked'));
  const doomed = await service.schedulePost({ accountRef: account.id, topic: '실패', keywords: [], publishAt: null }, actor);
  await eventually(async () => (await statusOf(doomed.id)) === 'generation_failed', 'generation failed');
  await eventually(async () => (await s.running.core.db.deadLetter.count()) === 1, 'dead letter', { timeoutMs: 5_000 });

  // A post approved for later: a delayed publish job.
  const later = await service.schedulePost({ accountRef: account.id, topic: '나중에', keywords: [], publishAt: new Date(Date.now() + 3 * 3600_000) }, actor);
  await eventually(async () => (await statusOf(later.id)) === 'pending_approval', 'later draft written');
  await service.approve(later.id, actor);
  contexts = 2;

  const m = await eventually(async () => {
    const m = await scrape();
    const settled = m.get('blog_autopilot_jobs_completed_total{queue="publish"}') === 1 && m.get('blog_autopilot_queue_jobs{queue="publish",state="delayed"}') === 1;
    return settled && m.get('blog_autopilot_post_checks_total{check="live",outcome="live"}') === 1 ? m : null;
  }, 'metrics to settle');
  assert.equal(m.get('blog_autopilot_jobs_completed_total{queue="generate"}'), 2);
  assert.equal(m.get('blog_autopilot_jobs_retried_total{queue="generate"}'), 1);
  assert.equal(m.get('blog_autopilot_jobs_failed_total{queue="generate"}'), 1);
  assert.equal(m.get('blog_autopilot_jobs_failed_total{queue="publish"}'), 0);
  assert.equal(m.get('blog_autopilot_job_duration_seconds_count{queue="generate",outcome="completed"}'), 2);
  assert.equal(m.get('blog_autopilot_job_duration_seconds_count{queue="publish",outcome="completed"}'), 1);
  assert.equal(m.get('blog_autopilot_job_duration_seconds_count{queue="generate",outcome="failed"}'), 1);
  assert.equal(m.get('blog_autopilot_queue_jobs{queue="generate",state="waiting"}'), 0);
  assert.equal(m.get('blog_autopilot_dlq_size'), 1);
  assert.equal(m.get('blog_autopilot_drafts{status="published"}'), 1);
  assert.equal(m.get('blog_autopilot_drafts{status="generation_failed"}'), 1);
  assert.equal(m.get('blog_autopilot_drafts{status="approved"}'), 1);
  assert.equal(m.get('blog_autopilot_accounts{status="active"}'), 1);
  assert.equal(m.get('blog_autopilot_browser_contexts_in_use'), 2);
  const workers = m.get('blog_autopilot_open_workers{queue="generate"}')! + m.get('blog_autopilot_open_workers{queue="publish"}')!;
  assert.ok(workers >= 1, `open workers ${workers}`);
  // shared connection + wake subscriber + one blocking connection per open worker
  assert.equal(m.get('blog_autopilot_redis_connections'), 2 + workers);
  assert.equal(m.get('blog_autopilot_queues_waiting_for_worker'), 0, 'one account stays far below MAX_OPEN_WORKERS');

  // Resolving the dead letter takes it out of the DLQ gauge.
  await s.running.core.db.deadLetter.updateMany({ data: { resolvedAt: new Date(), resolution: 'discarded' } });
  assert.equal((await scrape()).get('blog_autopilot_dlq_size'), 0);
});
