// Which channels manage an account. An account belongs to the server that added it: another server adding the
// same blog gets its own account, a channel of the same server may take an account back once no channel has
// it, and when the last channel lets go the stored NAVER login and browser session are deleted.
// Link changes lock the account row, so an unlink and a link racing each other cannot leave secrets behind
// for an account that a channel still has, nor a link to an account whose secrets were just wiped unseen.
import type { Db, Prisma } from '../db/client.ts';
import type { Account } from '../generated/prisma/client.ts';
import { NotHereError, UserInputError } from '../refusals.ts';
import type { Actor } from '../service-api.ts';
import { accountOfGuild } from '../channel-scope.ts';
import { checkLength } from '../limits.ts';

const BLOG_ID = /^[A-Za-z0-9_-]{3,30}$/;

type Tx = Prisma.TransactionClient;

function guildOf(actor: Actor): string {
  if (!actor.guildId) throw new UserInputError('guild_only');
  return actor.guildId;
}

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'P2002';
}

async function lockAccount(tx: Tx, accountId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "Account" WHERE id = ${accountId} FOR UPDATE`;
}

async function linkHere(tx: Tx, account: Account, actor: Actor): Promise<void> {
  await lockAccount(tx, account.id);
  const existing = await tx.channelLink.findUnique({ where: { channelId_accountId: { channelId: actor.channelId, accountId: account.id } } });
  if (existing) throw new UserInputError('account_already_linked', { blogId: account.blogId });
  await tx.channelLink.create({ data: { channelId: actor.channelId, guildId: actor.guildId ?? null, accountId: account.id, createdBy: actor.userId } });
}

/** Two requests for the same new link or account: the loser of the unique index tries once more and sees the winner. */
async function onceMore<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    return work();
  }
}

/** /account add: this server's account for the blog (made now, or taken back), linked to the actor's channel. */
export async function addAccountHere(db: Db, input: { blogId: string; label?: string | null }, actor: Actor): Promise<{ account: Account; created: boolean }> {
  const blogId = input.blogId.trim().toLowerCase();
  if (!BLOG_ID.test(blogId)) throw new UserInputError('blog_id_invalid');
  const label = checkLength('labelChars', input.label?.trim() ?? '') || null;
  const guildId = guildOf(actor);
  return onceMore(() =>
    db.$transaction(async (tx) => {
      const existing = await tx.account.findUnique({ where: { guildId_blogId: { guildId, blogId } } });
      if (existing) {
        await linkHere(tx, existing, actor);
        return { account: existing, created: false };
      }
      const account = await tx.account.create({
        data: { guildId, blogId, label, channels: { create: { channelId: actor.channelId, guildId, createdBy: actor.userId } } },
      });
      return { account, created: true };
    }),
  );
}

/** /account link: an account of the actor's server (another channel's, or one no channel has any more). */
export async function linkAccountHere(db: Db, ref: string, actor: Actor): Promise<Account> {
  const account = await accountOfGuild(db, ref, actor.guildId);
  await onceMore(() => db.$transaction((tx) => linkHere(tx, account, actor)));
  return account;
}

/** /account unlink: drops this channel's link; the last one also deletes the stored login and session. */
export async function unlinkAccountHere(db: Db, account: Account, actor: Actor): Promise<{ remaining: number }> {
  return db.$transaction(async (tx) => {
    await lockAccount(tx, account.id);
    const { count } = await tx.channelLink.deleteMany({ where: { channelId: actor.channelId, accountId: account.id } });
    if (count === 0) throw new NotHereError('account', account.blogId);
    const remaining = await tx.channelLink.count({ where: { accountId: account.id } });
    if (remaining === 0) await tx.account.update({ where: { id: account.id }, data: { credentialsEnc: null, sessionEnc: null, sessionSavedAt: null } });
    return { remaining };
  });
}
