// Approve: pending_approval → approved, and its one publish job (a double click makes one).
import type { Domain } from '../domain.ts';
import type { Actor } from '../service-api.ts';
import { enqueuePublish } from '../drafts/jobs.ts';
import { transition } from './state-machine.ts';
import { notifyDraft } from './notify.ts';
import { refuseIllegal } from './state-machine.ts';
import type { LoadedDraft } from '../channel-scope.ts';

/** Returns when the post is planned to go out. */
export async function approve(d: Pick<Domain, 'db' | 'queues' | 'notifier' | 'logger'>, draft: LoadedDraft, actor: Actor): Promise<Date> {
  // Approving a flagged draft is allowed; the audit trail records which flags the approver had in front of them.
  const detail = draft.flags.length ? { flagsSeen: draft.flags } : undefined;
  await refuseIllegal(() => transition(d.db, { draftId: draft.id, to: 'approved', from: ['pending_approval'], actor: actor.userId, action: 'approved', detail }), 'approved');
  const planned = await enqueuePublish(d, draft.id, draft.account);
  await notifyDraft(d, draft.id, actor.userId, 'approved');
  return planned;
}
