// The card's picture buttons: Regenerate image N and Go on without image N (one generated slot each), and Add
// photos, which says how to attach them (Discord's forms take no files; /draft photos does). Each is checked
// like Approve: Manage Server or an approver role of the draft's account, from a channel it is linked to.
import type { DraftInHand } from '../../service-api.ts';
import { actorOf } from '../context.ts';
import { parseAddPhotosId, parseImageId, type ImageAction } from '../custom-ids.ts';
import { draftApprover } from '../permissions.ts';
import { tr } from '../respond.ts';
import { defineButton } from './registry.ts';

export const draftImageActions = defineButton<{ action: ImageAction; draftId: string; slot: number; draft?: DraftInHand }>({
  name: 'draft-images',
  parse: parseImageId,
  ack: 'update',
  permission: draftApprover,
  async run(i, { action, draftId, slot, draft }, ctx) {
    // The card shows the outcome (being made again, or the image gone) through the domain's notices.
    if (action === 'regen') await ctx.service.regenerateImage(draft ?? draftId, slot, actorOf(i));
    else await ctx.service.dropImage(draft ?? draftId, slot, actorOf(i));
  },
});

export const draftAddPhotos = defineButton<{ draftId: string; draft?: DraftInHand }>({
  name: 'draft-add-photos',
  parse: parseAddPhotosId,
  ack: 'ephemeral',
  permission: draftApprover,
  async run(i, { draftId }) {
    await i.editReply({ content: tr(i).images.addPhotosHow(draftId), allowedMentions: { parse: [] } });
  },
});
