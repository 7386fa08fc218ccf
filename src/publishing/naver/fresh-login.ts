// `/account login` right away: a browser without the saved session logs in with the stored credentials
// (through the login relay when NAVER asks a person something) and the new session is saved. A fresh
// context, so the answer says whether the credentials work, not whether an old session still does.
import type { BrowserContext } from 'playwright';
import { AppError, RetryableError } from '../../errors.ts';
import type { Logger } from '../../logging.ts';
import type { BrowserPool, ContextSlot } from './browser-pool.ts';
import type { EditorTiming } from './editor.ts';
import { needsLogin, openWithSession, type SessionContext } from './login.ts';

export interface FreshLoginDeps {
  pool: BrowserPool;
  blogUrl: string;
  logger: Logger;
  timing: EditorTiming;
  context: (slot: ContextSlot) => SessionContext;
  save(context: BrowserContext, accountId: string): Promise<void>;
}

export async function freshLogin(d: FreshLoginDeps, signal: AbortSignal): Promise<void> {
  const { accountId, blogId, loadCredentials } = d.context({ lend: (wait) => wait() });
  const onAbort = () => (signal.reason instanceof AppError ? signal.reason : new RetryableError('Logging in to NAVER was aborted.', 'aborted'));
  if (!(await loadCredentials())) throw needsLogin('no_credentials', blogId);
  await d.pool.withContext(signal, {}, onAbort, async (context, slot) => {
    context.setDefaultTimeout(d.timing.stepTimeoutMs);
    context.setDefaultNavigationTimeout(d.timing.stepTimeoutMs);
    const page = await context.newPage();
    const writeUrl = `${d.blogUrl}/${encodeURIComponent(blogId)}/postwrite`;
    const { loggedIn } = await openWithSession(page, writeUrl, d.context(slot));
    if (!loggedIn) d.logger.warn({ accountId, blogId }, 'naver let a browser without a session in; saving its session anyway');
    await d.save(context, accountId);
    d.logger.info({ accountId, blogId }, 'naver login checked and session saved');
  });
}
