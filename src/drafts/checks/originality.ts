// Originality: how close a draft is to the account's own published posts and the drafts still on their way
// there. Candidates come from the GIN index on the LSH band keys; their signatures give the estimate.
import type { Db } from '../../db/client.ts';
import { estimateSimilarity } from './minhash.ts';
import type { ClosePost } from '../../draft-checks.ts';

export type { ClosePost } from '../../draft-checks.ts';

/** The drafts a new one is compared with: published, or waiting to be (a duplicate in the queue is a duplicate). */
export const COMPARED_STATUSES = ['published', 'pending_approval', 'approved', 'publishing', 'publish_unconfirmed'] as const;


interface Candidate {
  id: string;
  title: string | null;
  status: string;
  publishedUrl: string | null;
  minhash: number[];
}

/** The closest posts of the account, best first (at most `limit`); those sharing no LSH band are not close. */
export async function closestPosts(
  db: Db,
  q: { accountId: string; excludeDraftId: string; signature: number[]; bands: number[] },
  limit = 3,
): Promise<ClosePost[]> {
  if (q.bands.length === 0) return [];
  const candidates = await db.$queryRaw<Candidate[]>`
    SELECT "id", "title", "status"::text AS "status", "publishedUrl", "minhash"
    FROM "Draft"
    WHERE "accountId" = ${q.accountId}
      AND "id" <> ${q.excludeDraftId}
      AND "status"::text = ANY(${[...COMPARED_STATUSES]}::text[])
      AND "lshBands" && ${q.bands}::int4[]`;
  return candidates
    .map((c) => ({ draftId: c.id, title: c.title ?? '', status: c.status, url: c.publishedUrl, score: estimateSimilarity(q.signature, c.minhash) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, limit);
}

/** The titles of the account's latest posts and queued drafts, newest first (for recurring schedules). */
export async function recentTitles(db: Db, accountId: string, excludeDraftId: string, limit = 15): Promise<string[]> {
  const rows = await db.draft.findMany({
    where: { accountId, id: { not: excludeDraftId }, status: { in: [...COMPARED_STATUSES] }, title: { not: null } },
    orderBy: { createdAt: 'desc' },
    take: limit,
    select: { title: true },
  });
  return rows.map((r) => r.title!).filter(Boolean);
}
