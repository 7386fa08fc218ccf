// Text a person typed (a slash-command option, a modal field) that PostgreSQL cannot store or that no one
// meant to type: NUL and other control characters, C0 and C1 (tab and line breaks are fine), and broken Unicode (a
// lone surrogate). Such an interaction is refused, naming the option, before any handler sees it.
import { ApplicationCommandOptionType, type ChatInputCommandInteraction, type CommandInteractionOption, type ModalSubmitInteraction } from 'discord.js';

import { UNSTORABLE_CHARS } from '../limits.ts';

export function isStorableText(value: string): boolean {
  return value.search(UNSTORABLE_CHARS) < 0;
}

function stringOptions(options: readonly CommandInteractionOption[]): Array<{ name: string; value: string }> {
  return options.flatMap((o) =>
    o.type === ApplicationCommandOptionType.String && typeof o.value === 'string' ? [{ name: o.name, value: o.value }] : stringOptions(o.options ?? []),
  );
}

/** The name of the first option or field holding unstorable text, or null when every one is fine. */
export function unstorableInput(i: ChatInputCommandInteraction | ModalSubmitInteraction): string | null {
  const values = i.isChatInputCommand()
    ? stringOptions(i.options.data)
    : [...i.fields.fields.values()].flatMap((f) => ('value' in f && typeof f.value === 'string' ? [{ name: f.customId, value: f.value }] : []));
  return values.find((v) => !isStorableText(v.value))?.name ?? null;
}
