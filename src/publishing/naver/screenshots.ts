// Screenshots of failed and published pages, named after the account, the draft and the moment.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright';
import type { Logger } from '../../logging.ts';

const SHOT_TIMEOUT_MS = 5_000;

export function screenshotPath(dir: string, accountId: string, draftId: string, kind: 'failed' | 'published' | 'not-live' | 'preview' | 'check'): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64) || 'none';
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return path.join(dir, `${safe(accountId)}_${safe(draftId)}_${stamp}_${kind}.png`);
}

/** Never throws: a missing screenshot must not change the outcome of a publish. */
export async function takeScreenshot(page: Page, file: string, logger: Logger, opts: { fullPage?: boolean } = {}): Promise<string | undefined> {
  try {
    if (page.isClosed()) return undefined;
    await mkdir(path.dirname(file), { recursive: true });
    await page.screenshot({ path: file, timeout: SHOT_TIMEOUT_MS, fullPage: opts.fullPage ?? false });
    return file;
  } catch (err) {
    logger.warn({ file, err: err instanceof Error ? err.message.split('\n')[0] : String(err) }, 'screenshot failed');
    return undefined;
  }
}
