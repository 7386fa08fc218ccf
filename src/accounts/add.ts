// /account add and /account link: an account belongs to the server that added it; its channels share it.
import type { Db } from '../db/client.ts';
import type { Logger } from '../logging.ts';
import type { AccountSummary, Actor } from '../service-api.ts';
import { ForbiddenError, NotFoundError, UserInputError } from '../errors.ts';
import { accountSummary } from './summary.ts';
import { checkLength } from '../limits.ts';

const BLOG_ID = /^[A-Za-z0-9_-]{3,30}$/;

export async function addAccount(d: { db: Db; logger: Logger }, input: { blogId: string; label?: string | null }, actor: Actor): Promise<AccountSummary> {
  const blogId = input.blogId.trim().toLowerCase();
  if (!BLOG_ID.test(blogId)) throw new UserInputError('A NAVER blog id is 3–30 letters, digits, - or _ (the part after blog.naver.com/).', '네이버 블로그 아이디는 영문, 숫자, -, _ 로 된 3~30자입니다(blog.naver.com/ 뒤의 부분).');
  const label = checkLength('labelChars', input.label?.trim() ?? '') || null;
  const existing = await d.db.account.findUnique({ where: { blogId }, include: { channels: true } });
  if (existing) {
    if (existing.channels.some((c) => c.channelId === actor.channelId)) throw new UserInputError(`The account ${blogId} is already linked to this channel.`, `${blogId} 계정은 이미 이 채널에 연결되어 있습니다.`);
    if (!existing.channels.some((c) => c.guildId && c.guildId === actor.guildId)) {
      throw new ForbiddenError(`The account ${blogId} is managed by another server; ask its admins to link it.`);
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
  if (!account) throw new NotFoundError(`There is no account "${accountRef}"; add it with /account add.`);
  if (account.channels.some((c) => c.channelId === actor.channelId)) throw new UserInputError(`The account ${account.blogId} is already linked to this channel.`, `${account.blogId} 계정은 이미 이 채널에 연결되어 있습니다.`);
  if (!account.channels.some((c) => c.guildId && c.guildId === actor.guildId)) {
    throw new ForbiddenError(`The account ${account.blogId} is not managed on this server.`);
  }
  await db.channelLink.create({ data: { channelId: actor.channelId, guildId: actor.guildId ?? null, accountId: account.id, createdBy: actor.userId } });
  return accountSummary(account);
}
