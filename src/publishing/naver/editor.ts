// Driving SmartEditor ONE: clear its overlays, type the title, paste the body as HTML (the editor turns it into
// its own components), fill the publish layer, and press the final 발행. Content only ever enters through the
// editor's input path (keystrokes, a paste event): writing the DOM directly changes what is shown but not the
// editor's model, and the text silently vanishes on publish (research §3).
import type { Locator, Page, Request } from 'playwright';
import { blockTexts, bodyToText, type Block } from '../../article.ts';
import { PermanentError, PublishUnconfirmedError, RetryableError } from '../../errors.ts';
import type { Visibility } from '../../ports.ts';
import { captureResponseBody } from './response-capture.ts';
import { EDITOR, PUBLISH, RABBIT_WRITE, VISIBILITY, anyOf, isAnyVisible, noteMatch, resolveVisible } from './selectors.ts';

export interface EditorTiming {
  stepTimeoutMs: number;
  /** How long to wait for the draft-restore popup, which appears only after the editor has loaded. */
  draftPopupWaitMs: number;
  /** How long NAVER may take to answer RabbitWrite.naver after the final click. */
  confirmTimeoutMs: number;
}

export async function prepareEditor(page: Page, timing: EditorTiming): Promise<void> {
  await resolveVisible(page, EDITOR.title, timing.stepTimeoutMs);
  // The restore popup comes, if at all, once the editor has heard back about saved drafts: wait for it until the
  // page's network has gone quiet (at most draftPopupWaitMs), not the whole wait every time. One that shows up
  // later is still cleared before each step (clearOverlays), and the title and body are checked after input.
  const popup = anyOf(page, EDITOR.draftPopupCancel).first().waitFor({ state: 'visible', timeout: timing.draftPopupWaitMs });
  const quiet = page.waitForLoadState('networkidle', { timeout: timing.draftPopupWaitMs });
  await Promise.race([popup, quiet]).catch(() => undefined); // no saved draft this time
  popup.catch(() => undefined);
  quiet.catch(() => undefined);
  await clearOverlays(page, timing);
}

/** Cancels the draft popup and closes the help panel if they are showing; both swallow clicks meant for us. */
export async function clearOverlays(page: Page, timing: EditorTiming): Promise<void> {
  // Nearly always neither is there: one look for both before each step, not one per selector.
  if (!(await isAnyVisible(page, [...EDITOR.draftPopupCancel, ...EDITOR.helpPanelClose]))) return;
  if (await isAnyVisible(page, EDITOR.draftPopupCancel)) {
    await (await resolveVisible(page, EDITOR.draftPopupCancel, timing.stepTimeoutMs)).click();
    await anyOf(page, EDITOR.popupDim).first().waitFor({ state: 'hidden', timeout: timing.stepTimeoutMs });
  }
  if (await isAnyVisible(page, EDITOR.helpPanelClose)) {
    await (await resolveVisible(page, EDITOR.helpPanelClose, timing.stepTimeoutMs)).click();
    await anyOf(page, EDITOR.helpPanel).first().waitFor({ state: 'hidden', timeout: timing.stepTimeoutMs });
  }
}

export async function writeTitle(page: Page, title: string, timing: EditorTiming): Promise<void> {
  await clearOverlays(page, timing);
  const field = await resolveVisible(page, EDITOR.title, timing.stepTimeoutMs);
  await field.click();
  // One input event for the whole title, as an input method commits text (the editor's own input path), not a
  // round trip to the browser per key.
  await page.keyboard.insertText(title);
  const shown = normalize(await field.innerText());
  if (shown !== normalize(title)) throw new RetryableError('The title did not reach the NAVER editor as typed.', 'naver_editor');
}

export async function writeBody(page: Page, blocks: readonly Block[], timing: EditorTiming): Promise<void> {
  await clearOverlays(page, timing);
  await (await resolveVisible(page, EDITOR.body, timing.stepTimeoutMs)).click();
  await pasteBlocks(page, blocks);
  await verifyBody(page, blocks);
}

/** Pastes the blocks where the caret is, as one paste event (SmartEditor makes its components of the HTML). */
export async function pasteBlocks(page: Page, blocks: readonly Block[]): Promise<void> {
  await page.evaluate(
    ({ html, text }) => {
      // SmartEditor may route input through a hidden same-origin iframe; the paste goes where focus really is.
      let target: Element | null = document.activeElement;
      while (target instanceof HTMLIFrameElement && target.contentDocument?.activeElement) {
        target = target.contentDocument.activeElement;
      }
      const data = new DataTransfer();
      data.setData('text/html', html);
      data.setData('text/plain', text);
      (target ?? document.body).dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    },
    { html: blocksToHtml(blocks), text: bodyToText(blocks) },
  );
}

/** Each block's text must show up in the editor; a paste the editor ignored would otherwise publish empty. */
export async function verifyBody(page: Page, blocks: readonly Block[]): Promise<void> {
  const shown = normalize((await page.locator(EDITOR.bodyComponents.join(', ')).allInnerTexts()).join(' '));
  const missing = blocks.filter((b) => b.type !== 'image').flatMap(blockTexts).find((t) => !shown.includes(normalize(t)));
  if (missing !== undefined) throw new RetryableError('Part of the body did not reach the NAVER editor.', 'naver_editor');
}

export interface PublishSettings {
  tags: readonly string[];
  category: string | null;
  visibility: Visibility;
}

/** Presses the top 발행, which only opens the settings layer (category, tags, visibility, the final 발행). */
export async function openPublishLayer(page: Page, timing: EditorTiming): Promise<Locator> {
  await clearOverlays(page, timing);
  await (await resolveVisible(page, PUBLISH.open, timing.stepTimeoutMs)).click();
  return resolveVisible(page, PUBLISH.layer, timing.stepTimeoutMs);
}

export async function enterTags(layer: Locator, tags: readonly string[], timing: EditorTiming): Promise<void> {
  const input = await resolveVisible(layer, PUBLISH.tagInput, timing.stepTimeoutMs);
  await input.click();
  for (const tag of tags) {
    // Focused again for each tag (the editor may move focus after an Enter); one input event, then Enter.
    await input.focus();
    await layer.page().keyboard.insertText(tag);
    await layer.page().keyboard.press('Enter');
  }
}

export async function chooseCategory(page: Page, layer: Locator, name: string, timing: EditorTiming): Promise<void> {
  const button = await resolveVisible(layer, PUBLISH.categoryButton, timing.stepTimeoutMs);
  if (normalize(await button.innerText()) === normalize(name)) return;
  await button.click();
  const list = await resolveVisible(page, PUBLISH.categoryList, timing.stepTimeoutMs);
  const exact = new RegExp(`^\\s*${escapeRegExp(name)}\\s*$`);
  for (const selector of PUBLISH.categoryItems) {
    const item = list.locator(selector).filter({ hasText: exact }).first();
    if ((await item.count()) > 0) {
      await item.click();
      return;
    }
  }
  throw new PermanentError(`The category "${name}" does not exist on the blog; fix it in /account settings.`, 'category_not_found');
}

export async function chooseVisibility(layer: Locator, visibility: Visibility, timing: EditorTiming): Promise<void> {
  const { radio, label } = VISIBILITY[visibility];
  for (const [index, selector] of radio.entries()) {
    const input = layer.locator(selector).first();
    if ((await input.count()) === 0) continue;
    noteMatch(layer, radio, index);
    // NAVER styles its radios as labels over a hidden input, so the label is the thing a person clicks.
    await input.check({ timeout: Math.min(2_000, timing.stepTimeoutMs) }).catch(async () => {
      await layer.getByText(label, { exact: true }).first().click();
    });
    if (await input.isChecked()) return;
  }
  await layer.getByText(label, { exact: true }).first().click();
}

export interface Posted {
  logNo: string;
  redirectUrl: string | null;
}

/**
 * Awaits `beforeSubmit`, presses the final 발행 and takes the outcome only from NAVER's RabbitWrite.naver
 * answer (page.waitForResponse, with the body held by response-capture.ts). After the click every failure is an unknown outcome (PublishUnconfirmedError), except an explicit
 * refusal from NAVER, which proves no post was made.
 */
export async function submit(
  page: Page,
  layer: Locator,
  beforeSubmit: () => Promise<void>,
  onSubmitted: () => void,
  timing: EditorTiming,
  signal: AbortSignal,
): Promise<Posted> {
  await clearOverlays(page, timing);
  const confirm = await resolveVisible(layer, PUBLISH.confirm, timing.stepTimeoutMs);
  const isRabbitWrite = (url: string, method: string) => RABBIT_WRITE.test(url) && method === 'POST';
  const capture = await captureResponseBody(page, '*RabbitWrite.naver*', isRabbitWrite);
  let dropped: (reason: Error) => void = () => {};
  const failed = new Promise<never>((_, reject) => (dropped = reject));
  failed.catch(() => {});
  const onFailed = (request: Request) => {
    if (isRabbitWrite(request.url(), request.method())) {
      dropped(new Error(`the publish request failed (${request.failure()?.errorText ?? 'no answer'})`));
    }
  };
  page.on('requestfailed', onFailed);
  try {
    // After an abort the caller has already been told "timed out": it must not also hear "about to submit".
    signal.throwIfAborted();
    await beforeSubmit();
    signal.throwIfAborted();
    onSubmitted();
    const answered = page.waitForResponse((r) => isRabbitWrite(r.url(), r.request().method()), { timeout: timing.confirmTimeoutMs });
    answered.catch(() => {});
    await confirm.click();
    const response = await Promise.race([answered, failed]);
    // The captured body is normally there already; response.text() is the fallback if capturing failed.
    const text = await capture.body.catch(() => response.text());
    return parseRabbitWrite(response.status(), text);
  } finally {
    page.off('requestfailed', onFailed);
    await capture.dispose();
  }
}

export function parseRabbitWrite(status: number, text: string): Posted {
  let payload: { isSuccess?: unknown; result?: { logNo?: unknown; redirectUrl?: unknown; message?: unknown }; message?: unknown };
  try {
    payload = JSON.parse(text) as typeof payload;
  } catch {
    throw new PublishUnconfirmedError(`NAVER answered the publish with HTTP ${status} and a body that is not JSON; the post may exist.`);
  }
  if (payload.isSuccess !== true) {
    const said = [payload.result?.message, payload.message].find((m) => typeof m === 'string');
    throw new RetryableError(`NAVER refused the post${said ? `: ${String(said).slice(0, 200)}` : ''}.`, 'publish_rejected');
  }
  const redirectUrl = typeof payload.result?.redirectUrl === 'string' ? payload.result.redirectUrl : null;
  const logNo =
    (typeof payload.result?.logNo === 'string' || typeof payload.result?.logNo === 'number' ? String(payload.result.logNo) : null) ??
    redirectUrl?.match(/[?&]logNo=(\d+)/)?.[1] ??
    redirectUrl?.match(/\/(\d{6,})(?:[/?#]|$)/)?.[1] ??
    null;
  if (!logNo) throw new PublishUnconfirmedError('NAVER reported success but its answer carried no post number; the post may exist.');
  return { logNo, redirectUrl };
}

export function blocksToHtml(blocks: readonly Block[]): string {
  const lines = (text: string) => text.split('\n').map(escapeHtml).join('<br>');
  return blocks
    .map((b) => {
      switch (b.type) {
        case 'heading':
          return `<h2>${escapeHtml(b.text)}</h2>`;
        case 'paragraph':
          return `<p>${lines(b.text)}</p>`;
        case 'quote':
          return `<blockquote><p>${lines(b.text)}</p></blockquote>`;
        case 'list': {
          const tag = b.ordered ? 'ol' : 'ul';
          return `<${tag}>${b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</${tag}>`;
        }
        case 'image':
          return ''; // pictures go in through the editor's own upload, never as markup

      }
    })
    .join('');
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Editors turn spaces into NBSPs and wrap lines; compare text with all whitespace collapsed. */
export function normalize(s: string): string {
  return s.replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();
}
