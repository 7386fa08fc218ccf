// Publish again (after an unconfirmed or failed publish, or a dead letter's Retry): back to approved, with
// the last click forgotten, and its one publish job.
import type { Domain } from '../domain.ts';
import type { Actor } from '../service-api.ts';
import { enqueuePublish } from '../drafts/jobs.ts';
import { transition, type DraftStatus } from './state-machine.ts';
import { notifyDraft } from './notify.ts';
import { refuseIllegal } from './state-machine.ts';

export async function publishAgain(d: Pick<Domain, 'db' | 'queues' | 'notifier' | 'logger'>, draftId: string, actor: Actor): Promise<void> {
  await sendToPublishing(d, draftId, actor, { from: ['publish_unconfirmed', 'publish_failed'], action: 'publish_again' });
  await notifyDraft(d, draftId, actor.userId, 'publish_again');
}

export async function sendToPublishing(d: Pick<Domain, 'db' | 'queues'>, draftId: string, actor: Actor, how: { from: DraftStatus[]; action: string }): Promise<void> {
  await refuseIllegal(
    () => transition(d.db, { draftId, to: 'approved', from: how.from, actor: actor.userId, action: how.action, data: { submittedAt: null, lastError: null, lastErrorClass: null } }),
    'sent to publishing again',
  );
  await enqueuePublish(d, draftId);
}
