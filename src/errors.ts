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
  constructor(
    message: string,
    readonly errorClass = 'transient',
    /** When the remote side told us how long to wait. */
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Trying again cannot help; a human must change something. */
export class PermanentError extends AppError {
  readonly retryable = false;
  constructor(message: string, readonly errorClass = 'permanent', options?: { cause?: unknown }) {
    super(message, options);
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
export class NeedsLoginError extends PermanentError {
  constructor(message: string, readonly reason: 'captcha' | 'new_device' | 'two_step' | 'wrong_password' | 'no_credentials' | 'login_failed') {
    super(message, 'needs_login');
  }
}

/** The publish button was pressed but we cannot tell whether the post exists. Never retried blindly. */
export class PublishUnconfirmedError extends PermanentError {
  constructor(message: string, readonly screenshotPath?: string) {
    super(message, 'publish_unconfirmed');
  }
}

/** A draft status change the state machine does not allow. */
export class IllegalTransitionError extends PermanentError {
  constructor(readonly from: string, readonly to: string, draftId: string, message?: string) {
    super(message ?? `Draft ${draftId} cannot go from ${from} to ${to}.`, 'illegal_transition');
  }
}

/**
 * Something a person asked for was refused, and nothing was changed. `code` names the sentence they are shown and
 * `params` fill it in: every code and its parameters are listed in src/refusals.ts, every sentence is in the
 * locale files (src/discord/locales, `refusals`). `message` is for logs only.
 */
export abstract class RefusalError extends PermanentError {
  constructor(readonly code: string, readonly params: object, errorClass: string) {
    super(Object.keys(params).length ? `${code} ${JSON.stringify(params)}` : code, errorClass);
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
