// What a channel may see and touch: the accounts linked to it, and their drafts. Every command, button and
// list goes through here, so "is this account linked to the channel" has one answer.
import type { Db } from './db/client.ts';
import type { Account, Draft } from './generated/prisma/client.ts';
import { ForbiddenError, NotFoundError } from './refusals.ts';

export type LoadedDraft = Draft & { account: Account };

/** Resolves an account id or blog id as seen from a channel; refuses accounts not linked there. */
export async function accountInChannel(db: Db, ref: string, channelId: string): Promise<Account> {
  const account = await db.account.findFirst({ where: { OR: [{ id: ref }, { blogId: ref }] } });
  if (!account) throw new NotFoundError('account_unknown', { ref });
  const link = await db.channelLink.findUnique({ where: { channelId_accountId: { channelId, accountId: account.id } } });
  if (!link) throw new ForbiddenError('account_not_linked', { blogId: account.blogId });
  return account;
}

/** The ids of the accounts linked to a channel. */
export async function accountIdsInChannel(db: Db, channelId: string): Promise<string[]> {
  const links = await db.channelLink.findMany({ where: { channelId }, select: { accountId: true } });
  return links.map((l) => l.accountId);
}

export async function draftInChannel(db: Db, draftId: string, channelId: string): Promise<LoadedDraft> {
  const draft = await db.draft.findUnique({ where: { id: draftId }, include: { account: true } });
  if (!draft) throw new NotFoundError('draft_gone', { draftId });
  const link = await db.channelLink.findUnique({ where: { channelId_accountId: { channelId, accountId: draft.accountId } } });
  if (!link) throw new ForbiddenError('draft_not_linked');
  return draft;
}
