// Chooses when an approved draft goes out: its publishAt, or the next slot the account's pacing allows.
import type { Db } from '../db/client.ts';
import { sql } from '../db/sql.ts';
import { nextPublishSlot, windowed, type PacingRules } from './pacing.ts';

/**
 * The slot of an account without pacing rules (no daily cap, interval, window or jitter): the wanted time
 * whatever the other posts, so it needs neither the lock nor a read (null when the account has rules). The
 * caller writes it as the draft's plannedAt, as planPublishSlot would.
 */
export function unpacedSlot(rules: Omit<PacingRules, 'timezone'>, publishAt: Date | null, now = new Date()): Date | null {
  if (rules.dailyCap > 0 || rules.minIntervalMinutes > 0 || (rules.jitterMinutes ?? 0) > 0 || windowed(rules)) return null;
  return publishAt && publishAt > now ? publishAt : now;
}

/** Saves and returns the planned time. The account row is locked while the slot is chosen, so two approvals at once do not take the same slot. */
export async function planPublishSlot(db: Db, draftId: string): Promise<{ accountId: string; planned: Date }> {
  // An account without pacing rules (no daily cap, interval, window or jitter: nextPublishSlot gives back the
  // wanted time whatever the other posts) needs neither the lock nor the other posts: one statement.
  const now = new Date();
  const [free] = await sql<{ accountId: string; plannedAt: Date }>(
    db,
    `UPDATE "Draft" AS d SET "plannedAt" = CASE WHEN d."publishAt" > $1::timestamp(3) THEN d."publishAt" ELSE $1::timestamp(3) END,
      "updatedAt" = $1::timestamp(3)
    FROM "Account" AS a
    WHERE d."id" = $2 AND a."id" = d."accountId" AND a."dailyCap" <= 0 AND a."minIntervalMinutes" <= 0 AND a."jitterMinutes" <= 0
      AND NOT (a."allowedHourEnd" > a."allowedHourStart" AND NOT (a."allowedHourStart" = 0 AND a."allowedHourEnd" = 24))
    RETURNING d."accountId", d."plannedAt"`,
    now.toISOString(),
    draftId,
  );
  if (free) return { accountId: free.accountId, planned: free.plannedAt };
  return db.$transaction(async (tx) => {
    // NO KEY UPDATE: serialises slot choices without blocking inserts that only reference the account.
    const [a] = await tx.$queryRaw<
      Array<{ accountId: string; publishAt: Date | null; timezone: string; dailyCap: number; allowedHourStart: number; allowedHourEnd: number; minIntervalMinutes: number; jitterMinutes: number }>
    >`SELECT d."accountId", d."publishAt", a."timezone", a."dailyCap", a."allowedHourStart", a."allowedHourEnd", a."minIntervalMinutes", a."jitterMinutes"
      FROM "Draft" AS d JOIN "Account" AS a ON a."id" = d."accountId" WHERE d."id" = ${draftId} FOR NO KEY UPDATE OF a`;
    if (!a) throw new Error(`Draft ${draftId} no longer exists.`);
    const others = await tx.draft.findMany({
      where: {
        accountId: a.accountId,
        id: { not: draftId },
        OR: [{ status: 'published', publishedAt: { gte: new Date(Date.now() - 2 * 24 * 3600_000) } }, { status: { in: ['approved', 'publishing'] } }],
      },
      select: { publishedAt: true, plannedAt: true },
    });
    const wanted = a.publishAt && a.publishAt.getTime() > Date.now() ? a.publishAt : new Date();
    const planned = nextPublishSlot(a, wanted, others.map((o) => o.publishedAt ?? o.plannedAt).filter((x): x is Date => x !== null));
    await tx.draft.update({ where: { id: draftId }, data: { plannedAt: planned } });
    return { accountId: a.accountId, planned };
  });
}
