// Which language to answer in, and the Korean localizations every command definition carries.
import type { LocalizationMap } from 'discord.js';
import { en, type Messages } from './locales/en.ts';
import { ko, koNames } from './locales/ko.ts';

export type Lang = 'ko' | 'en';

/** Replies follow the user's Discord client language: Korean for `ko`, English otherwise. */
export function langOf(locale: string | null | undefined): Lang {
  return locale?.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

export function messages(lang: Lang): Messages {
  return lang === 'ko' ? ko : en;
}

/** Channel messages (approval prompts, alerts) are read by everyone; they default to Korean. */
export const CHANNEL_LANG: Lang = 'ko';

interface Describable {
  setDescription(description: string): unknown;
  setDescriptionLocalizations(map: LocalizationMap | null): unknown;
  setNameLocalizations(map: LocalizationMap | null): unknown;
}

/**
 * Sets the English description and the Korean description (and Korean name, when there is one) from the
 * locale files. `key` is `command` or `command.sub`; options use `opt.<name>` for their description.
 */
export function localized<T extends Describable>(builder: T, key: string): T {
  const description = en.commands[key];
  if (!description) throw new Error(`No English description for command key "${key}" in locales/en.ts.`);
  builder.setDescription(description);
  const koDescription = ko.commands[key];
  if (koDescription) builder.setDescriptionLocalizations({ ko: koDescription });
  const koName = koNames[key];
  if (koName) builder.setNameLocalizations({ ko: koName });
  return builder;
}
