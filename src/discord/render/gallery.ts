// A draft's pictures on its card: one embed per picture (the image an attachment of the same message, its
// footer saying which slot, whether AI made it and its caption), the counts, the missing ones with the reason,
// and, while the draft waits for approval, the picture buttons. Attachments and embeds rather than Components
// V2's media gallery: a V2 message can hold no embed or content, and the card is an embed with fields today.
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder, type AttachmentPayload } from 'discord.js';
import { bodyLength, type Article } from '../../article.ts';
import type { CardImage } from '../../images/store.ts';
import { extensionOf } from '../../images/process.ts';
import { addPhotosId, imageCustomId } from '../custom-ids.ts';
import { messages, type Lang } from '../i18n.ts';
import { clip, withoutMaskedLinks } from './shown-text.ts';

/** Ten embeds and ten files per message: the card's own embed and its screenshot take one each. */
export const GALLERY_MAX = 9;
/** Picture buttons: three rows of five at most (the card's own and the checks row take the other two). */
const BUTTONS_MAX = 15;

export interface Gallery {
  embeds: EmbedBuilder[];
  files: AttachmentPayload[];
  fields: Array<{ name: string; value: string }>;
  rows: ActionRowBuilder<ButtonBuilder>[];
}

export function renderGallery(id: string, article: Article | null, images: readonly CardImage[], status: string, lang: Lang, color: number): Gallery {
  const t = messages(lang).images;
  const out: Gallery = { embeds: [], files: [], fields: [], rows: [] };
  if (!article) return out;
  const blocks = article.blocks.flatMap((b) => (b.type === 'image' ? [b] : []));
  const shown = images.filter((i) => i.status === 'ok' && i.bytes && i.contentType);
  out.fields.push({ name: t.countsField, value: t.counts(bodyLength(article.blocks), shown.length, shown.filter((i) => i.generated).length, article.tags.length) });
  for (const image of shown.slice(0, GALLERY_MAX)) {
    const name = `image-${image.slot}.${extensionOf(image.contentType!)}`;
    const caption = blocks.find((b) => b.slot === image.slot)?.caption ?? '';
    out.files.push({ attachment: Buffer.from(image.bytes!), name });
    out.embeds.push(new EmbedBuilder().setColor(color).setImage(`attachment://${name}`).setFooter({ text: withoutMaskedLinks(clip(t.footer(image.slot, image.generated, caption), 300)) }));
  }
  const notes: string[] = [];
  if (shown.length > GALLERY_MAX) notes.push(t.more(shown.length - GALLERY_MAX));
  for (const image of images) {
    if (image.status === 'failed') notes.push(`⚠️ ${t.missing(image.slot, t.reasons[image.reason ?? 'error'] ?? t.reasons.error!)}`);
    if (image.status === 'pending') notes.push(`⏳ ${t.making(image.slot)}`);
  }
  if (notes.length) out.fields.push({ name: t.missingField, value: clip(notes.join('\n'), 1024) });
  if (status === 'pending_approval' && blocks.length) out.rows = pictureButtons(id, images, lang);
  return out;
}

/** The buttons of a waiting draft's pictures: Add photos, then per generated slot Regenerate (and Go on without, when it failed). */
export function pictureButtons(id: string, images: readonly CardImage[], lang: Lang): ActionRowBuilder<ButtonBuilder>[] {
  const t = messages(lang).images;
  const buttons = [new ButtonBuilder().setCustomId(addPhotosId(id)).setLabel(t.addPhotos).setStyle(ButtonStyle.Secondary)];
  // Failed ones first: they need a decision, and the rows may not hold every slot.
  // One being made keeps its button: a job lost on the way (Redis gone) must not leave the slot stuck.
  const generated = images.filter((i) => i.generated);
  for (const image of [...generated.filter((i) => i.status === 'failed'), ...generated.filter((i) => i.status !== 'failed')]) {
    buttons.push(new ButtonBuilder().setCustomId(imageCustomId('regen', id, image.slot)).setLabel(t.regenerate(image.slot)).setStyle(ButtonStyle.Secondary));
    if (image.status === 'failed') buttons.push(new ButtonBuilder().setCustomId(imageCustomId('drop', id, image.slot)).setLabel(t.drop(image.slot)).setStyle(ButtonStyle.Danger));
  }
  const rows: ActionRowBuilder<ButtonBuilder>[] = [];
  for (let at = 0; at < Math.min(buttons.length, BUTTONS_MAX); at += 5) rows.push(new ActionRowBuilder<ButtonBuilder>().addComponents(buttons.slice(at, Math.min(at + 5, BUTTONS_MAX))));
  return rows;
}
