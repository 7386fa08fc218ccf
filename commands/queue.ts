// /queue [account] — waiting, active, delayed and failed jobs per account, and the dead-letter count.
import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/discord/command-registry.ts';
import { accountOption, accountRefOf, EPHEMERAL } from '../src/discord/command-options.ts';
import { respondWithAccounts } from '../src/discord/account-option.ts';
import { localized } from '../src/discord/i18n.ts';
import { renderQueues } from '../src/discord/render/lists.ts';
import { langOfInteraction } from '../src/discord/respond.ts';

const data = localized(new SlashCommandBuilder().setName('queue'), 'queue')
  .setContexts(InteractionContextType.Guild)
  .addStringOption(accountOption(false));

const command: Command = {
  data,
  async execute(i, ctx) {
    const accountRef = accountRefOf(i, false);
    await i.deferReply(EPHEMERAL);
    const counts = await ctx.service.queueCounts(i.channelId, accountRef ?? undefined);
    await i.editReply(renderQueues(counts, langOfInteraction(i)));
  },
  autocomplete: respondWithAccounts,
};

export default command;
