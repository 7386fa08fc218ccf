// How long pictures stay in PostgreSQL. A rejected draft (or one whose writing failed) keeps its pictures 7 days
// after its last change, long enough to change one's mind; a published one keeps them 30 days after publishing
// (NAVER holds the post's own copies; the card already carries them). A draft deleted with its account takes its
// pictures with it (ON DELETE CASCADE). Run by the worker's periodic reconcile.
import type { Db } from '../db/client.ts';

export const IMAGE_RETENTION_DAYS = { rejected: 7, published: 30 } as const;
const DAY = 86_400_000;

export async function sweepImages(db: Db, now = Date.now()): Promise<number> {
  const gone = await db.draftImage.deleteMany({
    where: {
      OR: [
        { draft: { status: { in: ['rejected', 'generation_failed'] }, updatedAt: { lt: new Date(now - IMAGE_RETENTION_DAYS.rejected * DAY) } } },
        { draft: { status: 'published', publishedAt: { lt: new Date(now - IMAGE_RETENTION_DAYS.published * DAY) } } },
      ],
    },
  });
  return gone.count;
}
