// /schedule post: the draft is saved (status generating) before its generate job is added.
import type { Domain } from '../domain.ts';
import type { Actor, DraftSummary } from '../service-api.ts';
import { UserInputError } from '../errors.ts';
import { accountInChannel } from '../channel-scope.ts';
import { requestDraftGeneration } from '../drafts/jobs.ts';
import { TOPIC_MAX } from '../limits.ts';
import { recordEvent } from './state-machine.ts';
import { draftSummary } from './summary.ts';

export async function schedulePost(
  d: Pick<Domain, 'db' | 'queues'>,
  input: { accountRef: string; topic: string; keywords: string[]; publishAt: Date | null },
  actor: Actor,
): Promise<DraftSummary> {
  const topic = input.topic.trim();
  if (!topic) throw new UserInputError('The topic is empty; say what the post should be about.', '주제가 비어 있습니다. 무엇에 대한 글인지 적어 주세요.');
  if (topic.length > TOPIC_MAX) throw new UserInputError(`The topic is ${topic.length} characters; keep it to ${TOPIC_MAX}.`, `주제가 ${topic.length}자입니다. ${TOPIC_MAX}자 이내로 줄여 주세요.`);
  const keywords = normaliseKeywords(input.keywords);
  if (input.publishAt && input.publishAt.getTime() < Date.now() - 60_000) throw new UserInputError('The publish time is in the past; give a time from now on.', '발행 시각이 이미 지났습니다. 지금 이후의 시각을 입력해 주세요.');
  const account = await accountInChannel(d.db, input.accountRef, actor.channelId);
  if (account.status === 'disabled') throw new UserInputError(`The account ${account.blogId} is disabled.`, `${account.blogId} 계정은 사용 중지 상태입니다.`);
  const draft = await d.db.$transaction(async (tx) => {
    const created = await tx.draft.create({
      data: { accountId: account.id, topic, keywords, publishAt: input.publishAt, requestedBy: actor.userId, originChannelId: actor.channelId },
    });
    await recordEvent(tx, created.id, actor.userId, 'requested', { topic, keywords, publishAt: input.publishAt?.toISOString() ?? null });
    return created;
  });
  await requestDraftGeneration(d.queues, draft, { requestedBy: actor.userId, channelId: actor.channelId });
  return draftSummary({ ...draft, account });
}

/** Trimmed, without duplicates, at most 10 of at most 50 characters each. */
export function normaliseKeywords(input: readonly string[]): string[] {
  const keywords = [...new Set(input.map((k) => k.trim()).filter(Boolean))];
  if (keywords.length > 10) throw new UserInputError('Use at most 10 keywords.', '키워드는 최대 10개까지 쓸 수 있습니다.');
  if (keywords.some((k) => k.length > 50)) throw new UserInputError('Each keyword is at most 50 characters.', '키워드는 각각 50자 이내여야 합니다.');
  return keywords;
}
