// Builds the command registry from the top-level commands/ folder: one file per command, no switch.
import { readdir } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { commandSchema, type Command } from './command.ts';

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
