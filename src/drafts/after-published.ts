// Hands a freshly published post to the checks queue. Public posts only: a post the account publishes for
// neighbours or privately is meant to be hidden from visitors and from search. Never throws: the post is
// published whatever happens to its checks.
import type { Domain } from '../domain.ts';
import { messageOf } from '../errors.ts';

/** What the publisher just wrote, when the caller has it in hand (saves reading it back). */
export interface JustPublished {
  publishedUrl: string;
  publishedAt: Date;
  visibility: string;
}

/** True when it changed the draft's row (its search check marked waiting): a card rendered before is out of date. */
export async function scheduleChecks(d: Pick<Domain, 'db' | 'logger' | 'checks'>, draftId: string, known?: JustPublished): Promise<boolean> {
  if (!d.checks) return false;
  try {
    const draft = known
      ? { publishedUrl: known.publishedUrl, publishedAt: known.publishedAt, account: { visibility: known.visibility } }
      : await d.db.draft.findUnique({ where: { id: draftId }, select: { publishedUrl: true, publishedAt: true, account: { select: { visibility: true } } } });
    if (!draft?.publishedUrl || draft.account.visibility !== 'public') return false;
    const marked = d.checks.searchOn ? (await d.db.draft.updateMany({ where: { id: draftId, searchCheck: null }, data: { searchCheck: 'waiting' } })).count > 0 : false;
    await d.checks.afterPublished(draftId, draft.publishedAt ?? new Date());
    return marked;
  } catch (err) {
    d.logger.warn({ draftId, err: messageOf(err) }, 'could not schedule the checks of a published post');
    return true; // whatever it managed to write, the card is read afresh
  }
}
