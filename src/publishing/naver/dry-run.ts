// The editor dry run behind the preview and the editor check: the account's session, the same fill steps as a
// publish (fill-steps.ts), then a full-page screenshot instead of the final 발행, and out without saving.
//
// Nothing is saved on NAVER, by construction rather than by clean-up: before the write page opens, the
// browser context aborts every request to NAVER's save endpoints (SAVE_ENDPOINTS: RabbitWrite, the
// autosave RabbitAutoSaveWrite, the 저장 button's RabbitTempPostWrite, and any other *AutoSave*/*TempPost*
// endpoint), so no autosave, temporary post or post can reach NAVER whatever the editor does; the dry run
// never presses 저장 or the final 발행; and the page is closed with its context (no unload handlers run). The
// number of save requests stopped is logged and returned.
import type { BrowserContext, Page } from 'playwright';
import { AppError, NeedsLoginError, RetryableError, errorClassOf } from '../../errors.ts';
import type { DryRunRequest, DryRunResult, DryRunStep, OpenRelay } from '../../ports.ts';
import type { Logger } from '../../logging.ts';
import type { BrowserPool, ContextSlot } from './browser-pool.ts';
import type { EditorTiming } from './editor.ts';
import { FILL_STEPS, fillEditor, type FillStepName, type StepReport } from './fill-steps.ts';
import { isLoginPage, needsLogin, scrubLoginFields, type SessionContext } from './login.ts';
import { samplePhoto } from './photos.ts';
import { screenshotPath, takeScreenshot } from './screenshots.ts';
import { SAVE_ENDPOINTS, traceSelectors, type SelectorMatch } from './selectors.ts';

export interface EditorEnv {
  pool: BrowserPool;
  timing: EditorTiming;
  blogUrl: string;
  loginUrl: string;
  screenshotDir: string;
  logger: Logger;
  loadSession(accountId: string): Promise<unknown>;
  saveSession(context: BrowserContext, accountId: string): Promise<void>;
  /** NAVER's questions during the login go to a person through `openRelay`, when there is one. */
  sessionContext(req: { accountId: string; blogId: string }, openRelay?: OpenRelay, slot?: ContextSlot): SessionContext;
  /** The context options for a stored session (undefined: none). */
  storageState(value: unknown): Parameters<BrowserPool['withContext']>[1]['storageState'];
  abortError(signal: AbortSignal, started: number, what: string): Error;
  /** Fallback selectors a job had to use, once per list per job (metrics and the daily log). */
  onFallbacks(matches: SelectorMatch[]): void;
}

export async function dryRun(env: EditorEnv, req: DryRunRequest, signal: AbortSignal, openRelay?: OpenRelay): Promise<DryRunResult> {
  const started = Date.now();
  const progress: { step: FillStepName } = { step: 'login' };
  const what = req.purpose === 'preview' ? 'Previewing on NAVER' : 'Checking the NAVER editor';
  const onAbort = () => Object.assign(env.abortError(signal, started, what), { fillStep: progress.step });
  const storageState = env.storageState(await env.loadSession(req.accountId));
  const log = { accountId: req.accountId, blogId: req.blogId, purpose: req.purpose, label: req.label };
  if (!storageState && !(await env.sessionContext(req).loadCredentials())) {
    // No session and no credentials: NAVER could only show its login form.
    const e = needsLogin('no_credentials', req.blogId);
    const steps: DryRunStep[] = FILL_STEPS.map((step) => ({ step, outcome: step === 'login' ? 'failed' : 'not_tried' }));
    Object.assign(steps[0]!, { errorClass: e.errorClass, message: e.message });
    return { ok: false, steps, failedStep: 'login', errorClass: e.errorClass, message: e.message, savesBlocked: 0, loginNeeded: { reason: e.reason, announced: false } };
  }

  return env.pool.withContext(signal, { storageState }, onAbort, async (context, slot) => {
    context.setDefaultTimeout(env.timing.stepTimeoutMs);
    context.setDefaultNavigationTimeout(env.timing.stepTimeoutMs);
    let savesBlocked = 0;
    await context.route(SAVE_ENDPOINTS, async (route) => {
      savesBlocked++;
      await route.abort('blockedbyclient').catch(() => {});
    });
    // The check exercises the photo upload with a sample picture; a preview uploads the draft's own.
    const content = req.purpose === 'check' && !req.images?.length ? await samplePhoto(req.article) : { article: req.article, images: req.images };
    const page = await context.newPage();
    const trace = traceSelectors(page);
    const { reports } = await fillEditor(
      {
        page,
        timing: env.timing,
        writeUrl: `${env.blogUrl}/${encodeURIComponent(req.blogId)}/postwrite`,
        session: env.sessionContext(req, openRelay, slot),
        onLoggedIn: () => env.saveSession(context, req.accountId),
        trace,
      },
      { ...content, category: req.category, visibility: req.visibility, probe: req.purpose === 'check' },
      { onFailure: req.purpose === 'check' ? 'continue' : 'stop', onStep: (step) => (progress.step = step) },
    );
    env.onFallbacks(trace.filter((m) => m.index > 0));
    const failed = reports.find((r) => r.outcome === 'failed');
    if (isLoginPage(page.url(), env.loginUrl)) await scrubLoginFields(page);
    const shot = await takeScreenshot(page, screenshotPath(env.screenshotDir, req.accountId, req.label, req.purpose), env.logger, { fullPage: true });
    const steps = reports.map(toStep);
    const result: DryRunResult = { ok: !failed, steps, savesBlocked, ...(shot ? { screenshotPath: shot } : {}) };
    if (failed) Object.assign(result, { failedStep: failed.step, errorClass: toError(failed.error, failed.step).errorClass, message: toError(failed.error, failed.step).message });
    if (failed?.error instanceof NeedsLoginError) result.loginNeeded = { reason: failed.error.reason, announced: failed.error.announced };
    env.logger.info({ ...log, ok: result.ok, failedStep: result.failedStep, savesBlocked, screenshot: shot }, 'naver editor dry run finished; nothing was saved');
    await closeWithoutSaving(page);
    return result;
  });
}

/** Leaves the editor: the page goes without running its unload handlers (the context closes after us). */
async function closeWithoutSaving(page: Page): Promise<void> {
  await page.close({ runBeforeUnload: false }).catch(() => {});
}

function toStep(r: StepReport): DryRunStep {
  const step: DryRunStep = { step: r.step, outcome: r.outcome };
  if (r.selector) Object.assign(step, { selector: r.selector, fallback: Boolean(r.fallback) });
  if (r.detail) step.detail = r.detail;
  if (r.outcome === 'failed') {
    const e = toError(r.error, r.step);
    Object.assign(step, { errorClass: e.errorClass, message: e.message });
  }
  return step;
}

function toError(err: unknown, step: string): { errorClass: string; message: string } {
  if (err instanceof AppError) return { errorClass: err.errorClass, message: err.message };
  const msg = (err instanceof Error ? err.message : String(err)).split('\n')[0]!.slice(0, 300);
  if (/has been closed|Target closed|browser has disconnected/i.test(msg)) return { errorClass: 'browser_crashed', message: `The browser went away (step: ${step}).` };
  const e = new RetryableError(`The editor stopped at step "${step}": ${msg}`, 'naver_editor');
  return { errorClass: errorClassOf(e), message: e.message };
}
