// The live check: right after `published`, the post opened as a visitor with no session must show its title.
// The result and its time are recorded on the draft; not live, the draft's message and its channels say so
// (with a screenshot). It records and tells; it never changes the draft's status.
import type { Domain } from '../domain.ts';
import type { ArticlePublisher } from '../ports.ts';
import { AppError, messageOf } from '../errors.ts';
import { recordEvent } from '../drafts/state-machine.ts';
import { linkedChannels } from '../drafts/notices.ts';
import { notifyDraft } from '../drafts/notify.ts';
import { withTimeout } from '../timeout.ts';

export interface LiveCheckDeps extends Domain {
  publisher: ArticlePublisher;
  timeoutMs: number;
}

export type CheckOutcome = 'skipped' | 'done' | 'live' | 'not_live' | 'unchecked' | 'found' | 'not_yet' | 'missing' | 'waiting_for_quota';

/** `final`: the job's last attempt, so a failure is recorded instead of retried. */
export async function liveCheck(d: LiveCheckDeps, draftId: string, final: boolean): Promise<CheckOutcome> {
  const log = d.logger.child({ draftId, check: 'live' });
  if (!d.publisher.viewAsVisitor) {
    log.info('this publisher cannot open posts as a visitor; no live check');
    return 'skipped';
  }
  const draft = await d.db.draft.findUnique({ where: { id: draftId }, include: { account: true } });
  if (!draft || draft.status !== 'published' || !draft.publishedUrl || !draft.title) return 'skipped';
  if (draft.liveCheck) return 'done';
  const request = { accountId: draft.accountId, draftId, url: draft.publishedUrl, title: draft.title };
  let view;
  try {
    view = await withTimeout('Opening the post as a visitor', d.timeoutMs, (signal) => d.publisher.viewAsVisitor!(request, signal));
  } catch (err) {
    const retryable = !(err instanceof AppError) || err.retryable;
    if (retryable && !final) throw err;
    log.warn({ err: messageOf(err) }, 'the live check could not be done');
    await d.db.draft.updateMany({ where: { id: draftId, liveCheck: null }, data: { liveCheck: 'unchecked', liveCheckedAt: new Date(), liveCheckDetail: messageOf(err).slice(0, 500) } });
    await notifyDraft(d, draftId, 'system', 'live_unchecked');
    return 'unchecked';
  }
  // Only the run that records the result tells the channel, so a retried job never alerts twice.
  const claimed = await d.db.draft.updateMany({
    where: { id: draftId, liveCheck: null },
    data: {
      liveCheck: view.live ? 'live' : 'not_live',
      liveCheckedAt: new Date(),
      liveCheckDetail: view.live ? null : [view.reason, view.pageText].filter(Boolean).join(': ').slice(0, 500),
      liveScreenshotPath: view.screenshotPath ?? null,
    },
  });
  if (claimed.count !== 1) return 'done';
  await recordEvent(d.db, draftId, 'system', view.live ? 'live_confirmed' : 'not_live', view.live ? undefined : { reason: view.reason ?? null });
  log.info({ live: view.live, reason: view.reason }, 'live check');
  await notifyDraft(d, draftId, 'system', view.live ? 'live_confirmed' : 'not_live');
  if (!view.live) {
    try {
      await d.notifier.notify({
        kind: 'post_not_live',
        draftId,
        accountId: draft.accountId,
        blogId: draft.account.blogId,
        channelIds: await linkedChannels(d.db, draft.accountId),
        title: draft.title,
        url: draft.publishedUrl,
        reason: view.reason ?? 'title_missing',
        pageText: view.pageText ?? null,
        screenshotPath: view.screenshotPath ?? null,
      });
    } catch (err) {
      log.warn({ err: messageOf(err) }, 'could not tell the channel that the post is not live');
    }
  }
  return view.live ? 'live' : 'not_live';
}
