// The checks queue's processor: one job is one live check or one search round (see checks-queue.ts).
import type { Job } from 'bullmq';
import { parsePayload } from '../queues/jobs.ts';
import { checkJobSchema, type CheckJob } from './checks-queue.ts';
import { liveCheck, type CheckOutcome, type LiveCheckDeps } from './live-check.ts';
import { searchCheck, type SearchCheckDeps } from './search-check.ts';

export type RunCheckDeps = LiveCheckDeps &
  Partial<Pick<SearchCheckDeps, 'search' | 'quota'>> &
  Pick<SearchCheckDeps, 'delaysMs'> & {
    /** Told how each check attempt ended (`retried` when it threw to be tried again): the metrics. */
    onCheckFinished?: (check: 'live' | 'search', outcome: CheckOutcome | 'retried') => void;
  };

export async function runCheck(d: RunCheckDeps, job: Job, token?: string): Promise<{ outcome: CheckOutcome }> {
  const payload = parsePayload(checkJobSchema, job.data, 'check');
  try {
    const result = await run(d, job, token, payload);
    d.onCheckFinished?.(payload.kind, result.outcome);
    return result;
  } catch (err) {
    d.onCheckFinished?.(payload.kind, 'retried');
    throw err;
  }
}

async function run(d: RunCheckDeps, job: Job, token: string | undefined, payload: CheckJob): Promise<{ outcome: CheckOutcome }> {
  // The last attempt records what went wrong instead of throwing: a check never reaches the dead letters.
  const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  if (payload.kind === 'live') return { outcome: await liveCheck(d, payload.draftId, final) };
  if (!d.search || !d.quota) return { outcome: 'skipped' };
  return { outcome: await searchCheck({ ...d, search: d.search, quota: d.quota, timeoutMs: 20_000 }, job, token, payload.round, final) };
}
