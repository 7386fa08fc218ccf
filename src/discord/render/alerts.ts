// Channel alerts: a job that failed for good (with Retry / Discard) and an account that needs a human login.
import { access } from 'node:fs/promises';
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder, type BaseMessageOptions } from 'discord.js';
import type { Notification } from '../../ports.ts';
import { dlqId } from '../custom-ids.ts';
import { messages, type Lang } from '../i18n.ts';
import { SCREENSHOT_NAME } from './draft.ts';
import { withoutMaskedLinks } from './masked-links.ts';

type DeadLetterNotice = Extract<Notification, { kind: 'dead_letter' }>;
type NeedsLoginNotice = Extract<Notification, { kind: 'needs_login' }>;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export async function renderDeadLetter(n: DeadLetterNotice, lang: Lang, draftMessageUrl: string | null): Promise<BaseMessageOptions> {
  const t = messages(lang).alerts;
  const hint = messages(lang).errorHints[n.errorClass];
  const embed = new EmbedBuilder()
    .setTitle(clip(t.deadLetterTitle(n.queue), 256))
    .setColor(0xe74c3c)
    .setDescription(withoutMaskedLinks(clip(hint ? `${hint}\n\n${n.errorMessage}` : n.errorMessage, 2000)))
    .addFields({ name: t.errorClass, value: clip(n.errorClass, 1024), inline: true }, { name: t.attempts, value: String(n.attempts), inline: true })
    .setFooter({ text: n.deadLetterId });
  if (n.blogId) embed.addFields({ name: t.account, value: n.blogId, inline: true });
  if (n.draftId) embed.addFields({ name: t.draft, value: draftMessageUrl ?? n.draftId });
  const payload: BaseMessageOptions = {
    content: `⚠️ ${t.deadLetterTitle(n.queue)} — **${n.errorClass}**`,
    embeds: [embed],
    components: [
      new ActionRowBuilder<ButtonBuilder>().addComponents(
        new ButtonBuilder().setCustomId(dlqId('retry', n.deadLetterId)).setLabel(t.retry).setStyle(ButtonStyle.Primary),
        new ButtonBuilder().setCustomId(dlqId('discard', n.deadLetterId)).setLabel(t.discard).setStyle(ButtonStyle.Secondary),
      ),
    ],
    allowedMentions: { parse: [] },
  };
  const hasShot = n.screenshotPath !== null && (await access(n.screenshotPath).then(() => true, () => false));
  if (hasShot) {
    embed.setImage(`attachment://${SCREENSHOT_NAME}`);
    payload.files = [{ attachment: n.screenshotPath!, name: SCREENSHOT_NAME }];
  }
  return payload;
}

export function renderNeedsLogin(n: NeedsLoginNotice, lang: Lang): BaseMessageOptions {
  const t = messages(lang).alerts;
  const embed = new EmbedBuilder()
    .setTitle(clip(t.needsLoginTitle(n.blogId), 256))
    .setColor(0xe67e22)
    .setDescription(withoutMaskedLinks(clip(`${n.message}\n\n${t.needsLoginAction}`, 4000)))
    .setFooter({ text: n.reason });
  return { content: `🔐 ${t.needsLoginTitle(n.blogId)}`, embeds: [embed], allowedMentions: { parse: [] } };
}
