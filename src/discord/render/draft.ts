// How a draft looks in the channel at each step of its life: one embed plus the buttons that still apply.
import { access } from 'node:fs/promises';
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder, type BaseMessageOptions } from 'discord.js';
import { bodyToText } from '../../article.ts';
import type { DraftNotice } from '../../ports.ts';
import type { DraftSummary } from '../../service-api.ts';
import { messages, type Lang } from '../i18n.ts';
import { formatInZone } from '../time.ts';
import { draftId as draftCustomId } from '../custom-ids.ts';
import { clip, withoutMaskedLinks } from './shown-text.ts';
import { checksText } from './check-lines.ts';
import { previewLine } from './preview.ts';
import { checksLine, flagWords, sourcesList } from './checks.ts';
import { checksId } from '../custom-ids.ts';
import { renderGallery } from './gallery.ts';
import type { CardImage } from '../../images/store.ts';

/** What rendering needs, whether it came from a notice or from the service. */
export type DraftView = Omit<DraftNotice, 'draftId' | 'accountId' | 'channelIds'> & { id: string };

export function viewFromNotice(n: DraftNotice): DraftView {
  return {
    id: n.draftId,
    blogId: n.blogId,
    accountLabel: n.accountLabel,
    status: n.status,
    topic: n.topic,
    title: n.title,
    article: n.article,
    publishAt: n.publishAt,
    publishedUrl: n.publishedUrl,
    errorClass: n.errorClass,
    errorMessage: n.errorMessage,
    screenshotPath: n.screenshotPath,
    actor: n.actor,
    action: n.action,
    checks: n.checks ?? null,
    afterPublish: n.afterPublish ?? null,
    preview: n.preview ?? null,
  };
}

export function viewFromSummary(d: DraftSummary, actor: string, action: string, accountLabel: string | null = null): DraftView {
  return {
    id: d.id,
    blogId: d.blogId,
    accountLabel,
    status: d.status,
    topic: d.topic,
    title: d.title,
    article: d.article,
    publishAt: d.publishAt,
    publishedUrl: d.publishedUrl,
    errorClass: d.lastError ? 'error' : null,
    errorMessage: d.lastError,
    screenshotPath: null,
    actor,
    action,
    preview: d.preview ?? null,
    checks: d.checks ?? null,
  };
}

const COLORS: Record<string, number> = {
  generating: 0x95a5a6,
  pending_approval: 0xf1c40f,
  approved: 0x3498db,
  publishing: 0x3498db,
  published: 0x2ecc71,
  rejected: 0x7f8c8d,
  generation_failed: 0xe74c3c,
  publish_failed: 0xe74c3c,
  publish_unconfirmed: 0xe67e22,
};

const EMOJI: Record<string, string> = {
  generating: '✍️',
  pending_approval: '🕒',
  approved: '👍',
  publishing: '🚀',
  published: '✅',
  rejected: '🚫',
  generation_failed: '⚠️',
  publish_failed: '⚠️',
  publish_unconfirmed: '❓',
};

/** A Discord user id becomes a mention; `system` / `scheduler` stay words. */
export function who(actor: string): string {
  return /^\d+$/.test(actor) ? `<@${actor}>` : actor;
}

export function accountName(blogId: string, label: string | null): string {
  return label ? `${label} (${blogId})` : blogId;
}

/** Text from the draft or from outside, clipped, with no masked link left in it. */
function shown(text: string, max: number): string {
  return withoutMaskedLinks(clip(text, max));
}

function stateLine(v: DraftView, lang: Lang): string {
  const t = messages(lang).draft;
  switch (v.status) {
    case 'generating':
      if (v.action === 'regenerated' || v.action === 'regenerate') return t.regenerating(who(v.actor));
      return v.action === 'queued' || v.action === 'created' || v.action === 'scheduled' ? t.queued : t.writing;
    case 'pending_approval':
      return v.checks?.held && v.checks.flags.length ? messages(lang).checks.held(flagWords(v.checks.flags, lang)) : t.waiting;
    case 'approved':
      if (v.action === 'publish_blocked') return t.blocked;
      if (v.action === 'publish_requeued') return t.requeued;
      return /^\d+$/.test(v.actor) ? t.approvedBy(who(v.actor)) : t.autoApproved;
    case 'publishing':
      return t.publishing;
    case 'published':
      return v.afterPublish?.live === 'not_live' ? t.publishedNotLive(v.publishedUrl ?? '') : t.published(v.publishedUrl ?? '');
    case 'rejected':
      return t.rejectedBy(who(v.actor));
    case 'generation_failed':
    case 'publish_failed':
    {
      const hint = v.errorClass ? messages(lang).errorHints[v.errorClass] : undefined;
      const detail = withoutMaskedLinks(clip(v.errorMessage ?? '', 1500));
      return t.failed(v.errorClass ?? 'error', hint ? `${hint} (${detail})` : detail);
    }
    case 'publish_unconfirmed':
      return t.unconfirmed;
    default:
      return v.status;
  }
}

function buttonsFor(v: DraftView, lang: Lang): ActionRowBuilder<ButtonBuilder>[] {
  const t = messages(lang).draft;
  const button = (action: Parameters<typeof draftCustomId>[0], label: string, style: ButtonStyle) =>
    new ButtonBuilder().setCustomId(draftCustomId(action, v.id)).setLabel(label).setStyle(style);
  if (v.status === 'pending_approval') {
    return [
      new ActionRowBuilder<ButtonBuilder>().addComponents(
        button('approve', t.approve, ButtonStyle.Success),
        button('reject', t.reject, ButtonStyle.Danger),
        button('regenerate', t.regenerate, ButtonStyle.Secondary),
        button('edit', t.edit, ButtonStyle.Primary),
        button('preview', messages(lang).preview.button, ButtonStyle.Secondary),
      ),
    ];
  }
  if (v.status === 'publish_unconfirmed') {
    return [
      new ActionRowBuilder<ButtonBuilder>().addComponents(
        button('mark_published', t.markPublished, ButtonStyle.Success),
        button('publish_again', t.publishAgain, ButtonStyle.Danger),
      ),
    ];
  }
  if (v.status === 'published' && v.publishedUrl?.startsWith('http')) {
    return [new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setURL(v.publishedUrl).setLabel('NAVER Blog').setStyle(ButtonStyle.Link))];
  }
  return [];
}

/**
 * "Check details" under a draft that waits for a person, when there is more to see than the card's line: its
 * flags, or its sources and the statements they do not support. A row of its own.
 */
function checksRow(v: DraftView, lang: Lang): ActionRowBuilder<ButtonBuilder>[] {
  if (!(v.checks?.flags.length || v.checks?.sources?.sources.length) || v.status !== 'pending_approval') return [];
  const button = new ButtonBuilder().setCustomId(checksId(v.id)).setLabel(messages(lang).checks.details).setStyle(ButtonStyle.Secondary);
  return [new ActionRowBuilder<ButtonBuilder>().addComponents(button)];
}

async function exists(path: string | null): Promise<boolean> {
  if (!path) return false;
  return access(path).then(
    () => true,
    () => false,
  );
}

export const SCREENSHOT_NAME = 'screenshot.png';

/** The full message for a draft. Every edit sends all parts, so a message never keeps stale buttons. */
export async function renderDraft(v: DraftView, lang: Lang, zone: string, images: readonly CardImage[] = []): Promise<BaseMessageOptions & { attachments?: [] }> {
  const m = messages(lang);
  const t = m.draft;
  const title = v.article?.title ?? v.title ?? v.topic;
  const embed = new EmbedBuilder()
    .setTitle(shown(title, 256))
    .setColor(COLORS[v.status] ?? 0x95a5a6)
    .addFields({ name: t.account, value: clip(accountName(v.blogId, v.accountLabel), 1024), inline: true })
    .setFooter({ text: `${m.statuses[v.status] ?? v.status} · ${v.id}` });
  if (v.status === 'published' && v.publishedUrl?.startsWith('http')) embed.setURL(v.publishedUrl);
  if (v.article) {
    const previewMax = v.status === 'pending_approval' ? 900 : 300;
    embed.setDescription(shown(bodyToText(v.article.blocks), previewMax));
  }
  const active = ['generating', 'pending_approval', 'approved', 'publishing'].includes(v.status);
  if (active) {
    embed.addFields({ name: t.plannedAt, value: v.publishAt ? formatInZone(v.publishAt, zone, lang) : t.asSoonAsPossible, inline: true });
  }
  if (v.article?.tags.length) embed.addFields({ name: t.tags, value: shown(v.article.tags.map((tag) => `#${tag}`).join(' '), 1024) });
  if (v.article && v.article.title !== v.topic) embed.addFields({ name: t.topic, value: shown(v.topic, 1024) });
  const checks = v.status === 'published' ? checksText(v.afterPublish ?? null, lang, zone) : null;
  if (checks) embed.addFields({ name: t.checks, value: clip(checks, 1024) });
  if (v.preview && ['pending_approval', 'approved'].includes(v.status)) embed.addFields({ name: m.preview.field, value: clip(previewLine(v.preview, lang), 1024) });
  if (v.checks && active) embed.addFields({ name: m.checks.field, value: clip(checksLine(v.checks, lang), 1024) });
  const sources = active ? sourcesList(v.checks) : null;
  if (sources) embed.addFields({ name: m.checks.sources, value: sources });
  const gallery = renderGallery(v.id, v.article, images, v.status, lang, COLORS[v.status] ?? 0x95a5a6);
  if (v.article?.blocks.some((b) => b.type === 'image')) embed.addFields(...gallery.fields);

  const payload: BaseMessageOptions & { attachments?: [] } = {
    content: clip(`${v.afterPublish?.live === 'not_live' ? '⚠️' : (EMOJI[v.status] ?? '')} ${stateLine(v, lang)}`.trim(), 2000),
    embeds: [embed, ...gallery.embeds],
    components: [...buttonsFor(v, lang), ...checksRow(v, lang), ...gallery.rows],
    allowedMentions: { parse: [] },
  };
  if (gallery.files.length || v.article?.blocks.some((b) => b.type === 'image')) {
    // Every edit sends the pictures again and replaces what the message had, so a dropped one does not linger.
    payload.files = gallery.files;
    payload.attachments = [];
  }
  const withShot = (v.status === 'published' || v.status.endsWith('_failed') || v.status === 'publish_unconfirmed') && (await exists(v.screenshotPath));
  if (withShot) {
    embed.setImage(`attachment://${SCREENSHOT_NAME}`);
    payload.files = [...(payload.files ?? []), { attachment: v.screenshotPath!, name: SCREENSHOT_NAME }];
    // Replace rather than pile up screenshots when the same state is shown twice.
    payload.attachments = [];
  }
  return payload;
}
