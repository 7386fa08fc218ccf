// Chooses when an approved draft goes out: its publishAt, or the next slot the account's pacing allows.
import type { Db } from '../db/client.ts';
import { nextPublishSlot } from './pacing.ts';

/** Saves and returns the planned time. The account row is locked while the slot is chosen, so two approvals at once do not take the same slot. */
export async function planPublishSlot(db: Db, draftId: string): Promise<{ accountId: string; planned: Date }> {
  return db.$transaction(async (tx) => {
    const draft = await tx.draft.findUniqueOrThrow({ where: { id: draftId }, select: { accountId: true, publishAt: true } });
    // NO KEY UPDATE: serialises slot choices without blocking inserts that only reference the account.
    await tx.$queryRaw`SELECT id FROM "Account" WHERE id = ${draft.accountId} FOR NO KEY UPDATE`;
    const a = await tx.account.findUniqueOrThrow({ where: { id: draft.accountId } });
    const others = await tx.draft.findMany({
      where: {
        accountId: draft.accountId,
        id: { not: draftId },
        OR: [{ status: 'published', publishedAt: { gte: new Date(Date.now() - 2 * 24 * 3600_000) } }, { status: { in: ['approved', 'publishing'] } }],
      },
      select: { publishedAt: true, plannedAt: true },
    });
    const wanted = draft.publishAt && draft.publishAt.getTime() > Date.now() ? draft.publishAt : new Date();
    const planned = nextPublishSlot(
      { timezone: a.timezone, dailyCap: a.dailyCap, allowedHourStart: a.allowedHourStart, allowedHourEnd: a.allowedHourEnd, minIntervalMinutes: a.minIntervalMinutes, jitterMinutes: a.jitterMinutes },
      wanted,
      others.map((o) => o.publishedAt ?? o.plannedAt).filter((x): x is Date => x !== null),
    );
    await tx.draft.update({ where: { id: draftId }, data: { plannedAt: planned } });
    return { accountId: draft.accountId, planned };
  });
}
