// Edit (the modal): new title and body for a draft that waits for approval; nothing is saved on a race.
import type { Domain } from '../domain.ts';
import type { Prisma } from '../db/client.ts';
import type { Actor } from '../service-api.ts';
import { articleSchema, textToBlocks } from '../article.ts';
import { UserInputError } from '../refusals.ts';
import { recordEvent } from './state-machine.ts';
import { notifyDraft } from './notify.ts';
import type { LoadedDraft } from '../channel-scope.ts';
import { articleOf } from './notices.ts';
import { checkDraft, DEFAULT_QUALITY, reportOf } from './checks/report.ts';

export async function edit(d: Pick<Domain, 'db' | 'notifier' | 'logger' | 'quality'>, draft: LoadedDraft, change: { title: string; bodyText: string }, actor: Actor): Promise<void> {
  if (draft.status !== 'pending_approval') throw new UserInputError('edit_not_pending', { status: draft.status });
  const parsed = articleSchema.safeParse({ title: change.title.trim(), blocks: textToBlocks(change.bodyText, articleOf(draft)?.blocks), tags: draft.tags });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UserInputError('edit_invalid', { field: issue.path[0] === 'title' ? 'title' : 'body', reason: issue.message });
  }
  // The checks run again on the edited text (an edit can fix a flag, or cause one).
  const grounding = reportOf(draft.checks)?.sources;
  const checked = await checkDraft(d.db, d.quality ?? DEFAULT_QUALITY, {
    draftId: draft.id,
    accountId: draft.accountId,
    article: parsed.data,
    keywords: draft.keywords,
    bannedWords: draft.account.bannedWords,
    ...(grounding ? { grounding } : {}),
  });
  const { count } = await d.db.$transaction(async (tx) => {
    const res = await tx.draft.updateMany({
      where: { id: draft.id, status: 'pending_approval' },
      data: { title: parsed.data.title, body: parsed.data.blocks as unknown as Prisma.InputJsonValue, ...checked.data },
    });
    if (res.count === 1) await recordEvent(tx, draft.id, actor.userId, 'edited', { previousTitle: draft.title, flags: checked.report.flags });
    return res;
  });
  if (count !== 1) throw new UserInputError('edit_conflict');
  await notifyDraft(d, draft.id, actor.userId, 'edited');
}
