// Gives recent published posts their checks back when Redis lost the checks queue (a flush, a new instance):
// a post still waiting for its live check or its search checks gets its jobs again. Adding a job that still
// exists (waiting, delayed or finished) adds nothing, so this is safe to run at any time on any replica.
import type { Domain } from '../domain.ts';
import { messageOf } from '../errors.ts';

/** Past the last search delay, and this much more, a post is no longer given its checks back. */
const MARGIN_MS = 3_600_000;

export async function reconcileChecks(d: Pick<Domain, 'db' | 'logger' | 'checks'>, now = new Date()): Promise<number> {
  const checks = d.checks;
  if (!checks) return 0;
  const horizon = (checks.searchOn ? (checks.delaysMs[checks.delaysMs.length - 1] ?? 0) : 0) + MARGIN_MS;
  const drafts = await d.db.draft.findMany({
    where: {
      status: 'published',
      publishedUrl: { not: null },
      publishedAt: { gte: new Date(now.getTime() - horizon) },
      account: { visibility: 'public' },
      OR: [{ liveCheck: null }, ...(checks.searchOn ? [{ searchCheck: 'waiting' }] : [])],
    },
    select: { id: true, publishedAt: true },
  });
  let given = 0;
  for (const draft of drafts) {
    try {
      await checks.afterPublished(draft.id, draft.publishedAt ?? now);
      given++;
    } catch (err) {
      d.logger.warn({ draftId: draft.id, err: messageOf(err) }, 'could not give a published post its checks back');
    }
  }
  return given;
}
