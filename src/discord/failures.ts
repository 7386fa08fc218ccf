// What went wrong on the Discord side: an interaction that can no longer be answered, a refusal a handler
// raised itself, and what of an error may go into a log line.
import { DiscordAPIError, RESTJSONErrorCodes } from 'discord.js';
import type { AppError } from '../errors.ts';

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

/** A user-facing refusal raised by a handler itself (bad option, missing permission). */
export class Refusal extends Error {
  readonly text: string;
  constructor(text: string) {
    super(text);
    this.name = 'Refusal';
    this.text = text;
  }
}

