// /draft photos draft:<id> photo1 … photo10 — the team's photos added to a draft that waits for approval (the
// card's "Add photos" button points here: Discord's forms cannot take files). Approvers only, like the card.
import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/discord/command-registry.ts';
import { EPHEMERAL, optionText } from '../src/discord/command-options.ts';
import { actorOf } from '../src/discord/context.ts';
import { localized } from '../src/discord/i18n.ts';
import { Refusal } from '../src/discord/failures.ts';
import { tr } from '../src/discord/respond.ts';
import { attachedPhotos, downloadPhotos, withPhotoOptions } from '../src/discord/photos.ts';
import { mayApprove } from '../src/channel-scope.ts';

const data = localized(new SlashCommandBuilder().setName('draft'), 'draft')
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((s) => withPhotoOptions(localized(s.setName('photos'), 'draft.photos').addStringOption(optionText('draft', true, 80)), true));

const command: Command = {
  data,
  async execute(i, ctx) {
    const t = tr(i);
    const attached = attachedPhotos(i);
    await i.deferReply(EPHEMERAL);
    const actor = actorOf(i);
    const draft = await ctx.service.openDraft(i.options.getString('draft', true).trim(), actor);
    if (!mayApprove(actor, draft.account.approverRoleIds)) throw new Refusal(t.errors.notApprover);
    const slots = await ctx.service.addPhotos(draft, await downloadPhotos(i, ctx, attached), actor);
    await i.editReply(t.images.added(slots));
  },
};

export default command;
