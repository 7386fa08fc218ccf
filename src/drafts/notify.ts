// Tells the draft's channels that it moved. Rendered from PostgreSQL, never from what a job held in memory: read
// here, or the card a transition returned from the row it wrote (transitionWithNotice).
import type { Domain } from '../domain.ts';
import type { DraftNotice } from '../ports.ts';
import { draftNotice } from './notices.ts';

export async function notifyDraft(
  d: Pick<Domain, 'db' | 'notifier' | 'logger'>,
  draftId: string,
  actor: string,
  action: string,
  /** The card as the transition's statement returned it; undefined: read it. */
  written?: DraftNotice,
): Promise<void> {
  try {
    const notice = written ?? (await draftNotice(d.db, draftId, actor, action));
    if (notice) await d.notifier.notify({ kind: 'draft', draft: notice });
  } catch (err) {
    d.logger.warn({ err, draftId }, 'could not notify the channel');
  }
}
