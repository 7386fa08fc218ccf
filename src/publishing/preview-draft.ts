// The preview processor (a `preview` job in the account's publish queue): the editor dry run with the draft as
// it stands, and the outcome on the draft's card and message. It never changes the draft's status and never
// fails its job: a step that failed is reported the way a failed publish is (step, class, screenshot) and the
// approver may press Preview again.
import type { Job } from 'bullmq';
import type { Domain } from '../domain.ts';
import type { ArticlePublisher, DryRunResult } from '../ports.ts';
import { articleOf, linkedChannels } from '../drafts/notices.ts';
import { postImagesFor } from '../images/store.ts';
import { notifyDraft } from '../drafts/notify.ts';
import { previewFingerprint } from '../drafts/preview-state.ts';
import { parsePayload, previewJobSchema } from '../queues/jobs.ts';
import type { LoginRelays } from '../accounts/login-relay.ts';
import { dryRunWithin } from './dry-run-within.ts';
import { accountWaitsForLogin } from './needs-login.ts';

export interface PreviewDraftDeps extends Domain {
  publisher: ArticlePublisher;
  /** The publish timeout: a preview does the same browser work up to the final click. */
  publishTimeoutMs: number;
  /** NAVER's login questions met on the way to the editor go to a person in the channel, as for a publish. */
  relays?: LoginRelays;
}

export async function previewDraft(d: PreviewDraftDeps, job: Job): Promise<{ draftId: string; outcome: string }> {
  const payload = parsePayload(previewJobSchema, job.data, 'preview');
  const log = d.logger.child({ accountId: payload.accountId, draftId: payload.draftId, jobId: job.id, queue: job.queueName });
  const draft = await d.db.draft.findUnique({ where: { id: payload.draftId }, include: { account: true, preview: true } });
  if (!draft || draft.accountId !== payload.accountId || draft.preview?.jobId !== job.id) {
    log.info('preview no longer wanted (draft gone or a newer preview asked for); nothing to do');
    return { draftId: payload.draftId, outcome: 'skipped' };
  }
  const article = articleOf(draft);
  const fingerprint = previewFingerprint(draft);
  let result: DryRunResult;
  if (!article || !d.publisher.dryRun) {
    result = { ok: false, steps: [], failedStep: 'write_page', errorClass: 'preview_unavailable', message: 'This draft cannot be shown in the editor.', savesBlocked: 0 };
  } else {
    const shown = await postImagesFor(d.db, draft.id, article);
    const request = { accountId: draft.accountId, blogId: draft.account.blogId, label: draft.id, purpose: 'preview' as const, article: shown.article, images: shown.images, visibility: draft.account.visibility, category: draft.account.category };
    const at = { accountId: draft.accountId, blogId: draft.account.blogId };
    const relays = d.relays;
    result = await dryRunWithin(d.publisher.dryRun.bind(d.publisher), request, 'Previewing on NAVER', d.publishTimeoutMs, relays && ((hooks) => () => relays.open(at, hooks)));
    // No one finished NAVER's login: the next publish would meet the same questions, so the account waits for a login.
    if (result.loginNeeded) await accountWaitsForLogin(d, at, { ...result.loginNeeded, message: result.message ?? '' }, log);
  }
  const takenAt = new Date();
  const saved = await d.db.draftPreview.updateMany({
    where: { draftId: draft.id, jobId: String(job.id) },
    data: {
      status: result.ok ? 'done' : 'failed',
      takenAt,
      fingerprint,
      screenshotPath: result.screenshotPath ?? null,
      failedStep: result.ok ? null : (result.failedStep ?? null),
      errorClass: result.ok ? null : (result.errorClass ?? null),
      errorMessage: result.ok ? null : (result.message ?? null),
    },
  });
  if (saved.count !== 1) return { draftId: draft.id, outcome: 'skipped' };
  log[result.ok ? 'info' : 'warn']({ ok: result.ok, failedStep: result.failedStep, errorClass: result.errorClass, savesBlocked: result.savesBlocked }, 'preview finished');
  await d.notifier.notify({
    kind: 'preview',
    preview: {
      draftId: draft.id,
      accountId: draft.accountId,
      blogId: draft.account.blogId,
      channelIds: await linkedChannels(d.db, draft.accountId),
      title: article?.title ?? draft.topic,
      ok: result.ok,
      takenAt,
      screenshotPath: result.screenshotPath ?? null,
      failedStep: result.ok ? null : (result.failedStep ?? null),
      errorClass: result.ok ? null : (result.errorClass ?? null),
      errorMessage: result.ok ? null : (result.message ?? null),
    },
  });
  await notifyDraft(d, draft.id, 'system', result.ok ? 'previewed' : 'preview_failed');
  return { draftId: draft.id, outcome: result.ok ? 'previewed' : 'preview_failed' };
}
