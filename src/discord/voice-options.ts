// The quality and voice options of /account settings, read from the interaction: banned_words and
// banned_phrases (commas between, a phrase may hold spaces; `-` clears), grounding and references_block,
// persona, closing_line and ai_disclosure (text; `-` clears each) and style_examples (commas or spaces).
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
  const bannedWords = listOf('banned_words', /[,，]/);
  const [grounding, references] = [i.options.getBoolean('grounding'), i.options.getBoolean('references_block')];
  if (bannedWords) out.bannedWords = bannedWords;
  if (grounding !== null) out.grounding = grounding;
  if (references !== null) out.referencesBlock = references;
  if (persona !== undefined) out.persona = persona;
  if (closingLine !== undefined) out.closingLine = closingLine;
  if (aiDisclosure !== undefined) out.aiDisclosure = aiDisclosure;
  if (bannedPhrases) out.bannedPhrases = bannedPhrases;
  if (styleExamples) out.styleExamples = styleExamples;
  return out;
}
