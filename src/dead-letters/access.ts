// The dead letters a channel may see and act on: those of its accounts.
import type { Db } from '../db/client.ts';
import type { DeadLetter } from '../generated/prisma/client.ts';
import type { Actor, DeadLetterSummary } from '../service-api.ts';
import { NotHereError, UserInputError } from '../refusals.ts';

export function deadLetterSummary(r: DeadLetter & { account: { blogId: string } | null }): DeadLetterSummary {
  return {
    id: r.id,
    queue: r.queue,
    accountId: r.accountId,
    blogId: r.account?.blogId ?? null,
    draftId: r.draftId,
    errorClass: r.errorClass,
    errorMessage: r.errorMessage,
    attempts: r.attempts,
    createdAt: r.createdAt,
  };
}

export async function listDeadLetters(db: Db, channelId: string): Promise<DeadLetterSummary[]> {
  const rows = await db.deadLetter.findMany({
    where: { resolvedAt: null, account: { channels: { some: { channelId } } } },
    include: { account: { select: { blogId: true } } },
    orderBy: { createdAt: 'desc' },
    take: 25,
  });
  return rows.map(deadLetterSummary);
}

/** A dead letter of an account linked to the actor's channel, resolved or not. */
export async function visibleDeadLetter(db: Db, id: string, actor: Actor) {
  // A letter without an account (resolve it from the admin board) is in no channel either.
  const dead = await db.deadLetter.findFirst({ where: { id, account: { channels: { some: { channelId: actor.channelId } } } }, include: { account: { select: { blogId: true } } } });
  if (!dead?.accountId) throw new NotHereError('dead_letter', id);
  return { ...dead, accountId: dead.accountId };
}

export async function getDeadLetter(db: Db, id: string, actor: Actor): Promise<DeadLetterSummary & { resolved: boolean }> {
  const dead = await visibleDeadLetter(db, id, actor);
  return { ...deadLetterSummary(dead), resolved: dead.resolvedAt !== null };
}

/** A dead letter of the actor's channel that is still open. */
export async function openDeadLetter(db: Db, id: string, actor: Actor) {
  const dead = await visibleDeadLetter(db, id, actor);
  if (dead.resolvedAt) throw new UserInputError('dead_letter_resolved', { resolution: dead.resolution });
  return dead;
}
