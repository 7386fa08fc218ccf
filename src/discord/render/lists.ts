// Paged and tabular replies: /drafts, /queue, /dlq list, /account list, /schedule list.
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder, type BaseMessageOptions } from 'discord.js';
import { flagWords } from './checks.ts';
import type { AccountSummary, BlogAutopilotService, DeadLetterSummary, QueueCounts, ScheduleSummary } from '../../service-api.ts';
import { draftsPageId, dlqId, type DraftsPage } from '../custom-ids.ts';
import { messages, type Lang } from '../i18n.ts';
import { formatInZone } from '../time.ts';
import { accountName } from './draft.ts';
import { clip, withoutMaskedLinks } from './shown-text.ts';

export const DRAFTS_PAGE_SIZE = 5;

export async function renderDraftsPage(service: BlogAutopilotService, channelId: string, query: DraftsPage, lang: Lang, zone: string): Promise<BaseMessageOptions> {
  const t = messages(lang);
  const { drafts, total } = await service.listDrafts({
    channelId,
    ...(query.accountRef ? { accountRef: query.accountRef } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.flagged ? { flagged: true } : {}),
    page: query.page,
    pageSize: DRAFTS_PAGE_SIZE,
  });
  const pages = Math.max(1, Math.ceil(total / DRAFTS_PAGE_SIZE));
  const embed = new EmbedBuilder().setTitle(t.drafts.title).setColor(0x5865f2);
  embed.setDescription(
    drafts.length === 0
      ? t.drafts.empty
      : drafts
          .map((d) => {
            // The title is draft text: never the text of a link; the post's address is shown as it is.
            const title = withoutMaskedLinks(clip(d.title ?? d.topic, 80));
            const link = d.publishedUrl ? `${title} (${d.publishedUrl})` : title;
            const flags = d.flags?.length ? `\n⚠ ${flagWords(d.flags, lang)}` : '';
            return `${t.drafts.line(t.statuses[d.status] ?? d.status, link, d.blogId, formatInZone(d.createdAt, zone, lang))}\n\`${d.id}\`${flags}`;
          })
          .join('\n\n'),
  );
  embed.setFooter({ text: t.drafts.page(query.page + 1, pages, total) });
  const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder()
      .setCustomId(draftsPageId({ ...query, page: Math.max(0, query.page - 1) }))
      .setLabel(`◀ ${t.drafts.previous}`)
      .setStyle(ButtonStyle.Secondary)
      .setDisabled(query.page <= 0),
    new ButtonBuilder()
      .setCustomId(draftsPageId({ ...query, page: query.page + 1 }))
      .setLabel(`${t.drafts.next} ▶`)
      .setStyle(ButtonStyle.Secondary)
      .setDisabled(query.page + 1 >= pages),
  );
  return { content: '', embeds: [embed], components: total > DRAFTS_PAGE_SIZE ? [row] : [] };
}

export function renderQueues(result: { accounts: QueueCounts[]; deadLetters: number }, lang: Lang): BaseMessageOptions {
  const t = messages(lang).queue;
  const embed = new EmbedBuilder().setTitle(t.title).setColor(0x5865f2).setFooter({ text: t.deadLetters(result.deadLetters) });
  if (result.accounts.length === 0) embed.setDescription(t.empty);
  for (const a of result.accounts.slice(0, 25)) {
    const g = a.generate;
    const p = a.publish;
    embed.addFields({
      name: a.blogId,
      value: `${t.generate}: ${t.counts(g.waiting, g.active, g.delayed, g.failed)}\n${t.publish}: ${t.counts(p.waiting, p.active, p.delayed, p.failed)}`,
    });
  }
  return { content: t.deadLetters(result.deadLetters), embeds: [embed] };
}

export function renderDeadLetters(list: DeadLetterSummary[], lang: Lang): BaseMessageOptions {
  const t = messages(lang);
  const embed = new EmbedBuilder().setTitle(t.dlq.title).setColor(0xe74c3c);
  embed.setDescription(list.length === 0 ? t.dlq.empty : clip(list.map((d) => t.dlq.line(d.id, d.blogId ? `${d.queue} · ${d.blogId}` : d.queue, d.errorClass, withoutMaskedLinks(clip(d.errorMessage, 200)))).join('\n'), 4000));
  // Buttons for the first five (Discord allows five rows); older ones are handled from their alerts.
  const rows = list.slice(0, 5).map((d) =>
    new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId(dlqId('retry', d.id)).setLabel(`${t.alerts.retry} · ${clip(d.id, 40)}`).setStyle(ButtonStyle.Primary),
      new ButtonBuilder().setCustomId(dlqId('discard', d.id)).setLabel(`${t.alerts.discard} · ${clip(d.id, 40)}`).setStyle(ButtonStyle.Secondary),
    ),
  );
  return { embeds: [embed], components: rows };
}

export function renderAccounts(list: AccountSummary[], lang: Lang, searchCheckOn = false): BaseMessageOptions {
  const t = messages(lang);
  const searchLine = searchCheckOn ? t.account.searchCheckOn : t.account.searchCheckOff;
  if (list.length === 0) return { content: `${t.account.listEmpty}\n${searchLine}` };
  const lines = list.map((a) => {
    const flags = [a.autoApprove ? t.account.autoApprove : null, !a.hasCredentials && !a.hasSession ? t.account.noLogin : null].filter(Boolean);
    return t.account.line(`**${accountName(a.blogId, a.label)}**`, t.accountStatuses[a.status] ?? a.status, flags.length ? ` · ${flags.join(' · ')}` : '');
  });
  return { embeds: [new EmbedBuilder().setTitle(t.account.listTitle).setColor(0x5865f2).setDescription(clip(lines.join('\n'), 3800)).setFooter({ text: searchLine })] };
}

export function renderSchedules(list: ScheduleSummary[], lang: Lang): BaseMessageOptions {
  const t = messages(lang).schedule;
  if (list.length === 0) return { content: t.listEmpty };
  const lines = list.map((s) => {
    const next = s.enabled && s.nextFires[0] ? ` → ${formatInZone(s.nextFires[0], s.timezone, lang)}` : '';
    return `${t.line(s.id, s.blogId, s.cron, s.timezone, s.enabled)}${next}`;
  });
  return { embeds: [new EmbedBuilder().setTitle(t.listTitle).setColor(0x5865f2).setDescription(clip(lines.join('\n'), 4000))] };
}

export function renderScheduleCreated(s: ScheduleSummary, lang: Lang): BaseMessageOptions {
  const t = messages(lang).schedule;
  const embed = new EmbedBuilder()
    .setTitle(t.created(s.blogId, s.cron, s.timezone))
    .setColor(0x2ecc71)
    .addFields(
      { name: t.nextFires, value: s.nextFires.slice(0, 3).map((d) => formatInZone(d, s.timezone, lang)).join('\n') || '—' },
      { name: t.topics, value: clip(s.topics.map((x) => `• ${x}`).join('\n'), 1024) },
    )
    .setFooter({ text: s.id });
  return { content: t.created(s.blogId, s.cron, s.timezone), embeds: [embed] };
}
