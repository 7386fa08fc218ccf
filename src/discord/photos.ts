// Photos attached to a slash command (/schedule post, /draft photos): ten attachment options, photo1 … photo10
// (Discord has no multi-file option; ten is the per-post limit). The declared sizes are checked before anything
// is acknowledged; the files are then fetched from Discord's CDN only (download.ts refuses any other host, so a
// forged attachment URL reaches nothing), and the domain sniffs, resizes and stores them.
import type { ChatInputCommandInteraction, SlashCommandSubcommandBuilder } from 'discord.js';
import { localized } from './i18n.ts';
import type { BotContext } from './context.ts';
import { Refusal } from './failures.ts';
import { tr } from './respond.ts';
import { IMAGE_LIMITS } from '../images/process.ts';
import type { UploadedPhoto } from '../service-api.ts';

export const PHOTO_OPTIONS = Array.from({ length: IMAGE_LIMITS.photosPerPost }, (_, i) => `photo${i + 1}`);

export function withPhotoOptions(s: SlashCommandSubcommandBuilder, firstRequired = false): SlashCommandSubcommandBuilder {
  for (const [i, name] of PHOTO_OPTIONS.entries()) s.addAttachmentOption((o) => localized(o.setName(name), 'opt.photo').setRequired(firstRequired && i === 0));
  return s;
}

interface Attached {
  n: number;
  name: string;
  url: string;
  size: number;
}

/** The attachments given, in option order; refuses a declared size over the limit before any reply. */
export function attachedPhotos(i: ChatInputCommandInteraction): Attached[] {
  const t = tr(i);
  const out: Attached[] = [];
  for (const option of PHOTO_OPTIONS) {
    const a = i.options.getAttachment(option);
    if (!a) continue;
    const n = out.length + 1;
    if (a.size > IMAGE_LIMITS.bytesPerFile) throw new Refusal(t.refusals.photo_refused({ n, fileName: a.name, problem: 'too_large' }));
    out.push({ n, name: a.name, url: a.url, size: a.size });
  }
  return out;
}

/** Downloads each file (at most the per-file limit); one that cannot be fetched refuses the whole request. */
export async function downloadPhotos(i: ChatInputCommandInteraction, ctx: BotContext, attached: readonly Attached[]): Promise<UploadedPhoto[]> {
  const t = tr(i);
  const photos: UploadedPhoto[] = [];
  for (const a of attached) {
    try {
      photos.push({ bytes: await ctx.download(a.url, IMAGE_LIMITS.bytesPerFile), fileName: a.name });
    } catch (err) {
      const tooLarge = (err as { reason?: string }).reason === 'too_large';
      ctx.logger.info({ n: a.n, err: err instanceof Error ? err.message : String(err) }, 'a photo could not be downloaded');
      throw new Refusal(t.refusals.photo_refused({ n: a.n, fileName: a.name, problem: tooLarge ? 'too_large' : 'download' }));
    }
  }
  return photos;
}
