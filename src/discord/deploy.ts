// Registers the slash commands with Discord (bulk overwrite): one guild while developing, else global.
import { REST, Routes } from 'discord.js';
import { commandDefinitions, loadCommands } from './command-registry.ts';

export interface DeployOptions {
  token: string;
  applicationId: string;
  guildId?: string | null;
  apiUrl?: string;
  commandsDir?: string;
}

export async function deployCommands(options: DeployOptions): Promise<{ count: number; scope: 'guild' | 'global' }> {
  const body = commandDefinitions(await loadCommands(options.commandsDir));
  const rest = new REST({ api: options.apiUrl ?? 'https://discord.com/api' }).setToken(options.token);
  const route = options.guildId
    ? Routes.applicationGuildCommands(options.applicationId, options.guildId)
    : Routes.applicationCommands(options.applicationId);
  const saved = (await rest.put(route, { body })) as unknown[];
  return { count: saved.length, scope: options.guildId ? 'guild' : 'global' };
}
