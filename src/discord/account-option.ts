// The `account` option every command shares: autocomplete from the channel's accounts, and display names.
import type { AutocompleteInteraction } from 'discord.js';
import type { BotContext } from './context.ts';
import { hasManageServer } from './permissions.ts';
import { accountName } from './render/draft.ts';

export const MAX_CHOICES = 25;

/**
 * value = account id (what the service resolves fastest), name = "label (blogId)". `linkable`: the server's
 * accounts this channel does not have yet (/account link), offered to Manage Server only.
 */
export async function respondWithAccounts(i: AutocompleteInteraction, ctx: BotContext, linkable = false): Promise<void> {
  const query = String(i.options.getFocused() ?? '').trim();
  if (linkable && (!i.guildId || !hasManageServer(i))) return i.respond([]);
  const accounts = await ctx.service.searchAccounts(i.channelId ?? '', query, linkable && i.guildId ? { guildId: i.guildId } : undefined);
  await i.respond(
    accounts.slice(0, MAX_CHOICES).map((a) => ({ name: accountName(a.blogId, a.label).slice(0, 100), value: a.id })),
  );
}

/** "label (blogId)" for an account reference typed or picked in this channel; the reference itself otherwise. */
export async function displayAccount(ctx: BotContext, channelId: string, ref: string): Promise<string> {
  const accounts = await ctx.service.listAccounts(channelId).catch(() => []);
  const a = accounts.find((x) => x.id === ref || x.blogId === ref);
  return a ? accountName(a.blogId, a.label) : ref;
}
