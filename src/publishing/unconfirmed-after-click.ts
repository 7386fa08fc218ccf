// A publish job can fail for good after its final click without the publisher ever reporting it: BullMQ gives
// up on a job whose replica died twice while running it ("stalled more than allowable limit"). The post may
// exist then. That is an unknown outcome for a person to settle (Mark published / Publish again), never a
// dead letter whose Retry would publish a second time.
import type { Db } from '../db/client.ts';
import { IllegalTransitionError } from '../errors.ts';
import { transitionIn } from '../drafts/state-machine.ts';

/** Moves a clicked, still-publishing draft to publish_unconfirmed; false when it was not clicked (or moved on). */
export async function unconfirmedAfterClick(db: Db, draftId: string, reason: string): Promise<boolean> {
  try {
    return await db.$transaction(async (tx) => {
      const draft = await tx.draft.findUnique({ where: { id: draftId }, select: { status: true, submittedAt: true } });
      if (draft?.status !== 'publishing' || !draft.submittedAt) return false;
      await transitionIn(tx, {
        draftId,
        to: 'publish_unconfirmed',
        from: ['publishing'],
        actor: 'system',
        action: 'publish_unconfirmed',
        detail: { reason },
        data: {
          lastError: `The publish button was pressed, then the job stopped (${reason}); check the blog, then choose Mark published or Publish again.`,
          lastErrorClass: 'publish_unconfirmed',
        },
      });
      return true;
    });
  } catch (err) {
    if (err instanceof IllegalTransitionError) return false;
    throw err;
  }
}
