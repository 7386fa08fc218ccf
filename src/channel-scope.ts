// What a channel may see and touch: the accounts linked to it, and their drafts. Every command, button and
// list goes through here, so "is this account linked to the channel" has one answer.
import type { Db } from './db/client.ts';
import { sql } from './db/sql.ts';
import type { Account, Draft, DraftPreview } from './generated/prisma/client.ts';
import { NotHereError } from './refusals.ts';

export type LoadedDraft = Draft & { account: Account; preview?: DraftPreview | null };

function refWhere(ref: string) {
  return { OR: [{ id: ref }, { blogId: ref.toLowerCase() }] };
}

/**
 * The account `ref` (id or blog id) among those linked to `channelId`. Missing, and linked elsewhere (another
 * channel, another server), are one answer, so nobody learns what exists.
 */
export async function accountInChannel(db: Db, ref: string, channelId: string): Promise<Account> {
  const r = ref.trim();
  // Raw: every command, button and scheduled post asks this, and one plain statement costs a fraction of the ORM's.
  const [account] = r && channelId
    ? await sql<Account>(
        db,
        `SELECT a.* FROM "Account" a WHERE (a."id" = $1 OR a."blogId" = $2)
          AND EXISTS (SELECT 1 FROM "ChannelLink" l WHERE l."accountId" = a."id" AND l."channelId" = $3) LIMIT 1`,
        r,
        r.toLowerCase(),
        channelId,
      )
    : [];
  if (!account) throw new NotHereError('account', ref);
  return account;
}

/** The account `ref` of server `guildId`, linked to any of its channels or to none (for /account link). */
export async function accountOfGuild(db: Db, ref: string, guildId: string | null | undefined): Promise<Account> {
  const r = ref.trim();
  const account = r && guildId ? await db.account.findFirst({ where: { guildId, ...refWhere(r) } }) : null;
  if (!account) throw new NotHereError('account', ref);
  return account;
}

/** The ids of the accounts linked to a channel. */
export async function accountIdsInChannel(db: Db, channelId: string): Promise<string[]> {
  const links = await db.channelLink.findMany({ where: { channelId }, select: { accountId: true } });
  return links.map((l) => l.accountId);
}

export async function draftInChannel(db: Db, draftId: string, channelId: string): Promise<LoadedDraft> {
  const draft = await db.draft.findFirst({ where: { id: draftId, account: { channels: { some: { channelId } } } }, include: { account: true, preview: true } });
  if (!draft) throw new NotHereError('draft', draftId);
  return draft;
}

/** Manage Server, or one of the account's approver roles: who may approve, and schedule on an auto-approving account. */
export function mayApprove(actor: { manageServer?: boolean; roleIds?: readonly string[] }, approverRoleIds: readonly string[]): boolean {
  if (actor.manageServer) return true;
  const roles = new Set(actor.roleIds ?? []);
  return approverRoleIds.some((r) => roles.has(r));
}
