// /account list and the account autocomplete: only the channel's own accounts.
import type { Db } from '../db/client.ts';
import type { AccountSummary } from '../service-api.ts';
import { accountSummary } from './summary.ts';

export async function listAccounts(db: Db, channelId: string): Promise<AccountSummary[]> {
  const accounts = await db.account.findMany({ where: { channels: { some: { channelId } } }, orderBy: { blogId: 'asc' } });
  return accounts.map(accountSummary);
}

/** At most 25, matching `query` against blog id or label. */
export async function searchAccounts(db: Db, channelId: string, query: string): Promise<AccountSummary[]> {
  const q = query.trim();
  const accounts = await db.account.findMany({
    where: {
      channels: { some: { channelId } },
      ...(q ? { OR: [{ blogId: { contains: q, mode: 'insensitive' } }, { label: { contains: q, mode: 'insensitive' } }] } : {}),
    },
    orderBy: { blogId: 'asc' },
    take: 25,
  });
  return accounts.map(accountSummary);
}
