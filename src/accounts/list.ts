// /account list and the account autocomplete: only the channel's own accounts.
import type { Db } from '../db/client.ts';
import type { AccountSummary } from '../service-api.ts';
import { accountSummary } from './summary.ts';

export async function listAccounts(db: Db, channelId: string): Promise<AccountSummary[]> {
  const accounts = await db.account.findMany({ where: { channels: { some: { channelId } } }, orderBy: { blogId: 'asc' } });
  return accounts.map(accountSummary);
}

/** At most 25; with `linkable`, the server's accounts this channel does not have yet (orphans included), for /account link. */
export async function searchAccounts(db: Db, channelId: string, query: string, linkable?: { guildId: string }): Promise<AccountSummary[]> {
  const q = query.trim();
  const accounts = await db.account.findMany({
    where: {
      ...(linkable ? { guildId: linkable.guildId, channels: { none: { channelId } } } : { channels: { some: { channelId } } }),
      ...(q ? { OR: [{ blogId: { contains: q, mode: 'insensitive' } }, { label: { contains: q, mode: 'insensitive' } }] } : {}),
    },
    orderBy: { blogId: 'asc' },
    take: 25,
  });
  return accounts.map(accountSummary);
}
