// The quality and voice options of /account settings, read from the interaction: banned_words and
// banned_phrases (commas between, a phrase may hold spaces; `-` clears), grounding and references_block,
// persona, closing_line and ai_disclosure (text; `-` clears each) and style_examples (commas or spaces).
import type { ChatInputCommandInteraction } from 'discord.js';
import type { SlashCommandSubcommandBuilder } from 'discord.js';
import type { AccountSettingsInput } from '../service-api.ts';
import { IMAGE_SLOTS_MAX } from '../article.ts';
import { IMAGE_MODES } from '../images/place.ts';
import { localized } from './i18n.ts';
import { en } from './locales/en.ts';
import { ko } from './locales/ko.ts';
import { Refusal } from './failures.ts';
import { tr } from './respond.ts';

/** images (none | photos | generated | photos+generated), image_count (4-8 or 6) and image_style. */
export function withImageOptions(s: SlashCommandSubcommandBuilder): SlashCommandSubcommandBuilder {
  return s
    .addStringOption((o) =>
      localized(o.setName('images'), 'opt.images').addChoices(...IMAGE_MODES.map((m) => ({ name: en.images.modes[m]!, name_localizations: { ko: ko.images.modes[m]! }, value: m }))),
    )
    .addStringOption((o) => localized(o.setName('image_count'), 'opt.image_count').setMaxLength(7))
    .addStringOption((o) => localized(o.setName('image_style'), 'opt.image_style').setMaxLength(300));
}

export function imageOptions(i: ChatInputCommandInteraction): AccountSettingsInput {
  const out: AccountSettingsInput = {};
  const mode = i.options.getString('images');
  const count = i.options.getString('image_count');
  const style = i.options.getString('image_style');
  if (mode !== null) out.images = mode;
  if (count !== null) {
    const m = /^\s*(\d{1,2})\s*(?:[-~–]\s*(\d{1,2})\s*)?$/.exec(count);
    if (!m) throw new Refusal(tr(i).refusals.image_count_invalid({ max: IMAGE_SLOTS_MAX }));
    out.imageCount = { min: Number(m[1]), max: Number(m[2] ?? m[1]) };
  }
  if (style !== null) out.imageStyle = style.trim() === '-' ? null : style;
  return out;
}

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
