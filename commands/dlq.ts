// /dlq list — jobs that failed for good in this channel's accounts, with Retry / Discard.
import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/discord/command-registry.ts';
import { EPHEMERAL, requireManageServer } from '../src/discord/command-options.ts';
import { localized } from '../src/discord/i18n.ts';
import { renderDeadLetters } from '../src/discord/render/lists.ts';
import { langOfInteraction } from '../src/discord/respond.ts';

const data = localized(new SlashCommandBuilder().setName('dlq'), 'dlq')
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((s) => localized(s.setName('list'), 'dlq.list'));

const command: Command = {
  data,
  async execute(i, ctx) {
    requireManageServer(i); // not only Discord's default_member_permissions, which a server can widen
    await i.deferReply(EPHEMERAL);
    await i.editReply(renderDeadLetters(await ctx.service.listDeadLetters(i.channelId), langOfInteraction(i)));
  },
};

export default command;
