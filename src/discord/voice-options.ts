// The voice options of /account settings, read from the interaction: persona, closing_line and ai_disclosure
// (text; `-` clears each), banned_phrases (commas between) and style_examples (commas or spaces; `-` clears).
import type { ChatInputCommandInteraction } from 'discord.js';
import type { AccountSettingsInput } from '../service-api.ts';

export function voiceOptions(i: ChatInputCommandInteraction): AccountSettingsInput {
  const out: AccountSettingsInput = {};
  const textOf = (name: string) => {
    const v = i.options.getString(name);
    return v === null ? undefined : v.trim() === '-' ? null : v;
  };
  const listOf = (name: string, split: RegExp) => {
    const v = i.options.getString(name);
    return v === null ? undefined : v.trim() === '-' ? [] : v.split(split);
  };
  const [persona, closingLine, aiDisclosure] = [textOf('persona'), textOf('closing_line'), textOf('ai_disclosure')];
  const [bannedPhrases, styleExamples] = [listOf('banned_phrases', /[,，]/), listOf('style_examples', /[,\s]+/)];
  if (persona !== undefined) out.persona = persona;
  if (closingLine !== undefined) out.closingLine = closingLine;
  if (aiDisclosure !== undefined) out.aiDisclosure = aiDisclosure;
  if (bannedPhrases) out.bannedPhrases = bannedPhrases;
  if (styleExamples) out.styleExamples = styleExamples;
  return out;
}
