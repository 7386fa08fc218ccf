// /account add and /account link: an account belongs to the server that added it; its channels share it.
import type { Db } from '../db/client.ts';
import type { Logger } from '../logging.ts';
import type { AccountSummary, Actor } from '../service-api.ts';
import { ForbiddenError, NotFoundError, UserInputError } from '../refusals.ts';
import { accountSummary } from './summary.ts';
import { checkLength } from '../limits.ts';

const BLOG_ID = /^[A-Za-z0-9_-]{3,30}$/;

export async function addAccount(d: { db: Db; logger: Logger }, input: { blogId: string; label?: string | null }, actor: Actor): Promise<AccountSummary> {
  const blogId = input.blogId.trim().toLowerCase();
  if (!BLOG_ID.test(blogId)) throw new UserInputError('blog_id_invalid');
  const label = checkLength('labelChars', input.label?.trim() ?? '') || null;
  const existing = await d.db.account.findUnique({ where: { blogId }, include: { channels: true } });
  if (existing) {
    if (existing.channels.some((c) => c.channelId === actor.channelId)) throw new UserInputError('account_already_linked', { blogId });
    if (!existing.channels.some((c) => c.guildId && c.guildId === actor.guildId)) {
      throw new ForbiddenError('account_other_server', { blogId });
    }
    await d.db.channelLink.create({ data: { channelId: actor.channelId, guildId: actor.guildId ?? null, accountId: existing.id, createdBy: actor.userId } });
    return accountSummary(existing);
  }
  const account = await d.db.account.create({
    data: { blogId, label, channels: { create: { channelId: actor.channelId, guildId: actor.guildId ?? null, createdBy: actor.userId } } },
  });
  d.logger.info({ accountId: account.id, blogId, by: actor.userId }, 'account added');
  return accountSummary(account);
}

export async function linkAccount(db: Db, accountRef: string, actor: Actor): Promise<AccountSummary> {
  const account = await db.account.findFirst({ where: { OR: [{ id: accountRef }, { blogId: accountRef.toLowerCase() }] }, include: { channels: true } });
  if (!account) throw new NotFoundError('account_unknown', { ref: accountRef });
  if (account.channels.some((c) => c.channelId === actor.channelId)) throw new UserInputError('account_already_linked', { blogId: account.blogId });
  if (!account.channels.some((c) => c.guildId && c.guildId === actor.guildId)) {
    throw new ForbiddenError('account_not_this_server', { blogId: account.blogId });
  }
  await db.channelLink.create({ data: { channelId: actor.channelId, guildId: actor.guildId ?? null, accountId: account.id, createdBy: actor.userId } });
  return accountSummary(account);
}
