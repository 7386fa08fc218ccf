// /schedule post: the draft is saved (status generating) before its generate job is added.
import type { Domain } from '../domain.ts';
import type { Actor, DraftSummary } from '../service-api.ts';
import { ApproverRequiredError, UserInputError } from '../errors.ts';
import { mayApprove } from '../accounts/approvers.ts';
import type { DraftRequestLimit } from './request-limit.ts';
import { accountInChannel } from '../channel-scope.ts';
import { requestDraftGeneration } from '../drafts/jobs.ts';
import { checkKeywords, checkTopic } from '../limits.ts';
import { recordEvent } from './state-machine.ts';
import { draftSummary } from './summary.ts';

export async function schedulePost(
  d: Pick<Domain, 'db' | 'queues'> & { requestLimit: DraftRequestLimit },
  input: { accountRef: string; topic: string; keywords: string[]; publishAt: Date | null },
  actor: Actor,
): Promise<DraftSummary> {
  const topic = checkTopic(input.topic);
  const keywords = checkKeywords(input.keywords);
  if (input.publishAt && input.publishAt.getTime() < Date.now() - 60_000) throw new UserInputError('The publish time is in the past; give a time from now on.', '발행 시각이 이미 지났습니다. 지금 이후의 시각을 입력해 주세요.');
  const account = await accountInChannel(d.db, input.accountRef, actor.channelId);
  if (account.status === 'disabled') throw new UserInputError(`The account ${account.blogId} is disabled.`, `${account.blogId} 계정은 사용 중지 상태입니다.`);
  // An auto-approving account publishes what is scheduled with no human in between: only approvers may.
  if (account.autoApprove && !mayApprove(actor, account.approverRoleIds)) throw new ApproverRequiredError(account.blogId);
  const slot = await d.requestLimit.take(actor);
  const draft = await slot.unlessFails(() =>
    d.db.$transaction(async (tx) => {
      const created = await tx.draft.create({
        data: { accountId: account.id, topic, keywords, publishAt: input.publishAt, requestedBy: actor.userId, originChannelId: actor.channelId },
      });
      await recordEvent(tx, created.id, actor.userId, 'requested', { topic, keywords, publishAt: input.publishAt?.toISOString() ?? null });
      return created;
    }),
  );
  await requestDraftGeneration(d.queues, draft, { requestedBy: actor.userId, channelId: actor.channelId });
  return draftSummary({ ...draft, account });
}
