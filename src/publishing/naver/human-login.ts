// NAVER asked a human question while logging in (captcha, 2-step verification, new device): the question goes
// to a person through the login relay, and their answer is typed into NAVER's page. Nothing here solves
// anything; an answer is only ever typed into the page, never logged or kept.
import type { Locator, Page } from 'playwright';
import type { HumanAnswer, HumanQuestion, HumanQuestionKind, LoginRelay, OpenRelay } from '../../ports.ts';
import { NeedsLoginError } from '../../errors.ts';
import { CHALLENGE, LOGIN, isAnyVisible, resolveVisible, type SelectorList } from './selectors.ts';

type Reason = NeedsLoginError['reason'];

/** The part of the login's context the questions need (login.ts passes its own). */
export interface QuestionContext {
  blogId: string;
  stepTimeoutMs: number;
  openRelay?: OpenRelay;
  /** Saves the new session, so the relay's message can say it is saved. */
  onLoggedIn?: (page: Page) => Promise<void>;
  /** Waits for a person without holding a place among the browser contexts (BrowserPool's `lend`). */
  whileWaiting?: <T>(wait: () => Promise<T>) => Promise<T>;
}

interface Credentials {
  username: string;
  password: string;
}

/** Wrong answers to one kind of question before the login gives up (NAVER then tends to lock the form). */
export const MAX_ROUNDS = 3;
const POLL_MS = 300;

export interface LoginSteps {
  enterValue(field: Locator, value: string): Promise<void>;
  /** Where the login stands on the page shown now; null while it is on its way. */
  outcomeNow(page: Page): Promise<Reason | 'ok' | null>;
}

type Question = 'captcha' | 'two_step' | 'new_device';

/** Runs the questions through the relay until NAVER lets the login through or says no; returns the outcome. */
export async function passWithHuman(page: Page, first: Question, credentials: Credentials, ctx: QuestionContext, steps: LoginSteps): Promise<Reason | 'ok'> {
  const relay = await ctx.openRelay!();
  const waiting = ctx.whileWaiting ?? (<T>(wait: () => Promise<T>) => wait());
  const rounds = new Map<HumanQuestionKind, number>();
  let outcome: Reason | 'ok' = first;
  try {
    while (outcome === 'captcha' || outcome === 'two_step' || outcome === 'new_device') {
      const kind = await kindOf(page, outcome);
      const round = (rounds.get(kind) ?? 0) + 1;
      if (round > MAX_ROUNDS) break;
      rounds.set(kind, round);
      const question: HumanQuestion = { kind, round, ...(await pictureOf(page, kind)) };
      if (kind === 'app') {
        await relay.show(question);
        outcome = await waiting(() => waitWhileAsked(page, ctx, steps, relay, 'two_step'));
        continue;
      }
      const answer = await waiting(() => relay.ask(question));
      await relay.checking();
      await answerOn(page, kind, answer, credentials, ctx, steps);
      outcome = await waitWhileLoading(page, ctx, steps);
    }
  } catch (err) {
    if (relay.signal.aborted) throw relay.signal.reason;
    throw err;
  }
  if (outcome === 'ok') await ctx.onLoggedIn?.(page);
  await relay.finish(outcome === 'ok' ? { loggedIn: true } : { loggedIn: false, reason: outcome });
  if (outcome !== 'ok') throw announced(outcome, ctx.blogId);
  return outcome;
}

/** The relay's message already says what happened and what to do: no second alert. */
function announced(reason: Reason, blogId: string): NeedsLoginError {
  const err = new NeedsLoginError(`Logging in to NAVER for blog "${blogId}" did not go through after the answers given in Discord (${reason}).`, reason);
  err.announced = true;
  return err;
}

async function kindOf(page: Page, q: Question): Promise<HumanQuestionKind> {
  if (q === 'captcha') return 'captcha';
  if (q === 'new_device') return 'new_device';
  return (await isAnyVisible(page, CHALLENGE.otpInput)) ? 'otp' : 'app';
}

/** A screenshot cropped to the question and NAVER's words for it; either may be missing, never an error. */
async function pictureOf(page: Page, kind: HumanQuestionKind): Promise<{ image: Buffer | null; text: string | null }> {
  const [box, words] =
    kind === 'captcha' ? [CHALLENGE.captchaBox, CHALLENGE.captchaText] : kind === 'new_device' ? [CHALLENGE.newDeviceBox, CHALLENGE.newDeviceText] : [CHALLENGE.twoStepBox, CHALLENGE.twoStepText];
  const image = await firstVisible(page, box)
    .then((l) => l?.screenshot({ timeout: 5_000, animations: 'disabled' }) ?? null)
    .catch(() => null);
  const text = await firstVisible(page, words)
    .then(async (l) => (l ? (await l.innerText({ timeout: 2_000 })).trim().slice(0, 300) || null : null))
    .catch(() => null);
  return { image, text };
}

async function firstVisible(page: Page, list: SelectorList): Promise<Locator | null> {
  for (const s of list) {
    const l = page.locator(s).first();
    if (await l.isVisible().catch(() => false)) return l;
  }
  return null;
}

async function answerOn(page: Page, kind: HumanQuestionKind, answer: HumanAnswer, credentials: Credentials, ctx: QuestionContext, steps: LoginSteps): Promise<void> {
  const t = ctx.stepTimeoutMs;
  const press = async (button: Locator) => {
    const navigated = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame(), timeout: t });
    await button.click();
    await navigated;
  };
  try {
    if (kind === 'new_device') {
      const register = answer.kind === 'device' && answer.register;
      return await press(await resolveVisible(page, register ? CHALLENGE.newDeviceSave : CHALLENGE.newDeviceSkip, t));
    }
    const value = answer.kind === 'text' ? answer.value : '';
    if (kind === 'captcha') {
      // NAVER's captcha form wants the id and password again with the characters.
      await steps.enterValue(await resolveVisible(page, LOGIN.id, t), credentials.username);
      await steps.enterValue(await resolveVisible(page, LOGIN.password, t), credentials.password);
      await steps.enterValue(await resolveVisible(page, CHALLENGE.captchaInput, t), value);
      return await press(await resolveVisible(page, LOGIN.submit, t));
    }
    await steps.enterValue(await resolveVisible(page, CHALLENGE.otpInput, t), value);
    await press(await resolveVisible(page, CHALLENGE.otpSubmit, t));
  } catch {
    // No cause attached: Playwright's call log could echo what was typed.
    throw new NeedsLoginError(`The answer could not be entered on NAVER's page for blog "${ctx.blogId}".`, 'login_failed');
  }
}

/** The outcome once the page answering our submit has loaded. */
async function waitWhileLoading(page: Page, ctx: QuestionContext, steps: LoginSteps): Promise<Reason | 'ok'> {
  await page.waitForLoadState('domcontentloaded', { timeout: ctx.stepTimeoutMs }).catch(() => undefined);
  const deadline = Date.now() + ctx.stepTimeoutMs;
  while (Date.now() < deadline) {
    const now = await steps.outcomeNow(page);
    if (now) return now;
    await page.waitForTimeout(POLL_MS);
  }
  return 'login_failed';
}

/** Waits as long as the relay does while NAVER keeps showing `asked` (the app approval moves on by itself). */
async function waitWhileAsked(page: Page, ctx: QuestionContext, steps: LoginSteps, relay: LoginRelay, asked: Reason): Promise<Reason | 'ok'> {
  while (!relay.signal.aborted) {
    if (page.isClosed()) throw new NeedsLoginError(`The browser closed while waiting for NAVER for blog "${ctx.blogId}".`, 'login_failed');
    const now = await steps.outcomeNow(page).catch(() => null);
    if (now && now !== asked) return now;
    await page.waitForTimeout(POLL_MS).catch(() => undefined);
  }
  throw relay.signal.reason;
}

