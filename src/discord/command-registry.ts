// The one shape every file in commands/ exports (a definition and its handler, checked when loaded), and
// the registry built from that folder: one file per command, no switch.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AutocompleteInteraction, ChatInputCommandInteraction, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { z } from 'zod';
import type { BotContext } from './context.ts';

export interface Command {
  data: { name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void>;
}

const fn = z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', 'must be a function');

export const commandSchema = z.object({
  data: z.object({ name: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/), toJSON: fn }),
  execute: fn,
  autocomplete: fn.optional(),
});

export const COMMANDS_DIR = fileURLToPath(new URL('../../commands/', import.meta.url));

export async function loadCommands(dir: string = COMMANDS_DIR): Promise<Map<string, Command>> {
  const registry = new Map<string, Command>();
  const files = (await readdir(dir)).filter((f) => /\.(ts|js|mjs)$/.test(f) && !f.endsWith('.d.ts')).sort();
  for (const file of files) {
    const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as { default?: unknown };
    const parsed = commandSchema.safeParse(mod.default);
    if (!parsed.success) {
      throw new Error(`commands/${file} must export default { data, execute, autocomplete? }: ${parsed.error.issues[0]?.message}`);
    }
    const command = mod.default as Command;
    if (registry.has(command.data.name)) throw new Error(`commands/${file} repeats the command name "${command.data.name}".`);
    registry.set(command.data.name, command);
  }
  return registry;
}

/** The JSON bodies Discord's PUT application commands expects, shared by the bot and the deploy script. */
export function commandDefinitions(registry: Map<string, Command>) {
  return [...registry.values()].map((c) => c.data.toJSON());
}
