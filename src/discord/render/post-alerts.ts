// The two alerts the checks after publishing raise: a post visitors cannot open (with what they got instead
// and a screenshot) and a post missing from NAVER search (검색 누락 의심).
import { access } from 'node:fs/promises';
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder, type BaseMessageOptions } from 'discord.js';
import type { Notification } from '../../ports.ts';
import { messages, type Lang } from '../i18n.ts';
import { SCREENSHOT_NAME } from './draft.ts';
import { afterText } from './check-lines.ts';
import { clip, withoutMaskedLinks } from './shown-text.ts';

type NotLiveNotice = Extract<Notification, { kind: 'post_not_live' }>;
type SearchMissingNotice = Extract<Notification, { kind: 'search_missing' }>;

const linkButton = (url: string) =>
  url.startsWith('http') ? [new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setURL(url).setLabel('NAVER Blog').setStyle(ButtonStyle.Link))] : [];

export async function renderNotLive(n: NotLiveNotice, lang: Lang): Promise<BaseMessageOptions> {
  const t = messages(lang).alerts;
  const embed = new EmbedBuilder()
    .setTitle(clip(withoutMaskedLinks(n.title), 256))
    .setColor(0xe67e22)
    .setDescription(clip(`${t.notLiveReason(n.reason)}\n\n${t.notLiveAction}`, 4000))
    .addFields({ name: t.post, value: clip(n.url, 1024) }, { name: t.account, value: n.blogId, inline: true })
    .setFooter({ text: n.draftId });
  if (n.pageText) embed.addFields({ name: t.pageSaid, value: withoutMaskedLinks(clip(n.pageText, 1024)) });
  const payload: BaseMessageOptions = { content: `⚠️ ${t.notLiveTitle(n.blogId)}`, embeds: [embed], components: linkButton(n.url), allowedMentions: { parse: [] } };
  if (n.screenshotPath && (await access(n.screenshotPath).then(() => true, () => false))) {
    embed.setImage(`attachment://${SCREENSHOT_NAME}`);
    payload.files = [{ attachment: n.screenshotPath, name: SCREENSHOT_NAME }];
  }
  return payload;
}

export function renderSearchMissing(n: SearchMissingNotice, lang: Lang): BaseMessageOptions {
  const t = messages(lang).alerts;
  const embed = new EmbedBuilder()
    .setTitle(clip(withoutMaskedLinks(n.title), 256))
    .setColor(0xe74c3c)
    .setDescription(clip(`${t.searchMissingBody(n.checks, afterText(n.lastDelayMs, lang))}\n\n${t.searchMissingAction}`, 4000))
    .addFields(
      { name: t.post, value: clip(n.url || '—', 1024) },
      { name: t.searchedFor, value: clip(withoutMaskedLinks(n.query), 1024) },
      { name: t.account, value: n.blogId, inline: true },
    )
    .setFooter({ text: n.draftId });
  return { content: `🚨 ${t.searchMissingTitle} — ${n.blogId}`, embeds: [embed], components: linkButton(n.url), allowedMentions: { parse: [] } };
}
