// Typed errors carry the decision (retry or not) and the one sentence a user is shown.

export abstract class AppError extends Error {
  /** Whether the queue may try the job again. */
  abstract readonly retryable: boolean;
  /** A short machine name for the class of failure, shown in alerts and stored in DeadLetter rows. */
  abstract readonly errorClass: string;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Worth trying again later (rate limit, server overload, network). */
export class RetryableError extends AppError {
  readonly retryable = true;
  readonly errorClass: string;
  /** When the remote side told us how long to wait. */
  readonly retryAfterMs?: number;
  constructor(message: string, errorClass = 'transient', retryAfterMs?: number, options?: { cause?: unknown }) {
    super(message, options);
    this.errorClass = errorClass;
    this.retryAfterMs = retryAfterMs;
  }
}

/** Trying again cannot help; a human must change something. */
export class PermanentError extends AppError {
  readonly retryable = false;
  readonly errorClass: string;
  constructor(message: string, errorClass = 'permanent', options?: { cause?: unknown }) {
    super(message, options);
    this.errorClass = errorClass;
  }
}

/** A job payload that does not match its schema. */
export class InvalidPayloadError extends PermanentError {
  constructor(message: string) {
    super(message, 'invalid_payload');
  }
}

/** The work took longer than its timeout and was aborted. Retryable: the next attempt may be quicker. */
export class TimeoutError extends RetryableError {
  constructor(what: string, ms: number) {
    super(`${what} did not finish within ${ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`} and was aborted.`, 'timeout');
  }
}

/** NAVER wants a human: captcha, new device, 2-step verification, wrong password, or no session at all. */
export type NeedsLoginReason = 'captcha' | 'new_device' | 'two_step' | 'wrong_password' | 'no_credentials' | 'login_failed';

export class NeedsLoginError extends PermanentError {
  readonly reason: NeedsLoginReason;
  /** A login relay's message already told the channel what happened and what to do: no second alert. */
  announced = false;
  constructor(message: string, reason: NeedsLoginReason) {
    super(message, 'needs_login');
    this.reason = reason;
  }
}

/** The publish button was pressed but we cannot tell whether the post exists. Never retried blindly. */
export class PublishUnconfirmedError extends PermanentError {
  readonly screenshotPath?: string;
  constructor(message: string, screenshotPath?: string) {
    super(message, 'publish_unconfirmed');
    this.screenshotPath = screenshotPath;
  }
}

/** A draft status change the state machine does not allow. */
export class IllegalTransitionError extends PermanentError {
  readonly from: string;
  readonly to: string;
  constructor(from: string, to: string, draftId: string, message?: string) {
    super(message ?? `Draft ${draftId} cannot go from ${from} to ${to}.`, 'illegal_transition');
    this.from = from;
    this.to = to;
  }
}

/**
 * Something a person asked for was refused, and nothing was changed. `code` names the sentence they are shown and
 * `params` fill it in: every code and its parameters are listed in src/refusals.ts, every sentence is in the
 * locale files (src/discord/locales, `refusals`). `message` is for logs only.
 */
export abstract class RefusalError extends PermanentError {
  readonly code: string;
  readonly params: object;
  constructor(code: string, params: object, errorClass: string) {
    super(Object.keys(params).length ? `${code} ${JSON.stringify(params)}` : code, errorClass);
    this.code = code;
    this.params = params;
  }
}

export function errorClassOf(err: unknown): string {
  if (err instanceof AppError) return err.errorClass;
  if (err instanceof Error && err.name === 'UnrecoverableError') return 'permanent';
  return 'unexpected';
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A failure that carries one code saying why, for the caller to put in its own words (refusals, the card). */
export class ReasonError<R extends string> extends Error {
  readonly reason: R;
  constructor(reason: R, message: string) {
    super(message);
    this.name = new.target.name;
    this.reason = reason;
  }
}
