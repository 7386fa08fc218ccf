// Regenerate (and a dead letter's Retry of a failed generation): the same draft is written again.
import type { Domain } from '../domain.ts';
import type { Draft } from '../generated/prisma/client.ts';
import type { Actor } from '../service-api.ts';
import { checkLength } from '../limits.ts';
import type { DraftRequestLimit } from './request-limit.ts';
import { requestDraftGeneration } from '../drafts/jobs.ts';
import { transition, type DraftStatus } from './state-machine.ts';
import { notifyDraft } from './notify.ts';
import { refuseIllegal } from './state-machine.ts';

export async function regenerate(
  d: Pick<Domain, 'db' | 'queues' | 'notifier' | 'logger'> & { requestLimit: DraftRequestLimit },
  draft: Draft,
  actor: Actor,
  feedback?: string,
): Promise<void> {
  if (feedback) checkLength('feedbackChars', feedback);
  // A regeneration is a draft request like /schedule post: it counts against the member's limit.
  const slot = await d.requestLimit.take(actor);
  await slot.unlessFails(() => writeAgain(d, draft, actor, { from: ['pending_approval', 'generation_failed'], action: 'regenerated', verb: 'regenerated', feedback }));
  await notifyDraft(d, draft.id, actor.userId, 'regenerated');
}

/** Back to generating with the next regeneration number, and its generate job. */
export async function writeAgain(
  d: Pick<Domain, 'db' | 'queues'>,
  draft: Draft,
  actor: Actor,
  how: { from: DraftStatus[]; action: string; verb: string; feedback?: string },
): Promise<void> {
  const regenerations = draft.regenerations + 1;
  await refuseIllegal(
    () =>
      transition(d.db, {
        draftId: draft.id,
        to: 'generating',
        from: how.from,
        actor: actor.userId,
        action: how.action,
        detail: { feedback: how.feedback ?? null },
        data: { regenerations, lastError: null, lastErrorClass: null },
      }),
    how.verb,
  );
  await requestDraftGeneration(d.queues, { ...draft, regenerations }, { requestedBy: actor.userId, channelId: actor.channelId, feedback: how.feedback });
}
