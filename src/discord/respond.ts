// Turning failures into the one ephemeral sentence a user reads, and surviving interactions that are gone.
import { DiscordAPIError, MessageFlags, RESTJSONErrorCodes, type Interaction, type RepliableInteraction } from 'discord.js';
import type { SessionFileError, SessionProblem } from '../accounts/session-import.ts';
import { AppError, IllegalTransitionError, type UserInputError } from '../errors.ts';
import { LimitError } from '../limits.ts';
import type { BotContext } from './context.ts';
import { langOf, messages, type Lang } from './i18n.ts';
import type { Messages } from './locales/en.ts';

/** The interaction can no longer be answered: too late (10062), answered elsewhere (40060), token expired. */
const GONE: ReadonlySet<number> = new Set([
  RESTJSONErrorCodes.UnknownInteraction,
  RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged,
  RESTJSONErrorCodes.UnknownWebhook,
  RESTJSONErrorCodes.InvalidWebhookToken,
]);

export function isGoneInteraction(err: unknown): boolean {
  return err instanceof DiscordAPIError && typeof err.code === 'number' && GONE.has(err.code);
}

/** What may go into a log line about an error: never request bodies (they can hold user input). */
export function describeError(err: unknown): Record<string, unknown> {
  if (err instanceof DiscordAPIError) return { name: 'DiscordAPIError', code: err.code, status: err.status, method: err.method, message: err.message };
  if (err instanceof Error) return { name: err.name, message: err.message, errorClass: (err as Partial<AppError>).errorClass, stack: err.stack };
  return { message: String(err) };
}

/** A domain refusal mapped to the user's language; null when the failure is ours (unexpected). */
export function refusalText(err: unknown, t: Messages): string | null {
  if (!(err instanceof AppError)) return null;
  if (err instanceof LimitError) return t.limits[err.limit](err.params);
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

/** A user-facing refusal raised by a handler itself (bad option, missing permission). */
export class Refusal extends Error {
  constructor(readonly text: string) {
    super(text);
    this.name = 'Refusal';
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
export async function reportFailure(i: Interaction, err: unknown, ctx: BotContext): Promise<void> {
  const where = { interactionId: i.id, type: i.type, userId: i.user.id, channelId: i.channelId };
  if (isGoneInteraction(err)) {
    ctx.logger.warn({ ...where, err: describeError(err) }, 'interaction expired or was already answered; not retrying');
    return;
  }
  const t = tr(i);
  const text = err instanceof Refusal ? err.text : refusalText(err, t);
  if (text === null) ctx.logger.error({ ...where, err: describeError(err) }, 'interaction handler failed');
  else ctx.logger.info({ ...where, refusal: err instanceof AppError ? err.errorClass : 'precondition' }, 'refused an interaction');
  if (!i.isRepliable()) return;
  try {
    await sendEphemeral(i, text ?? t.errors.unexpected);
  } catch (replyErr) {
    const level = isGoneInteraction(replyErr) ? 'warn' : 'error';
    ctx.logger[level]({ ...where, err: describeError(replyErr) }, 'could not tell the user about a failure');
  }
}
