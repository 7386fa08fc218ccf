// Tells the draft's channels that it moved. Rendered from PostgreSQL, never from what a job held in memory.
import type { Domain } from '../domain.ts';
import { draftNotice } from './notices.ts';

export async function notifyDraft(d: Pick<Domain, 'db' | 'notifier' | 'logger'>, draftId: string, actor: string, action: string): Promise<void> {
  try {
    const notice = await draftNotice(d.db, draftId, actor, action);
    if (notice) await d.notifier.notify({ kind: 'draft', draft: notice });
  } catch (err) {
    d.logger.warn({ err, draftId }, 'could not notify the channel');
  }
}
