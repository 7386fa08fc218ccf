// Answering people: the language of a reply, the one ephemeral sentence a refusal becomes, and surviving
// interactions that are gone.
import { MessageFlags, type Interaction, type RepliableInteraction } from 'discord.js';
import { AppError, IllegalTransitionError, RefusalError } from '../errors.ts';
import type { Logger } from '../logging.ts';
import type { RefusalCode } from '../refusals.ts';
import { describeError, isGoneInteraction, Refusal } from './failures.ts';
import { langOf, messages, type Lang } from './i18n.ts';
import type { Messages } from './locales/en.ts';

/** A domain refusal as one sentence in the language of `t`, by its code; null when the failure is ours (unexpected). */
export function refusalText(err: unknown, t: Messages): string | null {
  if (err instanceof RefusalError) {
    const say = t.refusals[err.code as RefusalCode] as ((params: object) => string) | undefined;
    return say ? say(err.params) : null;
  }
  if (err instanceof IllegalTransitionError) return t.errors.illegalTransition(err.from);
  if (err instanceof AppError && err.errorClass === 'retry_not_queued') return t.errors.retryNotQueued;
  return null;
}

export function tr(interaction: { locale: string }): Messages {
  return messages(langOf(interaction.locale));
}

export function langOfInteraction(interaction: { locale: string }): Lang {
  return langOf(interaction.locale);
}

/**
 * Sends one ephemeral sentence, whatever has been sent so far: a first reply, an edit of an ephemeral
 * deferral, or a followup (deleting a public "thinking…" placeholder first, so nothing public is left).
 */
export async function sendEphemeral(i: RepliableInteraction, content: string): Promise<void> {
  if (!i.deferred && !i.replied) {
    await i.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
    return;
  }
  if (i.ephemeral) {
    await i.editReply({ content, embeds: [], components: [] });
    return;
  }
  if (i.isChatInputCommand() && i.deferred && !i.replied) await i.deleteReply().catch(() => undefined);
  await i.followUp({ content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
}

/** The central failure path of every handler: refusals are answered, our bugs logged, gone interactions ignored. */
export async function reportFailure(i: Interaction, err: unknown, logger: Logger): Promise<void> {
  const where = { interactionId: i.id, type: i.type, userId: i.user.id, channelId: i.channelId };
  if (isGoneInteraction(err)) {
    logger.warn({ ...where, err: describeError(err) }, 'interaction expired or was already answered; not retrying');
    return;
  }
  const t = tr(i);
  const text = err instanceof Refusal ? err.text : refusalText(err, t);
  if (text === null) logger.error({ ...where, err: describeError(err) }, 'interaction handler failed');
  else logger.info({ ...where, refusal: err instanceof AppError ? err.errorClass : 'precondition' }, 'refused an interaction');
  if (!i.isRepliable()) return;
  try {
    await sendEphemeral(i, text ?? t.errors.unexpected);
  } catch (replyErr) {
    const level = isGoneInteraction(replyErr) ? 'warn' : 'error';
    logger[level]({ ...where, err: describeError(replyErr) }, 'could not tell the user about a failure');
  }
}
