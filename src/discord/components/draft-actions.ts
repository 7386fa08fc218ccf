// Approve / Reject / Regenerate / Preview / Mark published / Publish again on a draft message.
import type { BlogAutopilotService, Actor, DraftInHand, DraftRef } from '../../service-api.ts';
import { actorOf } from '../context.ts';
import { parseDraftId, type DraftAction } from '../custom-ids.ts';
import { draftApprover } from '../permissions.ts';
import { defineButton } from './registry.ts';

type ButtonAction = Exclude<DraftAction, 'edit'>;

const ACTIONS: Record<ButtonAction, (s: BlogAutopilotService, draft: DraftRef, actor: Actor) => Promise<unknown>> = {
  approve: (s, id, a) => s.approve(id, a),
  reject: (s, id, a) => s.reject(id, a),
  regenerate: (s, id, a) => s.regenerate(id, a),
  mark_published: (s, id, a) => s.markPublished(id, a),
  publish_again: (s, id, a) => s.publishAgain(id, a),
  // The card shows "queued", then the screenshot answers it (render/preview.ts).
  preview: (s, id, a) => s.preview(id, a),
};

export const draftActions = defineButton<{ action: ButtonAction; draftId: string; draft?: DraftInHand }>({
  name: 'draft-actions',
  parse(customId) {
    const parsed = parseDraftId(customId);
    return parsed && parsed.action !== 'edit' ? { action: parsed.action, draftId: parsed.draftId } : null;
  },
  ack: 'update',
  permission: draftApprover,
  async run(i, { action, draftId, draft }, ctx) {
    // The permission check loaded the draft; the new state reaches the message through the domain's notices.
    await ACTIONS[action](ctx.service, draft ?? draftId, actorOf(i));
  },
});
