// Finding an account the way a channel names it: by internal id or by blog id, and only among the accounts
// that channel (or, for /account link, its server) may see. Everything else is "not here", whether it exists
// in another channel, in another server or nowhere.
import type { Db } from '../db/client.ts';
import type { Account } from '../generated/prisma/client.ts';
import { NotHereError } from '../errors.ts';

function refWhere(ref: string) {
  return { OR: [{ id: ref }, { blogId: ref.toLowerCase() }] };
}

/** The account `ref` among those linked to `channelId`. */
export async function accountHere(db: Db, ref: string, channelId: string): Promise<Account> {
  const r = ref.trim();
  const account = r && channelId ? await db.account.findFirst({ where: { channels: { some: { channelId } }, ...refWhere(r) } }) : null;
  if (!account) throw new NotHereError('account', ref);
  return account;
}

/** The account `ref` of server `guildId`, linked to any of its channels or to none. */
export async function accountOfGuild(db: Db, ref: string, guildId: string | null | undefined): Promise<Account> {
  const r = ref.trim();
  const account = r && guildId ? await db.account.findFirst({ where: { guildId, ...refWhere(r) } }) : null;
  if (!account) throw new NotHereError('account', ref);
  return account;
}
