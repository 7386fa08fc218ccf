// Reject: the draft is set aside for good (from any state that is not already publishing or done).
import type { Domain } from '../domain.ts';
import type { Actor } from '../service-api.ts';
import { transition } from './state-machine.ts';
import { notifyDraft } from './notify.ts';
import { refuseIllegal } from './state-machine.ts';
import type { LoadedDraft } from '../channel-scope.ts';

export async function reject(d: Pick<Domain, 'db' | 'notifier' | 'logger'>, draft: LoadedDraft, actor: Actor): Promise<void> {
  await refuseIllegal(
    () =>
      transition(d.db, {
        draftId: draft.id,
        to: 'rejected',
        from: ['pending_approval', 'approved', 'generation_failed', 'publish_failed', 'publish_unconfirmed'],
        actor: actor.userId,
        action: 'rejected',
      }),
    'rejected',
  );
  await notifyDraft(d, draft.id, actor.userId, 'rejected');
}
