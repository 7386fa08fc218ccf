// Preview (the button on the approval card): the account's worker fills NAVER's editor with the draft exactly
// as publishing would, stops before the final click and sends a screenshot. The request only queues the job
// (in the account's publish queue, so it waits for a publish in progress) and marks the card; a second click
// while one is waiting adds nothing.
import type { Domain } from '../domain.ts';
import type { Actor } from '../service-api.ts';
import type { LoadedDraft } from '../channel-scope.ts';
import { UserInputError } from '../refusals.ts';
import { PREVIEW_JOB } from '../queues/jobs.ts';
import { articleOf } from './notices.ts';
import { hasLiveJob } from './jobs.ts';
import { notifyDraft } from './notify.ts';

/** Drafts that can still be looked at before they go out. */
const PREVIEWABLE = new Set(['pending_approval', 'approved']);

export async function requestPreview(d: Pick<Domain, 'db' | 'queues' | 'notifier' | 'logger'>, draft: LoadedDraft, actor: Actor): Promise<{ queued: boolean }> {
  if (!PREVIEWABLE.has(draft.status) || !articleOf(draft)) throw new UserInputError('preview_not_available', { status: draft.status });
  if (draft.account.status !== 'active') throw new UserInputError('browser_needs_login', { blogId: draft.account.blogId });
  const current = await d.db.draftPreview.findUnique({ where: { draftId: draft.id } });
  if (current?.status === 'queued' && (await hasLiveJob(d.queues, 'publish', draft.accountId, current.jobId))) return { queued: false };
  const jobId = `preview-${draft.id}-${Date.now().toString(36)}`;
  const row = { status: 'queued', requestedBy: actor.userId, requestedAt: new Date(), jobId };
  await d.db.draftPreview.upsert({ where: { draftId: draft.id }, create: { draftId: draft.id, ...row }, update: row });
  // One try: a failed preview is reported, never retried behind the approver's back.
  await d.queues.add('publish', draft.accountId, PREVIEW_JOB, { accountId: draft.accountId, draftId: draft.id }, { jobId, attempts: 1 });
  d.logger.info({ accountId: draft.accountId, draftId: draft.id, jobId, by: actor.userId }, 'preview requested');
  await notifyDraft(d, draft.id, actor.userId, 'preview_requested');
  return { queued: true };
}
