// The live check's browser side: the post opened as a visitor, in a fresh context with no session (no NAVER
// cookies), and the title looked for in the page and its frames (blog.naver.com/{id}/{logNo} shows the post
// inside iframe#mainFrame). Not live: the visible text and a screenshot say what a visitor got instead.
import type { Page } from 'playwright';
import { AppError, RetryableError, TimeoutError } from '../../errors.ts';
import type { Logger } from '../../logging.ts';
import type { VisitorView, VisitorViewRequest } from '../../ports.ts';
import type { BrowserPool } from './browser-pool.ts';
import { normalize } from './editor.ts';
import { isLoginPage } from './login.ts';
import { screenshotPath, takeScreenshot } from './screenshots.ts';

export interface VisitorViewOptions {
  pool: BrowserPool;
  loginUrl: string;
  screenshotDir: string;
  stepTimeoutMs: number;
  logger: Logger;
  /** How long the title may take to appear after the page has loaded. */
  titleWaitMs?: number;
}

const PAGE_TEXT_MAX = 300;

export async function viewAsVisitor(o: VisitorViewOptions, req: VisitorViewRequest, signal: AbortSignal): Promise<VisitorView> {
  const started = Date.now();
  const onAbort = () => {
    const reason: unknown = signal.reason;
    if (reason instanceof AppError) return reason;
    return new TimeoutError('Opening the post as a visitor', Date.now() - started);
  };
  // No storageState: nothing of the account's session reaches this context.
  return o.pool.withContext(signal, {}, onAbort, async (context) => {
    context.setDefaultTimeout(o.stepTimeoutMs);
    context.setDefaultNavigationTimeout(o.stepTimeoutMs);
    const page = await context.newPage();
    let status: number | undefined;
    try {
      status = (await page.goto(req.url, { waitUntil: 'load' }))?.status();
    } catch (err) {
      if (signal.aborted) throw onAbort();
      throw new RetryableError(`The post could not be opened as a visitor: ${firstLine(err)}`, 'post_unreachable');
    }
    const notLive = async (reason: string): Promise<VisitorView> => {
      const pageText = normalize(await visibleText(page)).slice(0, PAGE_TEXT_MAX);
      const shot = await takeScreenshot(page, screenshotPath(o.screenshotDir, req.accountId, req.draftId, 'not-live'), o.logger);
      o.logger.warn({ accountId: req.accountId, draftId: req.draftId, reason, url: req.url }, 'the post is not open to visitors');
      return { live: false, reason, pageText, ...(shot ? { screenshotPath: shot } : {}) };
    };
    if (isLoginPage(page.url(), o.loginUrl)) return notLive('login_required');
    if (status !== undefined && status >= 400) return notLive(`http_${status}`);
    if (await titleShows(page, normalize(req.title), o.titleWaitMs ?? 3_000)) return { live: true };
    return notLive('title_missing');
  });
}

async function titleShows(page: Page, title: string, waitMs: number): Promise<boolean> {
  const until = Date.now() + waitMs;
  for (;;) {
    if (normalize(await visibleText(page)).includes(title)) return true;
    if (Date.now() >= until) return false;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The text a visitor sees, over the page and every frame in it. */
async function visibleText(page: Page): Promise<string> {
  const texts = await Promise.all(page.frames().map((f) => f.evaluate(() => document.body?.innerText ?? '').catch(() => '')));
  return texts.join('\n');
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return (text.split('\n')[0] ?? '').slice(0, 300);
}
