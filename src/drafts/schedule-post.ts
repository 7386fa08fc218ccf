// /schedule post: the draft is saved (status generating) before its generate job is added.
import type { Domain } from '../domain.ts';
import type { Actor, DraftSummary } from '../service-api.ts';
import { ApproverRequiredError, UserInputError } from '../refusals.ts';
import { mayApprove } from '../channel-scope.ts';
import type { DraftRequestLimit } from './request-limit.ts';
import { accountInChannel } from '../channel-scope.ts';
import { requestDraftGeneration } from '../drafts/jobs.ts';
import { checkKeywords } from '../limits.ts';
import { checkTopic } from './topic.ts';
import { recordEvent } from './state-machine.ts';
import { draftSummary } from './summary.ts';
import { checkPhotos, storePhotos } from '../images/store.ts';
import type { UploadedPhoto } from '../image-shapes.ts';

export async function schedulePost(
  d: Pick<Domain, 'db' | 'queues'> & { requestLimit: DraftRequestLimit },
  input: { accountRef: string; topic: string; keywords: string[]; publishAt: Date | null; photos?: UploadedPhoto[] },
  actor: Actor,
): Promise<DraftSummary> {
  const topic = checkTopic(input.topic);
  const keywords = checkKeywords(input.keywords);
  if (input.publishAt && input.publishAt.getTime() < Date.now() - 60_000) throw new UserInputError('publish_at_past');
  const account = await accountInChannel(d.db, input.accountRef, actor.channelId);
  if (account.status === 'disabled') throw new UserInputError('account_disabled', { blogId: account.blogId });
  // An auto-approving account publishes what is scheduled with no human in between: only approvers may.
  if (account.autoApprove && !mayApprove(actor, account.approverRoleIds)) throw new ApproverRequiredError(account.blogId);
  // Every photo is checked and resized before anything is saved: one bad file refuses the request whole.
  const photos = await checkPhotos(input.photos ?? []);
  const slot = await d.requestLimit.take(actor);
  const draft = await slot.unlessFails(() =>
    d.db.$transaction(async (tx) => {
      const created = await tx.draft.create({
        data: { accountId: account.id, topic, keywords, publishAt: input.publishAt, requestedBy: actor.userId, originChannelId: actor.channelId },
      });
      await recordEvent(tx, created.id, actor.userId, 'requested', { topic, keywords, publishAt: input.publishAt?.toISOString() ?? null, photos: photos.length });
      if (photos.length) await storePhotos(tx, created.id, photos, 1);
      return created;
    }),
  );
  await requestDraftGeneration(d.queues, draft, { requestedBy: actor.userId, channelId: actor.channelId });
  return draftSummary({ ...draft, account });
}
