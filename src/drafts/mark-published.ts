// Mark published: a person looked at the blog after an unknown outcome and found the post.
import type { Domain } from '../domain.ts';
import type { Actor } from '../service-api.ts';
import { UserInputError } from '../refusals.ts';
import { transition } from './state-machine.ts';
import { notifyDraft } from './notify.ts';
import { refuseIllegal } from './state-machine.ts';
import { scheduleChecks } from './after-published.ts';

export async function markPublished(d: Pick<Domain, 'db' | 'notifier' | 'logger' | 'checks'>, draftId: string, actor: Actor, url?: string): Promise<void> {
  if (url !== undefined && !/^https?:\/\//.test(url)) throw new UserInputError('post_url_invalid');
  await refuseIllegal(
    () =>
      transition(d.db, {
        draftId,
        to: 'published',
        from: ['publish_unconfirmed'],
        actor: actor.userId,
        action: 'marked_published',
        data: { publishedUrl: url ?? undefined, publishedAt: new Date(), lastError: null, lastErrorClass: null },
      }),
    'marked as published',
  );
  await scheduleChecks(d, draftId);
  await notifyDraft(d, draftId, actor.userId, 'marked_published');
}
