// /drafts [account] [status] — the channel's drafts, newest first, paged with ◀ ▶.
import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/discord/command-registry.ts';
import { accountOption, accountRefOf, EPHEMERAL } from '../src/discord/command-options.ts';
import { respondWithAccounts } from '../src/discord/account-option.ts';
import { localized } from '../src/discord/i18n.ts';
import { en } from '../src/discord/locales/en.ts';
import { ko } from '../src/discord/locales/ko.ts';
import { renderDraftsPage } from '../src/discord/render/lists.ts';
import { langOfInteraction } from '../src/discord/respond.ts';

const STATUSES = Object.keys(en.statuses);

const data = localized(new SlashCommandBuilder().setName('drafts'), 'drafts')
  .setContexts(InteractionContextType.Guild)
  .addStringOption(accountOption(false))
  .addStringOption((o) =>
    localized(o.setName('status'), 'opt.status').addChoices(
      ...STATUSES.map((s) => ({ name: en.statuses[s]!, name_localizations: { ko: ko.statuses[s]! }, value: s })),
    ),
  )
  .addBooleanOption((o) => localized(o.setName('flagged'), 'opt.flagged'));

const command: Command = {
  data,
  async execute(i, ctx) {
    const accountRef = accountRefOf(i, false);
    await i.deferReply(EPHEMERAL);
    const page = { page: 0, accountRef, status: i.options.getString('status'), flagged: i.options.getBoolean('flagged') === true };
    await i.editReply(await renderDraftsPage(ctx.service, i.channelId, page, langOfInteraction(i), ctx.defaultTimezone));
  },
  autocomplete: respondWithAccounts,
};

export default command;
