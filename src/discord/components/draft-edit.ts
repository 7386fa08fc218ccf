// Edit: the button opens a modal with the title and body as text; the submit saves them through the service.
import { LabelBuilder, ModalBuilder, TextInputBuilder, TextInputStyle } from 'discord.js';
import { bodyToText } from '../../article.ts';
import { actorOf } from '../context.ts';
import { draftId as draftCustomId, parseDraftId } from '../custom-ids.ts';
import { draftApprover } from '../permissions.ts';
import { Refusal } from '../failures.ts';
import { tr } from '../respond.ts';
import { defineButton, defineModal } from './registry.ts';
import { articleOf } from '../../drafts/notices.ts';
import type { DraftInHand } from '../../service-api.ts';

const BODY_MAX = 4_000;

function parseEdit(customId: string): { draftId: string } | null {
  const parsed = parseDraftId(customId);
  return parsed?.action === 'edit' ? { draftId: parsed.draftId } : null;
}

export const draftEditButton = defineButton<{ draftId: string; draft?: DraftInHand }>({
  name: 'draft-edit-open',
  parse: parseEdit,
  ack: 'none',
  permission: draftApprover,
  async run(i, { draftId, draft: inHand }, ctx) {
    const t = tr(i).draft;
    // Loaded by the permission check; a modal must be shown within 3 s, so no second trip to the database.
    const draft = inHand ?? (await ctx.service.openDraft(draftId, actorOf(i)));
    // Only a draft waiting for approval can be edited; its form could not be saved otherwise.
    if (draft.status !== 'pending_approval') throw new Refusal(tr(i).errors.illegalTransition(draft.status));
    const article = articleOf(draft);
    const body = article ? bodyToText(article.blocks) : '';
    if (body.length > BODY_MAX) throw new Refusal(t.tooLongToEdit);
    const title = new TextInputBuilder().setCustomId('title').setStyle(TextInputStyle.Short).setMaxLength(100).setRequired(true);
    const text = new TextInputBuilder().setCustomId('body').setStyle(TextInputStyle.Paragraph).setMaxLength(BODY_MAX).setRequired(true);
    const currentTitle = article?.title ?? draft.title;
    if (currentTitle) title.setValue(currentTitle.slice(0, 100));
    if (body) text.setValue(body);
    await i.showModal(
      new ModalBuilder()
        .setCustomId(draftCustomId('edit', draftId))
        .setTitle(t.editModalTitle)
        .addLabelComponents(new LabelBuilder().setLabel(t.editTitle).setTextInputComponent(title), new LabelBuilder().setLabel(t.editBody).setTextInputComponent(text)),
    );
  },
});

export const draftEditSubmit = defineModal<{ draftId: string; draft?: DraftInHand }>({
  name: 'draft-edit-save',
  parse: parseEdit,
  ack: 'update',
  permission: draftApprover,
  async run(i, { draftId, draft: inHand }, ctx) {
    const change = { title: i.fields.getTextInputValue('title').trim(), bodyText: i.fields.getTextInputValue('body') };
    const draft = await ctx.service.edit(inHand ?? draftId, change, actorOf(i));
    await ctx.notifier.refreshDraft(draft, i.user.id, 'edited');
    if (i.ephemeral) await i.editReply({ content: tr(i).draft.saved });
  },
});
