// The login relay's message: what NAVER asks (its words and a picture cropped to the question), a countdown,
// and the buttons that answer it; then, edited in place, how the login went and what to do next.
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder, type BaseMessageOptions } from 'discord.js';
import type { LoginRelayNotice } from '../../ports.ts';
import { relayCustomId, type RelayAction } from '../custom-ids.ts';
import { messages, type Lang } from '../i18n.ts';
import { who } from './draft.ts';
import { clip } from './shown-text.ts';

export const RELAY_IMAGE = 'naver-question.png';

const QUESTION_STEPS = new Set<LoginRelayNotice['step']>(['captcha', 'otp', 'app', 'new_device']);

export function renderLoginRelay(n: LoginRelayNotice, lang: Lang): BaseMessageOptions & { attachments: [] } {
  const t = messages(lang).relay;
  const asking = QUESTION_STEPS.has(n.step);
  const lines: string[] = [];
  let color = 0x3498db;
  if (asking) {
    lines.push(t.ask[n.step] ?? '');
    if ((n.question?.round ?? 1) > 1) lines.push(t.round(n.question!.round));
    if (n.question?.text) lines.push(`> ${clip(n.question.text, 300).replace(/\n/g, '\n> ')}`);
    lines.push(t.expires(`<t:${Math.floor(n.expiresAt.getTime() / 1000)}:R>`));
  } else if (n.step === 'checking') {
    lines.push(t.checking(n.by ? who(n.by) : '—'));
  } else if (n.step === 'logged_in') {
    lines.push(t.loggedIn);
    color = 0x2ecc71;
  } else {
    color = n.step === 'stopped' ? 0x95a5a6 : 0xe67e22;
    lines.push(
      n.step === 'failed' ? t.failed(t.reasons[n.reason ?? 'login_failed'] ?? t.reasons.login_failed!) : n.step === 'timed_out' ? t.timedOut : n.step === 'cancelled' ? t.cancelled(n.by ? who(n.by) : '—') : t.stopped,
    );
  }
  const title = asking || n.step === 'checking' ? t.title(n.blogId) : t.doneTitle(n.blogId);
  const embed = new EmbedBuilder().setTitle(clip(title, 256)).setColor(color).setDescription(clip(lines.join('\n\n'), 4000)).setFooter({ text: n.relayId });
  const payload: BaseMessageOptions & { attachments: [] } = {
    content: `${asking ? '🔐' : n.step === 'logged_in' ? '✅' : n.step === 'checking' ? '⏳' : '⚠️'} ${title}`,
    embeds: [embed],
    components: asking ? [buttonsFor(n, lang)] : [],
    attachments: [],
    allowedMentions: { parse: [] },
  };
  if (asking && n.question?.image) {
    embed.setImage(`attachment://${RELAY_IMAGE}`);
    payload.files = [{ attachment: n.question.image, name: RELAY_IMAGE }];
  }
  return payload;
}

function buttonsFor(n: LoginRelayNotice, lang: Lang): ActionRowBuilder<ButtonBuilder> {
  const t = messages(lang).relay;
  const button = (action: RelayAction, label: string, style: ButtonStyle) =>
    new ButtonBuilder().setCustomId(relayCustomId(action, n.accountId, n.relayId)).setLabel(label).setStyle(style);
  const row = new ActionRowBuilder<ButtonBuilder>();
  if (n.step === 'captcha') row.addComponents(button('answer', t.answer, ButtonStyle.Primary));
  if (n.step === 'otp') row.addComponents(button('answer', t.enterCode, ButtonStyle.Primary));
  if (n.step === 'new_device') row.addComponents(button('register', t.register, ButtonStyle.Primary), button('skip', t.dontRegister, ButtonStyle.Secondary));
  return row.addComponents(button('cancel', t.cancel, ButtonStyle.Danger));
}
