// What a channel may touch: a draft of an account linked to it. Loaded once per click, with its account.
import type { Db } from '../db/client.ts';
import type { Account, Draft } from '../generated/prisma/client.ts';
import { ForbiddenError, IllegalTransitionError, NotFoundError } from '../errors.ts';
import type { DraftSummary } from '../service-api.ts';
import { articleOf } from './notices.ts';

export type LoadedDraft = Draft & { account: Account };

export async function draftInChannel(db: Db, draftId: string, channelId: string): Promise<LoadedDraft> {
  const draft = await db.draft.findUnique({ where: { id: draftId }, include: { account: true } });
  if (!draft) throw new NotFoundError('That draft no longer exists.');
  const link = await db.channelLink.findUnique({ where: { channelId_accountId: { channelId, accountId: draft.accountId } } });
  if (!link) throw new ForbiddenError('That draft belongs to an account that is not linked to this channel.');
  return draft;
}

/** Runs a transition; a refusal keeps its class (the Discord side words it in the user's language from `from`). */
export async function refuseIllegal(work: () => Promise<unknown>, verb: string): Promise<void> {
  try {
    await work();
  } catch (err) {
    if (err instanceof IllegalTransitionError) {
      throw new IllegalTransitionError(err.from, err.to, '', `This draft cannot be ${verb} now: it is ${err.from.replace(/_/g, ' ')}.`);
    }
    throw err;
  }
}

export function draftSummary(d: LoadedDraft): DraftSummary {
  return {
    id: d.id,
    accountId: d.accountId,
    blogId: d.account.blogId,
    status: d.status,
    topic: d.topic,
    title: d.title,
    article: articleOf(d),
    publishAt: d.plannedAt ?? d.publishAt,
    publishedUrl: d.publishedUrl,
    createdAt: d.createdAt,
    lastError: d.lastError,
  };
}
