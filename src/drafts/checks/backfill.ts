// Drafts written before the originality check existed (or whose signature is missing) get their MinHash
// signature and band keys, so the check compares new drafts with the whole blog, not only with recent posts.
import type { Db } from '../../db/client.ts';
import { articleOf } from '../notices.ts';
import { lshBands, minhash, normalizeForSimilarity } from './minhash.ts';
import { ORIGINALITY_MIN_CHARS, textOf } from './report.ts';
import { COMPARED_STATUSES } from './originality.ts';

/** Signs up to `limit` drafts per call, in batches; returns how many were signed. */
export async function backfillSignatures(db: Db, limit = 20_000, batch = 200): Promise<number> {
  let signed = 0;
  let after = '';
  while (signed < limit) {
    const rows = await db.draft.findMany({
      where: { id: { gt: after }, status: { in: [...COMPARED_STATUSES] }, title: { not: null }, minhash: { isEmpty: true } },
      orderBy: { id: 'asc' },
      take: batch,
      select: { id: true, title: true, body: true, tags: true },
    });
    if (rows.length === 0) break;
    for (const row of rows) {
      after = row.id;
      const article = articleOf(row);
      if (!article) continue;
      const text = textOf(article);
      // The same rule as the check itself: short texts are not compared.
      if (normalizeForSimilarity(text).length < ORIGINALITY_MIN_CHARS) continue;
      const signature = minhash(text);
      // Only if still unsigned: a draft written meanwhile keeps the signature its checks gave it.
      const { count } = await db.draft.updateMany({ where: { id: row.id, minhash: { isEmpty: true } }, data: { minhash: signature, lshBands: lshBands(signature) } });
      signed += count;
    }
  }
  return signed;
}
