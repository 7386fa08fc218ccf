// The NAVER adapter behind ArticlePublisher: Playwright driving Chromium through SmartEditor ONE.
// The queue pipeline owns statuses, alerts and the overall timeout; this module owns everything in the browser.
import type { BrowserContext, Page } from 'playwright';
import { AppError, RetryableError } from '../../errors.ts';
import { abortError, firstLine, toPublishError } from './failures.ts';
import type { ArticlePublisher, OpenRelay, PublishOptions, PublishRequest, PublishResult, SessionStore } from '../../ports.ts';
import { freshLogin } from './fresh-login.ts';
import { BrowserPool, type ContextSlot } from './browser-pool.ts';
import { normalize, submit, type EditorTiming, type Posted } from './editor.ts';
import { fillEditor } from './fill-steps.ts';
import { bodyRuns, checkContent } from './photos.ts';
import { dryRun, type EditorEnv } from './dry-run.ts';
import { isLoginPage, needsLogin, scrubLoginFields, type SessionContext } from './login.ts';
import { createLogger, type Logger } from '../../logging.ts';
import { screenshotPath, takeScreenshot } from './screenshots.ts';
import { POST_LIST, anyOf, traceSelectors, type SelectorMatch } from './selectors.ts';
import { viewAsVisitor } from './visitor-view.ts';

export interface NaverPublisherOptions {
  sessions: SessionStore;
  chromiumPath?: string;
  blogUrl?: string;
  loginUrl?: string;
  maxContexts?: number;
  screenshotDir?: string;
  logger?: Logger;
  headless?: boolean;
  /** Longest wait for any one element or navigation. */
  stepTimeoutMs?: number;
  draftPopupWaitMs?: number;
  confirmTimeoutMs?: number;
  /** A selector list had to use a fallback (its first choice matched nothing): once per list per job. */
  onSelectorFallback?: (list: string, selector: string) => void;
}

export interface NaverPublisher extends ArticlePublisher {
  /** Browser contexts open right now, for metrics. */
  contextsInUse(): number;
}

/** How long the editor may take to open the new post by itself before the publisher opens it. */
const REDIRECT_WAIT_MS = 3_000;

type StorageState = { cookies: unknown[]; origins: unknown[] };
type ContextStorageState = Exclude<Parameters<import('playwright').Browser['newContext']>[0], undefined>['storageState'];

export function createNaverPublisher(options: NaverPublisherOptions): NaverPublisher {
  const blogUrl = trimSlash(options.blogUrl ?? 'https://blog.naver.com');
  const loginUrl = trimSlash(options.loginUrl ?? 'https://nid.naver.com');
  const screenshotDir = options.screenshotDir ?? 'data/screenshots';
  const logger = options.logger ?? createLogger({ level: 'silent' });
  const sessions = options.sessions;
  const timing: EditorTiming = {
    stepTimeoutMs: options.stepTimeoutMs ?? 20_000,
    draftPopupWaitMs: options.draftPopupWaitMs ?? 3_000,
    confirmTimeoutMs: options.confirmTimeoutMs ?? 60_000,
  };
  const pool = new BrowserPool({
    chromiumPath: options.chromiumPath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    maxContexts: options.maxContexts ?? 2,
    headless: options.headless,
    logger,
  });

  const reportFallbacks = (trace: SelectorMatch[]) => {
    const seen = new Set<string>();
    for (const m of trace) {
      if (m.index === 0 || seen.has(m.list)) continue;
      seen.add(m.list);
      logger.info({ list: m.list, selector: m.selector }, 'a NAVER selector fallback was used');
      options.onSelectorFallback?.(m.list, m.selector);
    }
  };

  const sessionContext = (req: Pick<PublishRequest, 'accountId' | 'blogId'>, openRelay?: OpenRelay, slot?: ContextSlot): SessionContext => ({
    accountId: req.accountId,
    blogId: req.blogId,
    loginUrl,
    stepTimeoutMs: timing.stepTimeoutMs,
    logger,
    loadCredentials: () => sessions.loadCredentials(req.accountId),
    openRelay,
    onLoggedIn: (page) => saveSession(page.context(), req.accountId),
    whileWaiting: slot ? (wait) => slot.lend(wait) : undefined,
  });

  async function saveSession(context: BrowserContext, accountId: string): Promise<void> {
    try {
      await sessions.saveSession(accountId, await context.storageState());
    } catch (err) {
      logger.warn({ accountId, err: firstLine(err) }, 'saving the naver session failed');
    }
  }

  async function publish(req: PublishRequest, opts: PublishOptions): Promise<PublishResult> {
    const started = Date.now();
    const onAbort = () => abortError(opts.signal, started, 'Publishing to NAVER');
    const storageState = asStorageState(await sessions.loadSession(req.accountId));
    // Without a session NAVER can only send us to its login, and without credentials that is a dead end.
    if (!storageState && !(await sessions.loadCredentials(req.accountId))) throw needsLogin('no_credentials', req.blogId);
    const log = { accountId: req.accountId, blogId: req.blogId, draftId: req.draftId };
    // A picture the request lacks is refused before any browser work (PermanentError image_missing).
    const { photos } = bodyRuns(req.article, req.images);

    return pool.withContext(opts.signal, { storageState }, onAbort, async (context, slot) => {
      context.setDefaultTimeout(timing.stepTimeoutMs);
      context.setDefaultNavigationTimeout(timing.stepTimeoutMs);
      const page = await context.newPage();
      const trace = traceSelectors(page);
      const progress = { step: 'login' as string, submitted: false };
      try {
        // The very steps the preview and the editor check run (fill-steps.ts); only the final click is publishing's own.
        const { layer, reports } = await fillEditor(
          {
            page,
            timing,
            writeUrl: `${blogUrl}/${encodeURIComponent(req.blogId)}/postwrite`,
            session: sessionContext(req, opts.relay, slot),
            onLoggedIn: () => saveSession(context, req.accountId),
            trace,
          },
          { article: req.article, category: req.category, visibility: req.visibility, images: req.images },
          { onFailure: 'throw', onStep: (step) => (progress.step = step) },
        );
        await checkContent(page, req.article, photos, timing); // every picture and all the text, right before 발행
        progress.step = 'publish';
        const posted = await submit(page, layer!, opts.beforeSubmit, () => (progress.submitted = true), timing, opts.signal);
        // The post exists from here on: nothing below may turn this into a failure.
        const url = `${blogUrl}/${encodeURIComponent(req.blogId)}/${posted.logNo}`;
        logger.info({ ...log, logNo: posted.logNo, photos: reports.find((r) => r.step === 'images')?.detail }, 'published to naver');
        await saveSession(context, req.accountId);
        const shot = await screenshotPost(page, posted, url, req);
        return { logNo: posted.logNo, url, ...(shot ? { screenshotPath: shot } : {}) };
      } catch (err) {
        if (opts.signal.aborted) throw onAbort();
        // The login form may still show the NAVER id, and failure screenshots travel to Discord.
        if (isLoginPage(page.url(), loginUrl)) await scrubLoginFields(page);
        const shot = await takeScreenshot(page, screenshotPath(screenshotDir, req.accountId, req.draftId, 'failed'), logger);
        const failure = toPublishError(err, progress);
        if (shot) (failure as { screenshotPath?: string }).screenshotPath = shot;
        logger.warn({ ...log, step: progress.step, submitted: progress.submitted, errorClass: failure.errorClass, screenshot: shot }, 'naver publish failed');
        throw failure;
      } finally {
        reportFallbacks(trace);
      }
    });
  }

  async function screenshotPost(page: Page, posted: Posted, url: string, req: PublishRequest): Promise<string | undefined> {
    try {
      // The editor goes to the new post by itself (RabbitWrite's redirectUrl); letting it arrive spares loading
      // the post a second time. Should it go elsewhere or nowhere, the post is opened by its address.
      const atPost = new RegExp(`(?:[?&]logNo=|/)${posted.logNo}(?:[&/?#]|$)`);
      const arrived = await page
        .waitForURL((u) => atPost.test(u.href), { waitUntil: 'load', timeout: REDIRECT_WAIT_MS })
        .then(() => true, () => false);
      if (!arrived) await page.goto(url, { waitUntil: 'load' });
    } catch {
      // The editor page is still worth a picture.
    }
    return takeScreenshot(page, screenshotPath(screenshotDir, req.accountId, req.draftId, 'published'), logger);
  }

  async function findPublished(req: PublishRequest, signal: AbortSignal): Promise<PublishResult | null> {
    const started = Date.now();
    const onAbort = () => abortError(signal, started, 'Reading the NAVER post list');
    const storageState = asStorageState(await sessions.loadSession(req.accountId));
    return pool.withContext(signal, { storageState }, onAbort, async (context) => {
      context.setDefaultTimeout(timing.stepTimeoutMs);
      context.setDefaultNavigationTimeout(timing.stepTimeoutMs);
      const page = await context.newPage();
      try {
        const posts = await readPostList(page, req);
        const known = new Set(req.knownLogNos ?? []);
        const mine = posts.filter((p) => normalize(p.title) === normalize(req.article.title) && !known.has(p.logNo));
        // Same title twice: the newest is the one this unknown outcome may have produced.
        const newest = mine.sort((a, b) => compareLogNo(b.logNo, a.logNo))[0];
        logger.info({ accountId: req.accountId, draftId: req.draftId, found: newest?.logNo ?? null }, 'looked for the post on naver');
        return newest ? { logNo: newest.logNo, url: `${blogUrl}/${encodeURIComponent(req.blogId)}/${newest.logNo}` } : null;
      } catch (err) {
        if (signal.aborted) throw onAbort();
        if (err instanceof AppError) throw err;
        throw new RetryableError(`The NAVER post list could not be read: ${firstLine(err)}`, 'post_list_unreadable');
      }
    });
  }

  async function readPostList(page: Page, req: PublishRequest): Promise<Array<{ logNo: string; title: string }>> {
    const unreadable = (why: string) => new RetryableError(`The NAVER post list could not be read: ${why}.`, 'post_list_unreadable');
    const listUrl = `${blogUrl}/PostList.naver?blogId=${encodeURIComponent(req.blogId)}&from=postList&categoryNo=0`;
    const response = await page.goto(listUrl, { waitUntil: 'domcontentloaded' });
    if (isLoginPage(page.url(), loginUrl)) throw unreadable('the saved session has expired');
    if (!response || response.status() >= 400) throw unreadable(`HTTP ${response?.status() ?? 'no answer'}`);
    const container = page.locator(POST_LIST.container.join(', ')).first();
    await container.waitFor({ state: 'attached' }).catch(() => {
      throw unreadable('the page has no post list');
    });
    // Someone else's view of the blog hides non-public posts, so "not there" would mean nothing.
    if (req.visibility !== 'public' && (await anyOf(page, POST_LIST.ownerMarker).count()) === 0) {
      throw unreadable('we are not logged in as the blog owner, so non-public posts are hidden');
    }
    const links = await container
      .locator(POST_LIST.links.join(', '))
      .evaluateAll((as) => as.map((a) => ({ href: (a as HTMLAnchorElement).href, title: a.textContent ?? '' })));
    return links.flatMap(({ href, title }) => {
      const logNo = href.match(/[?&]logNo=(\d+)/)?.[1] ?? href.match(/\/(\d{6,})(?:[/?#]|$)/)?.[1];
      return logNo ? [{ logNo, title }] : [];
    });
  }

  const env: EditorEnv = {
    pool,
    timing,
    blogUrl,
    loginUrl,
    screenshotDir,
    logger,
    loadSession: (accountId) => sessions.loadSession(accountId),
    saveSession,
    sessionContext,
    storageState: asStorageState,
    abortError,
    onFallbacks: (matches) => reportFallbacks(matches),
  };

  return {
    publish,
    findPublished,
    viewAsVisitor: (req, signal) => viewAsVisitor({ pool, loginUrl, screenshotDir, stepTimeoutMs: timing.stepTimeoutMs, logger }, req, signal),
    dryRun: (req, signal, opts) => dryRun(env, req, signal, opts?.relay),
    login: (req, opts) => freshLogin({ pool, blogUrl, logger, timing, context: (slot) => sessionContext(req, opts.relay, slot), save: saveSession }, opts.signal),
    contextsInUse: () => pool.contextsInUse(),
    close: () => pool.close(),
  };
}

/** Accepts only something shaped like a Playwright storageState; anything else means "no session". */
function asStorageState(value: unknown): ContextStorageState | undefined {
  const v = value as Partial<StorageState> | null;
  if (!v || !Array.isArray(v.cookies)) return undefined;
  return { cookies: v.cookies, origins: Array.isArray(v.origins) ? v.origins : [] } as ContextStorageState;
}

function compareLogNo(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
