// The one shape every file in commands/ exports: a definition and its handler, checked when loaded.
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
