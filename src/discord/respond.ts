// Answering people: the language of a reply, the one ephemeral sentence a refusal becomes, and surviving
// interactions that are gone.
import { MessageFlags, type Interaction, type RepliableInteraction } from 'discord.js';
import type { SessionFileError, SessionProblem } from '../accounts/session-import.ts';
import { ApproverRequiredError, AppError, DraftRequestLimitError, IllegalTransitionError, NotHereError, type UserInputError } from '../errors.ts';
import type { Logger } from '../logging.ts';
import { describeError, isGoneInteraction, Refusal } from './failures.ts';
import { LimitError } from '../limits.ts';
import { langOf, messages, type Lang } from './i18n.ts';
import type { Messages } from './locales/en.ts';

/** A domain refusal mapped to the user's language; null when the failure is ours (unexpected). */
export function refusalText(err: unknown, t: Messages): string | null {
  if (!(err instanceof AppError)) return null;
  if (err instanceof LimitError) return t.limits[err.limit](err.params);
  if (err instanceof NotHereError) return err.thing === 'account' ? t.errors.unknownAccount(err.ref) : t.errors.notHere[err.thing](err.ref);
  if (err instanceof ApproverRequiredError) return t.errors.approverForAutoApprove(err.blogId);
  if (err instanceof DraftRequestLimitError) return t.errors.draftRequestLimit(err.limit, Math.ceil(err.retryAt.getTime() / 1000));
  switch (err.errorClass) {
    case 'illegal_transition':
      return t.errors.illegalTransition((err as IllegalTransitionError).from);
    case 'forbidden':
      return t.errors.forbidden(err.message);
    case 'not_found':
      return t.errors.notFound(err.message);
    case 'invalid_session': {
      const problem = (err as SessionFileError).problem;
      return (t.sessionFile[problem.code] as (p: SessionProblem) => string)(problem);
    }
    case 'retry_not_queued':
      return t.errors.retryNotQueued;
    case 'user_input': {
      const ko = (err as UserInputError).ko;
      return ko && t === messages('ko') ? ko : err.message;
    }
    default:
      return null;
  }
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
