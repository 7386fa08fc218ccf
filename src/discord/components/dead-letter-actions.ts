// Retry / Discard on a dead-letter alert (or on the /dlq list).
import { MessageFlags, type APIActionRowComponent, type APIComponentInMessageActionRow } from 'discord.js';
import { actorOf } from '../context.ts';
import { parseDlqId, type DlqAction } from '../custom-ids.ts';
import { CHANNEL_LANG, langOf, messages } from '../i18n.ts';
import { deadLetterApprover } from '../permissions.ts';
import { who } from '../render/draft.ts';
import { defineButton } from './registry.ts';

export const deadLetterActions = defineButton<{ action: DlqAction; deadLetterId: string }>({
  name: 'dead-letter-actions',
  parse: parseDlqId,
  ack: 'update',
  permission: deadLetterApprover,
  async run(i, { action, deadLetterId }, ctx) {
    const actor = actorOf(i);
    if (action === 'retry') await ctx.service.retryDeadLetter(deadLetterId, actor);
    else await ctx.service.discardDeadLetter(deadLetterId, actor);
    // A public alert speaks the channel's language; a private /dlq list the user's.
    const lang = i.message.flags.has(MessageFlags.Ephemeral) ? langOf(i.locale) : CHANNEL_LANG;
    const t = messages(lang).alerts;
    const line = action === 'retry' ? t.retriedBy(who(actor.userId)) : t.discardedBy(who(actor.userId));
    // Only the row of the letter just resolved loses its buttons.
    const rows = (i.message.components.map((c) => c.toJSON()) as APIActionRowComponent<APIComponentInMessageActionRow>[]).filter(
      (row) => !(row.components ?? []).some((c) => 'custom_id' in c && c.custom_id === i.customId),
    );
    await i.editReply({ content: `✅ ${line}`, embeds: i.message.embeds, components: rows, allowedMentions: { parse: [] } });
  },
});
