// Edit (the modal): new title and body for a draft that waits for approval; nothing is saved on a race.
import type { Domain } from '../domain.ts';
import type { Prisma } from '../db/client.ts';
import type { Actor } from '../service-api.ts';
import { articleSchema, textToBlocks } from '../article.ts';
import { UserInputError } from '../errors.ts';
import { recordEvent } from './state-machine.ts';
import { notifyDraft } from './notify.ts';
import type { LoadedDraft } from '../channel-scope.ts';

export async function edit(d: Pick<Domain, 'db' | 'notifier' | 'logger'>, draft: LoadedDraft, change: { title: string; bodyText: string }, actor: Actor): Promise<void> {
  if (draft.status !== 'pending_approval') throw new UserInputError(`Only a draft waiting for approval can be edited; this one is ${draft.status}.`, `승인 대기 중인 초안만 수정할 수 있습니다. 이 초안은 ${draft.status} 상태입니다.`);
  const parsed = articleSchema.safeParse({ title: change.title.trim(), blocks: textToBlocks(change.bodyText), tags: draft.tags });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path[0] === 'title' ? 'title' : 'body';
    throw new UserInputError(`The edited ${field} is not valid (${issue.message}); nothing was saved.`, `수정한 ${field === 'title' ? '제목' : '본문'}이(가) 올바르지 않아(${issue.message}) 저장하지 않았습니다.`);
  }
  const { count } = await d.db.$transaction(async (tx) => {
    const res = await tx.draft.updateMany({
      where: { id: draft.id, status: 'pending_approval' },
      data: { title: parsed.data.title, body: parsed.data.blocks as unknown as Prisma.InputJsonValue },
    });
    if (res.count === 1) await recordEvent(tx, draft.id, actor.userId, 'edited', { previousTitle: draft.title });
    return res;
  });
  if (count !== 1) throw new UserInputError('The draft changed while you were editing; nothing was saved.', '수정하는 동안 초안이 바뀌어 저장하지 않았습니다.');
  await notifyDraft(d, draft.id, actor.userId, 'edited');
}
