// What every command and component handler receives besides the interaction.
import { PermissionFlagsBits, type BaseInteraction } from 'discord.js';
import type { Actor, BlogAutopilotService } from '../service-api.ts';
import type { Logger } from '../logging.ts';
import type { DiscordNotifier } from './notifier.ts';

export interface BotContext {
  service: BlogAutopilotService;
  logger: Logger;
  defaultTimezone: string;
  /** Whether the search check after publishing runs (shown by /account list). */
  searchCheckOn?: boolean;
  notifier: DiscordNotifier;
  /** Downloads an attachment (a session export); swapped in tests only if needed. */
  download(url: string, maxBytes: number): Promise<Buffer>;
}

export function actorOf(interaction: BaseInteraction): Actor {
  const member = interaction.member;
  const roleIds = !member ? [] : Array.isArray(member.roles) ? member.roles : [...member.roles.cache.keys()];
  return {
    userId: interaction.user.id,
    channelId: interaction.channelId ?? '',
    guildId: interaction.guildId,
    manageServer: Boolean(interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)),
    roleIds,
  };
}
