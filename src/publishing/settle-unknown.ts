// After a crash or timeout that followed the final click: never publish again without looking at the blog.
import type { Domain } from '../domain.ts';
import type { Logger } from '../logging.ts';
import type { ArticlePublisher, PublishRequest, PublishResult } from '../ports.ts';
import { messageOf } from '../errors.ts';
import { transition, transitionWithNotice } from '../drafts/state-machine.ts';
import { notifyDraft } from '../drafts/notify.ts';
import { withTimeout } from '../timeout.ts';
import { scheduleChecks } from '../drafts/after-published.ts';

export async function markPublished(
  d: Pick<Domain, 'db' | 'notifier' | 'logger' | 'checks'>,
  draftId: string,
  result: PublishResult,
  actor: string,
  action = 'published',
  /** The account's visibility, when the caller has it: the checks are then planned without reading the draft back. */
  visibility?: string,
): Promise<void> {
  const publishedAt = new Date();
  const { notice } = await transitionWithNotice(d.db, {
    draftId,
    to: 'published',
    actor,
    action,
    detail: { logNo: result.logNo, url: result.url },
    data: { publishedUrl: result.url, logNo: result.logNo, publishedAt, screenshotPath: result.screenshotPath ?? null, lastError: null, lastErrorClass: null },
  });
  const changed = await scheduleChecks(d, draftId, visibility ? { publishedUrl: result.url, publishedAt, visibility } : undefined);
  // The search check just marked waiting is not on the card the transition returned: the card is read then.
  await notifyDraft(d, draftId, actor, action, changed ? undefined : notice);
}

/** Published when the post is found; otherwise `publish_unconfirmed` with the channel asked to decide. */
export async function settleUnknownOutcome(
  d: Pick<Domain, 'db' | 'notifier' | 'logger' | 'checks'> & { publisher: ArticlePublisher; verifyTimeoutMs?: number },
  request: PublishRequest,
  log: Logger,
  reason: string,
  screenshotPath?: string,
): Promise<{ draftId: string; status: 'published' | 'publish_unconfirmed' }> {
  const earlier = await d.db.draft.findMany({
    where: { accountId: request.accountId, logNo: { not: null }, id: { not: request.draftId } },
    select: { logNo: true },
  });
  const lookFor = { ...request, knownLogNos: earlier.map((e) => e.logNo!) };
  let found: PublishResult | null = null;
  let checked = false;
  try {
    found = await withTimeout('Checking the blog for the post', d.verifyTimeoutMs ?? 60_000, (signal) => d.publisher.findPublished(lookFor, signal));
    checked = true;
  } catch (err) {
    log.warn({ err: messageOf(err) }, 'the blog could not be checked');
  }
  if (found) {
    await markPublished(d, request.draftId, found, 'system', 'published_confirmed', request.visibility);
    return { draftId: request.draftId, status: 'published' };
  }
  const message = checked
    ? `The publish button was pressed but the post is not on the blog yet (${reason}); check the blog, then choose Mark published or Publish again.`
    : `The publish button was pressed but the blog could not be checked (${reason}); check the blog, then choose Mark published or Publish again.`;
  await transition(d.db, {
    draftId: request.draftId,
    to: 'publish_unconfirmed',
    actor: 'system',
    action: 'publish_unconfirmed',
    detail: { reason },
    data: { lastError: message, lastErrorClass: 'publish_unconfirmed', ...(screenshotPath ? { screenshotPath } : {}) },
  });
  await notifyDraft(d, request.draftId, 'system', 'publish_unconfirmed');
  return { draftId: request.draftId, status: 'publish_unconfirmed' };
}
