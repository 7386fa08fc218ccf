// A person answering NAVER's login questions (the login relay): what NAVER asks, what a person answers, and
// the relay's message (ports.ts re-exports these).

/** What NAVER asks: a captcha, a 2-step code (`otp`), an approval in the NAVER app (`app`), a new device. */
export type HumanQuestionKind = 'captcha' | 'otp' | 'app' | 'new_device';

export interface HumanQuestion {
  kind: HumanQuestionKind;
  /** A screenshot cropped to the question (PNG). */
  image: Buffer | null;
  /** NAVER's own words for the question, when the page has them. */
  text: string | null;
  /** 1 for the first question of its kind, 2 after a wrong answer, and so on. */
  round: number;
}

/** Typed text (captcha, code), or the choice on the new-device question. Never logged, never stored. */
export type HumanAnswer = { kind: 'text'; value: string } | { kind: 'device'; register: boolean };

export interface LoginRelay {
  /**
   * Shows the question in the account's channels and waits for a person's answer. Rejects with the error the
   * login must end with when the relay ends first (timeout, Cancel, shutdown).
   */
  ask(question: HumanQuestion): Promise<HumanAnswer>;
  /** Shows a question answered outside Discord (app approval); `signal` says when to stop waiting for it. */
  show(question: HumanQuestion): Promise<void>;
  /** The answer is being tried on NAVER. */
  checking(): Promise<void>;
  /** The login went through (session saved) or failed for a reason no answer can fix. */
  finish(outcome: { loggedIn: true } | { loggedIn: false; reason: string }): Promise<void>;
  /** Aborted when the relay ends without a login; its reason is the error to end with. */
  readonly signal: AbortSignal;
}

/** Opens the relay of one login, on the first question NAVER asks. */
export type OpenRelay = () => Promise<LoginRelay>;

export interface LoginRequest {
  accountId: string;
  blogId: string;
}

/** One login relay's message: posted on its first question, then edited in place as the login moves on. */
export interface LoginRelayNotice {
  kind: 'login_relay';
  relayId: string;
  accountId: string;
  blogId: string;
  channelIds: string[];
  step: HumanQuestionKind | 'checking' | 'logged_in' | 'failed' | 'timed_out' | 'cancelled' | 'stopped';
  question: HumanQuestion | null;
  /** When the relay stops waiting. */
  expiresAt: Date;
  /** Discord user id of who answered or cancelled. */
  by: string | null;
  /** Why a login failed (a NeedsLoginError reason). */
  reason: string | null;
}
