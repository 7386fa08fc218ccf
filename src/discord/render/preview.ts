// What the preview and the editor check look like in the channel: the preview's line on the approval card, the
// screenshot message that answers the card, and the editor check's step-by-step answer (or the daily alert).
import { access } from 'node:fs/promises';
import { EmbedBuilder, type BaseMessageOptions, type MessageCreateOptions } from 'discord.js';
import type { DraftPreviewState, EditorCheckNotice, PreviewNotice } from '../../ports.ts';
import { messages, type Lang } from '../i18n.ts';
import { clip, withoutMaskedLinks } from './shown-text.ts';

export const PREVIEW_NAME = 'preview.png';
export const CHECK_SHOT_NAME = 'editor-check.png';

const exists = (path: string | null) => (path ? access(path).then(() => true, () => false) : Promise.resolve(false));

/** The card's line about its preview: queued, taken when, or stopped where; and whether the draft changed since. */
export function previewLine(p: DraftPreviewState, lang: Lang): string {
  const t = messages(lang).preview;
  const steps = messages(lang).editorCheck.steps;
  const what =
    p.status === 'queued' || !p.takenAt
      ? t.queued
      : p.status === 'done'
        ? t.taken(p.takenAt)
        : t.failed(p.takenAt, steps[p.failedStep ?? ''] ?? p.failedStep ?? '?', p.errorClass ?? 'error');
  return p.stale && p.status !== 'queued' ? `${what}\n${t.stale}` : what;
}

/** The message with the screenshot, answering the draft's card (or alone in a channel where the card is gone). */
export async function renderPreviewShot(n: PreviewNotice, lang: Lang, replyTo: string | null): Promise<MessageCreateOptions> {
  const t = messages(lang).preview;
  const steps = messages(lang).editorCheck.steps;
  const title = withoutMaskedLinks(clip(n.title, 200));
  const text = n.ok
    ? t.shot(title, n.takenAt)
    : t.shotFailed(title, steps[n.failedStep ?? ''] ?? n.failedStep ?? '?', n.errorClass ?? 'error', withoutMaskedLinks(clip(n.errorMessage ?? '', 1200)));
  const payload: MessageCreateOptions = { content: clip(text, 2000), allowedMentions: { parse: [] } };
  if (replyTo) payload.reply = { messageReference: replyTo, failIfNotExists: false };
  if (await exists(n.screenshotPath)) payload.files = [{ attachment: n.screenshotPath!, name: PREVIEW_NAME }];
  return payload;
}

/** The editor check, step by step with the selector that matched; a daily alert adds what it means for the channel's accounts. */
export async function renderEditorCheck(n: EditorCheckNotice, lang: Lang, channelId: string): Promise<BaseMessageOptions> {
  const t = messages(lang).editorCheck;
  const lines = n.steps.map((s) => {
    const name = t.steps[s.step] ?? s.step;
    const mark = s.outcome === 'ok' ? '✅' : s.outcome === 'failed' ? '❌' : '➖';
    const via = s.step === 'login' && s.outcome === 'ok' ? ` — ${s.detail === 'credentials' ? t.viaCredentials : t.viaSession}` : '';
    const selector = s.selector ? ` \`${s.selector.replace(/`/g, "'")}\`${s.fallback ? ` (${t.fallback})` : ''}` : '';
    const why = s.outcome === 'failed' && s.errorClass ? ` (${s.errorClass})` : '';
    return `${mark} **${name}**: ${t.outcome[s.outcome] ?? s.outcome}${via}${selector}${why}`;
  });
  const failedName = t.steps[n.failedStep ?? ''] ?? n.failedStep ?? '?';
  const summary = n.ok ? t.passed : `${t.failedAt(failedName)}${n.message ? `\n${withoutMaskedLinks(clip(n.message, 800))}` : ''}`;
  const embed = new EmbedBuilder()
    .setTitle(clip(t.title(n.blogId), 256))
    .setColor(n.ok ? 0x2ecc71 : 0xe74c3c)
    .setDescription(clip([summary, '', ...lines].join('\n'), 4000))
    .setTimestamp(n.ranAt);
  const accounts = (n.accountsByChannel?.[channelId] ?? [n.blogId]).join(', ');
  const part = t.partNames[n.failedStep ?? ''] ?? failedName;
  const content = n.alert === 'broken' ? t.broken(part, accounts) : n.alert === 'fixed' ? t.fixed(accounts) : n.alert === 'changed' ? t.changed(accounts) : t.title(n.blogId);
  const payload: BaseMessageOptions = { content: clip(content, 2000), embeds: [embed], allowedMentions: { parse: [] } };
  if (n.screenshotChannelIds.includes(channelId) && (await exists(n.screenshotPath))) {
    embed.setImage(`attachment://${CHECK_SHOT_NAME}`);
    payload.files = [{ attachment: n.screenshotPath!, name: CHECK_SHOT_NAME }];
  }
  return payload;
}
