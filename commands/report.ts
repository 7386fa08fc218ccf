// /report [account] [weeks] — a chart of the posts published per day and a summary per account (waiting,
// failures, dead letters, share found in search), shown to the channel. With weekly_day (and weekly_hour) it
// sets the channel's weekly report message instead, which needs Manage Server.
import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/discord/command-registry.ts';
import { accountOption, accountRefOf, EPHEMERAL, requireManageServer } from '../src/discord/command-options.ts';
import { respondWithAccounts } from '../src/discord/account-option.ts';
import { localized } from '../src/discord/i18n.ts';
import { en } from '../src/discord/locales/en.ts';
import { ko } from '../src/discord/locales/ko.ts';
import { renderReport } from '../src/discord/render/report.ts';
import { langOfInteraction, tr } from '../src/discord/respond.ts';
import { actorOf } from '../src/discord/context.ts';
import { REPORT_MAX_WEEKS } from '../src/reports/channel-report.ts';

const dayChoices = [
  ...en.report.weekdays.map((name, i) => ({ name, name_localizations: { ko: ko.report.weekdays[i]! }, value: String(i + 1) })),
  { name: en.report.off, name_localizations: { ko: ko.report.off }, value: 'off' },
];

const data = localized(new SlashCommandBuilder().setName('report'), 'report')
  .setContexts(InteractionContextType.Guild)
  .addStringOption(accountOption(false))
  .addIntegerOption((o) => localized(o.setName('weeks'), 'opt.weeks').setMinValue(1).setMaxValue(REPORT_MAX_WEEKS))
  .addStringOption((o) => localized(o.setName('weekly_day'), 'opt.weekly_day').addChoices(...dayChoices))
  .addIntegerOption((o) => localized(o.setName('weekly_hour'), 'opt.weekly_hour').setMinValue(0).setMaxValue(23));

const command: Command = {
  data,
  async execute(i, ctx) {
    const day = i.options.getString('weekly_day');
    const hour = i.options.getInteger('weekly_hour');
    if (day !== null || hour !== null) {
      requireManageServer(i);
      await i.deferReply(EPHEMERAL);
      const weekday = day === null ? undefined : day === 'off' ? 'off' : Number(day);
      const set = await ctx.service.setWeeklyReport({ weekday, hour: hour ?? undefined, timezone: ctx.defaultTimezone }, actorOf(i));
      const t = tr(i).report;
      await i.editReply({ content: set ? t.weeklySet(t.weekdays[set.weekday - 1] ?? String(set.weekday), set.hour, set.timezone) : t.weeklyOff });
      return;
    }
    const accountRef = accountRefOf(i, false);
    // Drawing takes a moment; a refusal after this replaces the placeholder with an ephemeral answer.
    await i.deferReply();
    const report = await ctx.service.report({ channelId: i.channelId, accountRef: accountRef ?? undefined, weeks: i.options.getInteger('weeks') ?? 1, timezone: ctx.defaultTimezone });
    await i.editReply(await renderReport(report, langOfInteraction(i)));
  },
  autocomplete: respondWithAccounts,
};

export default command;
