// Chooses when an approved draft goes out: its publishAt, or the next slot the account's pacing allows.
import type { Db } from '../db/client.ts';
import { sql, sqlTransaction } from '../db/sql.ts';
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

/** The account's pacing rules as the caller read them: which way to try first (both ways are right). */
type KnownRules = Omit<PacingRules, 'timezone'>;

/**
 * Saves and returns the planned time. The account row is locked while the slot is chosen, so two approvals at
 * once do not take the same slot. `known` (the account as the caller read it) only saves the caller of a paced
 * account the statement that tries the unpaced way first.
 */
export async function planPublishSlot(db: Db, draftId: string, known?: KnownRules): Promise<{ accountId: string; planned: Date }> {
  // An account without pacing rules (no daily cap, interval, window or jitter: nextPublishSlot gives back the
  // wanted time whatever the other posts) needs neither the lock nor the other posts: one statement.
  const now = new Date();
  const [free] = known && unpacedSlot(known, null, now) === null ? [] : await sql<{ accountId: string; plannedAt: Date }>(
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
  // Paced: in one transaction on one connection, plain statements (the ORM's transaction cost several times as
  // much, and an Approve click waits for it).
  return sqlTransaction(db, async (q) => {
    // NO KEY UPDATE: serialises slot choices without blocking inserts that only reference the account. The
    // other posts are read after the lock is held (a statement sees what was committed when it began).
    const [a] = await q<{ accountId: string; publishAt: Date | null } & PacingRules>(
      `SELECT d."accountId", d."publishAt", a."timezone", a."dailyCap", a."allowedHourStart", a."allowedHourEnd", a."minIntervalMinutes", a."jitterMinutes"
      FROM "Draft" AS d JOIN "Account" AS a ON a."id" = d."accountId" WHERE d."id" = $1 FOR NO KEY UPDATE OF a`,
      draftId,
    );
    if (!a) throw new Error(`Draft ${draftId} no longer exists.`);
    const others = await q<{ at: Date }>(
      `SELECT COALESCE(o."publishedAt", o."plannedAt") AS "at" FROM "Draft" AS o
      WHERE o."accountId" = $1 AND o."id" <> $2 AND COALESCE(o."publishedAt", o."plannedAt") IS NOT NULL
        AND ((o."status" = 'published' AND o."publishedAt" >= $3::timestamp(3)) OR o."status" IN ('approved', 'publishing'))`,
      a.accountId,
      draftId,
      new Date(Date.now() - 2 * 24 * 3600_000),
    );
    const wanted = a.publishAt && a.publishAt.getTime() > Date.now() ? a.publishAt : new Date();
    const planned = nextPublishSlot(a, wanted, others.map((o) => o.at));
    await q(`UPDATE "Draft" SET "plannedAt" = $1::timestamp(3), "updatedAt" = $2::timestamp(3) WHERE "id" = $3`, planned, new Date(), draftId);
    return { accountId: a.accountId, planned };
  });
}
