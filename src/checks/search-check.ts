// The search check: at each of SEARCH_CHECK_DELAYS after publishing, NAVER blog search for the post's exact
// title, looking for its blog id and log number among the results. Each round is recorded (found or not, when,
// where); found ends the checks; not found at the last round raises one 누락 alert in the account's channels.
import { DelayedError, type Job } from 'bullmq';
import type { Domain } from '../domain.ts';
import type { BlogSearch } from '../ports.ts';
import { AppError, messageOf } from '../errors.ts';
import { recordEvent } from '../drafts/state-machine.ts';
import { linkedChannels } from '../drafts/notices.ts';
import { notifyDraft } from '../drafts/notify.ts';
import { withTimeout } from '../timeout.ts';
import { positionOf } from './post-link.ts';
import type { SearchQuota } from './search-quota.ts';
import type { CheckOutcome } from './live-check.ts';
import { searchCheckJobId } from './checks-queue.ts';

export interface SearchCheckDeps extends Domain {
  search: BlogSearch;
  quota: SearchQuota;
  delaysMs: readonly number[];
  timeoutMs: number;
}

async function earlierRoundPending(d: Pick<SearchCheckDeps, 'db' | 'checks'>, draftId: string, round: number): Promise<boolean> {
  if (round === 1 || !d.checks) return false;
  const recorded = await d.db.searchCheck.count({ where: { draftId, round: { lt: round } } });
  if (recorded >= round - 1) return false;
  for (let r = 1; r < round; r++) {
    const state = await (await d.checks.queue.getJob(searchCheckJobId(draftId, r)))?.getState();
    if (state && state !== 'completed' && state !== 'failed' && state !== 'unknown') return true;
  }
  return false;
}

export async function searchCheck(d: SearchCheckDeps, job: Job, token: string | undefined, round: number, final: boolean): Promise<CheckOutcome> {
  const draftId = (job.data as { draftId: string }).draftId;
  const log = d.logger.child({ draftId, check: 'search', round, jobId: job.id });
  const draft = await d.db.draft.findUnique({ where: { id: draftId }, include: { account: true } });
  if (!draft || draft.status !== 'published' || !draft.logNo || !draft.title) return 'skipped';
  if (draft.searchCheck === 'found') return 'done';
  if (await d.db.searchCheck.findUnique({ where: { draftId_round: { draftId, round } } })) return 'done';
  const last = round === d.delaysMs.length;
  // A late look after 누락 (checks-queue.ts LATE_LOOKS): found is news, not found changes nothing.
  const late = round > d.delaysMs.length;
  // Rounds of one post run in order: after a backlog (a replica down for hours) several may be due at once.
  if (await earlierRoundPending(d, draftId, round)) {
    await job.moveToDelayed(Date.now() + 2_000, token);
    throw new DelayedError();
  }
  // An earlier round may have found it meanwhile (its record and the draft are written together).
  if ((await d.db.draft.findUnique({ where: { id: draftId }, select: { searchCheck: true } }))?.searchCheck === 'found') return 'done';

  const quota = await d.quota.take();
  if (!quota.ok) {
    log.warn({ resumesAt: quota.resetAt.toISOString() }, "today's NAVER search quota is used up; the check waits for the next day");
    await job.moveToDelayed(quota.resetAt.getTime() + Math.floor(Math.random() * 60_000), token);
    throw new DelayedError();
  }
  const query = draft.title;
  let hits;
  try {
    hits = await withTimeout('Searching NAVER', d.timeoutMs, (signal) => d.search.search(query, signal));
  } catch (err) {
    const retryable = !(err instanceof AppError) || err.retryable;
    if (retryable && !final) throw err;
    log.warn({ err: messageOf(err) }, 'the search check could not be done');
    await d.db.searchCheck.upsert({
      where: { draftId_round: { draftId, round } },
      create: { draftId, round, query, found: false, error: messageOf(err).slice(0, 500) },
      update: {},
    });
    if (last) {
      await d.db.draft.updateMany({ where: { id: draftId, searchCheck: 'waiting' }, data: { searchCheck: 'unchecked', searchCheckedAt: new Date() } });
      await notifyDraft(d, draftId, 'system', 'search_unchecked');
    }
    return 'unchecked';
  }
  const position = positionOf(hits, { blogId: draft.account.blogId, logNo: draft.logNo });
  const now = new Date();
  const record = d.db.searchCheck.upsert({
    where: { draftId_round: { draftId, round } },
    create: { draftId, round, query, found: position !== null, position, checkedAt: now },
    update: {},
  });
  log.info({ found: position !== null, position, results: hits.length }, 'search check');
  if (position === null) await record;

  if (position !== null) {
    const [, found] = await d.db.$transaction([
      record,
      d.db.draft.updateMany({
        where: { id: draftId, NOT: { searchCheck: 'found' } },
        data: { searchCheck: 'found', searchCheckedAt: now, searchFoundAt: now, searchPosition: position },
      }),
    ]);
    if (found.count === 1) {
      await recordEvent(d.db, draftId, 'system', 'found_in_search', { round, position });
      await notifyDraft(d, draftId, 'system', 'found_in_search');
    }
    return 'found';
  }
  if (late) return 'missing';
  if (!last) {
    await d.db.draft.updateMany({ where: { id: draftId, searchCheck: 'waiting' }, data: { searchCheckedAt: now } });
    await notifyDraft(d, draftId, 'system', 'not_yet_in_search');
    return 'not_yet';
  }
  // The last round decides 누락. Whoever sets the alert time sends the one alert.
  const claimed = await d.db.draft.updateMany({
    where: { id: draftId, searchMissingAlertAt: null, NOT: { searchCheck: 'found' } },
    data: { searchCheck: 'missing', searchCheckedAt: now, searchMissingAlertAt: now },
  });
  if (claimed.count !== 1) return 'done';
  await recordEvent(d.db, draftId, 'system', 'missing_from_search', { round, query });
  await d.checks?.afterMissing(draftId, draft.publishedAt ?? now);
  await notifyDraft(d, draftId, 'system', 'missing_from_search');
  try {
    await d.notifier.notify({
      kind: 'search_missing',
      draftId,
      accountId: draft.accountId,
      blogId: draft.account.blogId,
      channelIds: await linkedChannels(d.db, draft.accountId),
      title: draft.title,
      url: draft.publishedUrl ?? '',
      query,
      checks: d.delaysMs.length,
      lastDelayMs: d.delaysMs[d.delaysMs.length - 1]!,
    });
  } catch (err) {
    log.warn({ err: messageOf(err) }, 'could not send the missing-from-search alert');
  }
  return 'missing';
}
