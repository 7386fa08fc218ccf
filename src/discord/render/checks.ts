// What the checks after publishing found, as a field of the draft's message, and the two alerts they raise:
// a post visitors cannot open (with what they got instead) and a post missing from NAVER search (누락).
import { access } from 'node:fs/promises';
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder, type BaseMessageOptions } from 'discord.js';
import type { Notification, PostChecksView } from '../../ports.ts';
import { messages, type Lang } from '../i18n.ts';
import { formatInZone } from '../time.ts';
import { SCREENSHOT_NAME } from './draft.ts';
import { clip, withoutMaskedLinks } from './shown-text.ts';

type NotLiveNotice = Extract<Notification, { kind: 'post_not_live' }>;
type SearchMissingNotice = Extract<Notification, { kind: 'search_missing' }>;

/** The lines of the "After publishing" field, or null when nothing was checked yet. */
export function checksText(c: PostChecksView | null, lang: Lang, zone: string): string | null {
  if (!c) return null;
  const t = messages(lang).draft;
  const at = (d: Date | null) => (d ? formatInZone(d, zone, lang) : '—');
  const lines: string[] = [];
  if (c.live === 'live') lines.push(`✅ ${t.liveOk(at(c.liveCheckedAt))}`);
  if (c.live === 'not_live') lines.push(`⚠️ ${t.liveNot(at(c.liveCheckedAt), messages(lang).alerts.notLiveReason(c.liveDetail?.split(':')[0] ?? 'title_missing'))}`);
  if (c.live === 'unchecked') lines.push(`❔ ${t.liveUnchecked(at(c.liveCheckedAt))}`);
  if (c.search === 'waiting') lines.push(`🔎 ${c.searchCheckedAt ? t.searchNotYet(at(c.searchCheckedAt)) : t.searchWaiting}`);
  if (c.search === 'found' && c.searchFoundAt) {
    const minutes = c.publishedAt ? Math.max(0, Math.round((c.searchFoundAt.getTime() - c.publishedAt.getTime()) / 60_000)) : 0;
    lines.push(`🔎 ${t.searchFound(at(c.searchFoundAt), t.after(Math.floor(minutes / 60), minutes % 60), c.searchPosition ?? 0)}`);
  }
  if (c.search === 'missing') lines.push(`🚨 ${t.searchMissing(at(c.searchCheckedAt))}`);
  if (c.search === 'unchecked') lines.push(`❔ ${t.searchUnchecked}`);
  return lines.length ? lines.join('\n') : null;
}

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
    .setDescription(clip(`${t.searchMissingBody(n.checks, n.lastDelay)}\n\n${t.searchMissingAction}`, 4000))
    .addFields(
      { name: t.post, value: clip(n.url || '—', 1024) },
      { name: t.searchedFor, value: clip(withoutMaskedLinks(n.query), 1024) },
      { name: t.account, value: n.blogId, inline: true },
    )
    .setFooter({ text: n.draftId });
  return { content: `🚨 ${t.searchMissingTitle} — ${n.blogId}`, embeds: [embed], components: linkButton(n.url), allowedMentions: { parse: [] } };
}
