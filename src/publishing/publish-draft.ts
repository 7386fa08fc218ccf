// The publish processor: approved → publishing → published. After the final click every failure is an
// unknown outcome (settle-unknown.ts), never a blind retry; a login NAVER refuses pauses the account.
import { DelayedError, type Job } from 'bullmq';
import type { Domain } from '../domain.ts';
import type { ArticlePublisher, PublishRequest } from '../ports.ts';
import { screenshotOf } from '../ports.ts';
import { NeedsLoginError, PermanentError, RetryableError, messageOf } from '../errors.ts';
import { recordEvent } from '../drafts/state-machine.ts';
import { claimFinalClick } from '../drafts/transition-sql.ts';
import { articleOf } from '../drafts/notices.ts';
import { postImagesFor } from '../images/store.ts';
import { notifyDraft } from '../drafts/notify.ts';
import { parsePayload, publishJobSchema } from '../queues/jobs.ts';
import { settleWithin, withDeadline } from '../timeout.ts';
import type { LoginRelays } from '../accounts/login-relay.ts';
import { markPublished, settleUnknownOutcome } from './settle-unknown.ts';
import { accountNeedsLogin } from './needs-login.ts';
import { startPublishing } from './publish-start.ts';

export interface PublishDraftDeps extends Domain {
  publisher: ArticlePublisher;
  publishTimeoutMs: number;
  /** How long the post-crash check of the blog may take. */
  verifyTimeoutMs?: number;
  /** The workers' lock duration: the lock is renewed (and its ownership proved) right before the final click. */
  lockDurationMs?: number;
  /** Brings NAVER's login questions to the account's channels; without it they pause the account. */
  relays?: LoginRelays;
}

export async function publishDraft(d: PublishDraftDeps, job: Job, token?: string): Promise<{ draftId: string; status: string }> {
  const payload = parsePayload(publishJobSchema, job.data, 'publish');
  const log = d.logger.child({ accountId: payload.accountId, draftId: payload.draftId, jobId: job.id, queue: job.queueName });
  // Read and, when it is approved and its account active, moved to publishing: one statement (publish-start.ts).
  const found = await startPublishing(d.db, payload.draftId, payload.accountId, job.attemptsMade + 1);
  if (!found) throw new PermanentError(`Draft ${payload.draftId} no longer exists.`, 'draft_missing');
  const { draft, started } = found;
  if (draft.accountId !== payload.accountId) throw new PermanentError(`Draft ${draft.id} belongs to another account.`, 'invalid_payload');
  if (draft.status !== 'approved' && draft.status !== 'publishing') {
    log.info({ status: draft.status }, 'draft is not waiting to be published; nothing to do');
    return { draftId: draft.id, status: draft.status };
  }
  // A draft that cannot be published fails (its dead letter moves it from publishing to publish_failed).
  const written = articleOf(draft);
  if (!written) throw new PermanentError(`Draft ${draft.id} has no valid title and body to publish.`, 'invalid_draft');
  // Every image block goes with its picture; a block without one (gone on without) is left out.
  const { article, images } = await postImagesFor(d.db, draft.id, written);
  const request: PublishRequest = {
    accountId: draft.accountId,
    blogId: draft.blogId,
    draftId: draft.id,
    article,
    visibility: draft.visibility,
    category: draft.category,
    images,
  };

  if (draft.status === 'publishing' && draft.submittedAt) {
    // An earlier run pressed publish and then died: check the blog before anything else.
    log.warn('earlier run ended after the final click; checking the blog before anything else');
    return settleUnknownOutcome(d, request, log, 'the previous attempt ended after the publish button was pressed');
  }
  // Looking at the blog (above) publishes nothing, so it need not wait for the account; publishing does.
  if (draft.accountStatus !== 'active') {
    // The queue is paused for such accounts; a job that slipped in (e.g. after Redis lost the pause) waits.
    await job.moveToDelayed(Date.now() + 15 * 60_000, token);
    throw new DelayedError();
  }
  if (started) await notifyDraft(d, draft.id, 'system', 'publish_started', started);
  else if (draft.status === 'approved') {
    // Approved and active, yet not moved: another attempt moved it a moment ago; it is that attempt's to publish.
    log.info('draft changed before publishing started; nothing to do');
    return { draftId: draft.id, status: draft.status };
  } else await recordEvent(d.db, draft.id, 'system', 'publish_retried', { attempt: job.attemptsMade + 1 });

  let submitted = false;
  let clickedElsewhere = false;
  try {
    const result = await withDeadline('Publishing to NAVER', d.publishTimeoutMs, (signal, extend) =>
      d.publisher.publish(request, {
        signal,
        relay: d.relays ? () => d.relays!.open({ accountId: request.accountId, blogId: request.blogId }, { extend, signal }) : undefined,
        beforeSubmit: async () => {
          // A worker whose lock lapsed (Redis out of reach past lockDuration) may have had its job handed
          // to another replica, which may be publishing this draft now: this one must not press publish.
          await proveJobOwnership(job, token, d.lockDurationMs ?? 30_000);
          if (!(await claimFinalClick(d.db, draft.id))) {
            clickedElsewhere = true;
            throw new PermanentError('Another attempt is already publishing this draft; this one stopped before pressing publish.', 'publish_conflict');
          }
          submitted = true;
        },
      }),
    );
    await markPublished(d, draft.id, result, 'system', 'published', request.visibility);
    log.info({ logNo: result.logNo, url: result.url }, 'published');
    return { draftId: draft.id, status: 'published' };
  } catch (err) {
    if (submitted || clickedElsewhere) {
      log.warn({ err: messageOf(err) }, clickedElsewhere ? 'another attempt pressed publish; checking the blog' : 'publish failed after the final click; checking the blog');
      return settleUnknownOutcome(d, request, log, messageOf(err), screenshotOf(err));
    }
    if (err instanceof NeedsLoginError) await accountNeedsLogin(d, { draftId: draft.id, accountId: draft.accountId, blogId: draft.blogId }, err, log);
    else if (screenshotOf(err)) await d.db.draft.update({ where: { id: draft.id }, data: { screenshotPath: screenshotOf(err) } });
    throw err;
  }
}

async function proveJobOwnership(job: Job, token: string | undefined, lockDurationMs: number): Promise<void> {
  if (!token) return;
  let extended: number;
  try {
    extended = await settleWithin(job.extendLock(token, lockDurationMs), 5_000, () => 0);
  } catch (err) {
    throw new RetryableError(`The job lock could not be renewed before publishing (${messageOf(err)}).`, 'lock_lost');
  }
  // (Made only when thrown: an error's stack trace costs every publish otherwise.)
  if (extended !== 1) throw new PermanentError('This worker no longer holds the publish job (its lock lapsed); it stopped before pressing publish.', 'lock_lost');
}
