// Getting a page onto NAVER with a working session: the saved one first, a login with the stored credentials
// when NAVER sends us to its login form. Anything that needs a human (captcha, new device, 2-step, a wrong
// password) becomes a NeedsLoginError; a captcha is never attempted. Credentials are only ever passed to the
// page; they never reach a log line, an error message or an error's cause.
import type { Locator, Page } from 'playwright';
import { NeedsLoginError } from '../../errors.ts';
import { LOGIN, isAnyVisible, resolveVisible } from './selectors.ts';
import type { Logger } from '../../logging.ts';
import type { OpenRelay } from '../../ports.ts';
import { passWithHuman } from './human-login.ts';

export interface Credentials {
  username: string;
  password: string;
}

export interface SessionContext {
  accountId: string;
  blogId: string;
  loginUrl: string;
  stepTimeoutMs: number;
  logger: Logger;
  loadCredentials: () => Promise<Credentials | null>;
  /** Brings NAVER's questions (captcha, 2-step, new device) to a person; without it they end the login. */
  openRelay?: OpenRelay;
  /** After a login through the relay: save the session before the relay's message says it is saved. */
  onLoggedIn?: (page: Page) => Promise<void>;
  /** Waits for a person without holding a browser place (BrowserPool's `lend`). */
  whileWaiting?: <T>(wait: () => Promise<T>) => Promise<T>;
}

type Reason = NeedsLoginError['reason'];

const POLL_MS = 150;

export function needsLogin(reason: Reason, blogId: string): NeedsLoginError {
  const messages: Record<Reason, string> = {
    captcha: `NAVER asked for a captcha while logging in to blog "${blogId}". Captchas are never solved automatically: log in to NAVER by hand once and upload the session with \`/account session\`, or try \`/account login\` again later.`,
    new_device: `NAVER wants to confirm a login from a new device or location for blog "${blogId}". Approve it in the NAVER app or log in by hand, then run \`/account login\` again (or upload a session with \`/account session\`).`,
    two_step: `Blog "${blogId}" uses NAVER 2-step verification, which automated login cannot pass. Log in by hand and upload the session with \`/account session\`.`,
    wrong_password: `NAVER rejected the stored username or password for blog "${blogId}". Store the right ones with \`/account login\`.`,
    no_credentials: `Blog "${blogId}" has no working NAVER session and no stored credentials. Store them with \`/account login\` or upload a session with \`/account session\`.`,
    login_failed: `Logging in to NAVER for blog "${blogId}" did not complete. Check the account by hand, then run \`/account login\` again or upload a session with \`/account session\`.`,
  };
  return new NeedsLoginError(messages[reason], reason);
}

export function isLoginPage(url: string, loginUrl: string): boolean {
  return url.startsWith(loginUrl.replace(/\/+$/, ''));
}

/**
 * Opens `target`. When NAVER answers with its login form, logs in with the stored credentials and opens
 * `target` again. Returns whether a login happened, so the caller can save the fresh session.
 */
export async function openWithSession(page: Page, target: string, ctx: SessionContext): Promise<{ loggedIn: boolean }> {
  await page.goto(target, { waitUntil: 'domcontentloaded' });
  if (!isLoginPage(page.url(), ctx.loginUrl)) return { loggedIn: false };

  const credentials = await ctx.loadCredentials();
  if (!credentials) throw needsLogin('no_credentials', ctx.blogId);
  ctx.logger.info({ accountId: ctx.accountId, blogId: ctx.blogId }, 'naver session expired; logging in with stored credentials');
  await login(page, credentials, ctx);

  if (!page.url().startsWith(target)) await page.goto(target, { waitUntil: 'domcontentloaded' });
  if (isLoginPage(page.url(), ctx.loginUrl)) throw needsLogin('login_failed', ctx.blogId);
  ctx.logger.info({ accountId: ctx.accountId, blogId: ctx.blogId }, 'naver login succeeded');
  return { loggedIn: true };
}

async function login(page: Page, credentials: Credentials, ctx: SessionContext): Promise<void> {
  const early = await challengeOn(page);
  if (early) throw needsLogin(early, ctx.blogId);
  try {
    await enterValue(await resolveVisible(page, LOGIN.id, ctx.stepTimeoutMs), credentials.username);
    await enterValue(await resolveVisible(page, LOGIN.password, ctx.stepTimeoutMs), credentials.password);
    await (await resolveVisible(page, LOGIN.submit, ctx.stepTimeoutMs)).click();
  } catch {
    // No cause attached: Playwright's call log could echo what was typed.
    throw needsLogin('login_failed', ctx.blogId);
  }
  let outcome = await waitForLoginOutcome(page, ctx);
  if (ctx.openRelay && (outcome === 'captcha' || outcome === 'two_step' || outcome === 'new_device')) {
    outcome = await passWithHuman(page, outcome, credentials, ctx, { enterValue, outcomeNow: (p) => outcomeNow(p, ctx) });
  }
  if (outcome !== 'ok') throw needsLogin(outcome, ctx.blogId);
}

/**
 * Sets all but the last character the way a paste would, then types the last one as a real keystroke so the
 * page's key and input listeners fire: NAVER flags programmatic fills and per-character typing (research §1).
 * Typing the last character (rather than appending and deleting one) also works at the field's maxlength.
 */
export async function enterValue(field: Locator, value: string): Promise<void> {
  await field.fill('');
  await field.evaluate((el, v) => {
    (el as HTMLInputElement).value = v;
  }, value.slice(0, -1));
  await field.press('End');
  await field.pressSequentially(value.slice(-1));
  if ((await field.inputValue()) !== value) throw new Error('login field did not take the value');
}

export async function waitForLoginOutcome(page: Page, ctx: SessionContext): Promise<Reason | 'ok'> {
  const deadline = Date.now() + ctx.stepTimeoutMs;
  while (Date.now() < deadline) {
    const now = await outcomeNow(page, ctx);
    if (now) return now;
    await page.waitForTimeout(POLL_MS);
  }
  return 'login_failed';
}

/** Where the login stands on the page shown now; null while it is still on its way. */
export async function outcomeNow(page: Page, ctx: SessionContext): Promise<Reason | 'ok' | null> {
  if (page.isClosed()) throw needsLogin('login_failed', ctx.blogId);
  if (!isLoginPage(page.url(), ctx.loginUrl)) return 'ok';
  const challenge = await challengeOn(page);
  if (challenge) return challenge;
  if (await isAnyVisible(page, LOGIN.error)) return 'wrong_password';
  return null;
}

async function challengeOn(page: Page): Promise<Reason | null> {
  // Only the path: the query carries our own return URL, whose blog id may contain any word.
  if (/captcha/i.test(new URL(page.url()).pathname) || (await isAnyVisible(page, LOGIN.captcha))) return 'captcha';
  if (await isAnyVisible(page, LOGIN.twoStep)) return 'two_step';
  if (await isAnyVisible(page, LOGIN.newDevice)) return 'new_device';
  return null;
}

/** Empties the login fields, so a screenshot of the login page shows no NAVER id. Never throws. */
export async function scrubLoginFields(page: Page): Promise<void> {
  for (const selector of [...LOGIN.id, ...LOGIN.password]) {
    const field = page.locator(selector).first();
    if ((await field.count().catch(() => 0)) > 0) await field.fill('', { timeout: 500 }).catch(() => {});
  }
}
