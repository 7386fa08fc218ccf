// One login relay, held by the process whose browser waits on NAVER's question: its message in the account's
// channels (posted on the first question, edited as the login moves on), its deadline, and the answers and
// Cancel that reach it from any replica. It ends once: logged in, failed, timed out, cancelled or stopped.
import { NeedsLoginError, RetryableError } from '../errors.ts';
import type { Logger } from '../logging.ts';
import type { HumanAnswer, HumanQuestion, LoginRelay, LoginRelayNotice, Notifier } from '../ports.ts';

/** What a click or a form sends to the holder of a relay. */
export type RelayMessage = { type: 'answer'; answer: HumanAnswer; by: string } | { type: 'cancel'; by: string };

/** What every replica may read about a relay (never an answer). */
export interface RelayRecord {
  relayId: string;
  accountId: string;
  blogId: string;
  step: LoginRelayNotice['step'];
  /** The question is waiting for typed text (captcha, code) or for the new-device choice. */
  asking: 'text' | 'device' | null;
  expiresAt: number;
}

export interface RelaySessionOptions {
  relayId: string;
  at: { accountId: string; blogId: string };
  channelIds: string[];
  timeoutMs: number;
  notifier: Notifier;
  logger: Logger;
  save(record: RelayRecord, ttlMs: number): Promise<void>;
  /** Lets the next answer in (after one was tried). */
  release(): Promise<void>;
  ended(): void;
}

type Ending = 'timed_out' | 'cancelled' | 'stopped';

const REASON: Record<HumanQuestion['kind'], NeedsLoginError['reason']> = { captcha: 'captcha', otp: 'two_step', app: 'two_step', new_device: 'new_device' };

export class RelaySession implements LoginRelay {
  readonly #o: RelaySessionOptions;
  readonly #controller = new AbortController();
  readonly #expiresAt: number;
  readonly #timer: NodeJS.Timeout;
  #question: HumanQuestion | null = null;
  #waiter: ((answer: HumanAnswer) => void) | null = null;
  #by: string | null = null;
  #done = false;

  constructor(options: RelaySessionOptions) {
    this.#o = options;
    this.#expiresAt = Date.now() + options.timeoutMs;
    this.#timer = setTimeout(() => void this.#end('timed_out', null), options.timeoutMs);
    this.#timer.unref();
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  async ask(question: HumanQuestion): Promise<HumanAnswer> {
    this.#throwIfEnded();
    this.#question = question;
    const answered = new Promise<HumanAnswer>((resolve, reject) => {
      this.#waiter = resolve;
      this.signal.addEventListener('abort', () => reject(this.signal.reason), { once: true });
    });
    answered.catch(() => undefined);
    await this.#o.release().catch(() => undefined);
    await this.#show(question.kind, question.kind === 'new_device' ? 'device' : 'text');
    return answered;
  }

  async show(question: HumanQuestion): Promise<void> {
    this.#throwIfEnded();
    this.#question = question;
    await this.#show(question.kind, null);
  }

  async checking(): Promise<void> {
    this.#throwIfEnded();
    await this.#show('checking', null);
  }

  async finish(outcome: { loggedIn: true } | { loggedIn: false; reason: string }): Promise<void> {
    if (this.#done) return;
    this.#close();
    this.#o.logger.info({ loggedIn: outcome.loggedIn }, 'login relay finished');
    await this.#notify(outcome.loggedIn ? 'logged_in' : 'failed', outcome.loggedIn ? null : outcome.reason);
  }

  /** An answer or a Cancel from whichever replica got the interaction. */
  receive(message: RelayMessage): void {
    if (this.#done) return;
    this.#by = message.by;
    if (message.type === 'cancel') {
      void this.#end('cancelled', message.by);
      return;
    }
    const waiter = this.#waiter;
    this.#waiter = null;
    if (waiter) waiter(message.answer);
    else void this.#o.release().catch(() => undefined);
  }

  /** The job's own deadline passed (or it was aborted): the relay stops with it. */
  endWith(signal: AbortSignal): void {
    const stop = () => void this.#end('stopped', null);
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
  }

  stop(): Promise<void> {
    return this.#end('stopped', null);
  }

  /** Ends a relay that never showed anything (it could not start listening). */
  discard(): void {
    if (!this.#done) this.#close();
  }

  async #end(how: Ending, by: string | null): Promise<void> {
    if (this.#done) return;
    this.#close();
    this.#by = by ?? this.#by;
    this.#o.logger.info({ ending: how }, 'login relay ended without a login');
    this.#controller.abort(this.#errorFor(how));
    await this.#notify(how, null);
  }

  #errorFor(how: Ending): Error {
    if (how === 'stopped') return new RetryableError('The login waiting for an answer in Discord was stopped (the service is shutting down or the job ran out of time); it will be tried again.', 'shutdown');
    const reason = REASON[this.#question?.kind ?? 'captcha'];
    const what = how === 'timed_out' ? 'Nobody answered NAVER\'s question in Discord in time' : 'The login was cancelled in Discord';
    const err = new NeedsLoginError(`${what} for blog "${this.#o.at.blogId}"; the account waits for a login.`, reason);
    // The relay's own message says what happened and what to do next: no second alert.
    err.announced = true;
    return err;
  }

  #close(): void {
    this.#done = true;
    clearTimeout(this.#timer);
    this.#waiter = null;
    this.#o.ended();
  }

  #throwIfEnded(): void {
    if (this.signal.aborted) throw this.signal.reason;
  }

  async #show(step: LoginRelayNotice['step'], asking: RelayRecord['asking']): Promise<void> {
    const record: RelayRecord = { relayId: this.#o.relayId, ...this.#o.at, step, asking, expiresAt: this.#expiresAt };
    await this.#o.save(record, this.#expiresAt - Date.now());
    await this.#notify(step, null);
  }

  async #notify(step: LoginRelayNotice['step'], reason: string | null): Promise<void> {
    const notice: LoginRelayNotice = {
      kind: 'login_relay',
      relayId: this.#o.relayId,
      accountId: this.#o.at.accountId,
      blogId: this.#o.at.blogId,
      channelIds: this.#o.channelIds,
      step,
      question: this.#question,
      expiresAt: new Date(this.#expiresAt),
      by: this.#by,
      reason,
    };
    await this.#o.notifier.notify(notice).catch((err: unknown) => this.#o.logger.warn({ err: String(err) }, 'could not show the login relay message'));
  }
}
