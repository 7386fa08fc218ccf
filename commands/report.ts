// /report [account] [weeks] — a chart of the posts published per day and a summary per account (waiting,
// failures, dead letters, share found in search). Shown to the channel; a refusal only to the one who asked.
import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/discord/command-registry.ts';
import { accountOption, accountRefOf } from '../src/discord/command-options.ts';
import { respondWithAccounts } from '../src/discord/account-option.ts';
import { localized } from '../src/discord/i18n.ts';
import { renderReport } from '../src/discord/render/report.ts';
import { langOfInteraction } from '../src/discord/respond.ts';
import { REPORT_MAX_WEEKS } from '../src/reports/channel-report.ts';

const data = localized(new SlashCommandBuilder().setName('report'), 'report')
  .setContexts(InteractionContextType.Guild)
  .addStringOption(accountOption(false))
  .addIntegerOption((o) => localized(o.setName('weeks'), 'opt.weeks').setMinValue(1).setMaxValue(REPORT_MAX_WEEKS));

const command: Command = {
  data,
  async execute(i, ctx) {
    const accountRef = accountRefOf(i, false);
    // Drawing takes a moment; a refusal after this replaces the placeholder with an ephemeral answer.
    await i.deferReply();
    const report = await ctx.service.report({ channelId: i.channelId, accountRef: accountRef ?? undefined, weeks: i.options.getInteger('weeks') ?? 1, timezone: ctx.defaultTimezone });
    await i.editReply(await renderReport(report, langOfInteraction(i)));
  },
  autocomplete: respondWithAccounts,
};

export default command;
