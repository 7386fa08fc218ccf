// Pictures into SmartEditor ONE through its own upload: the 사진 button, the file chooser it opens, the photo
// server's answer, then the caption and NAVER's AI label on the new image component. Never by writing <img>
// into the page: the editor's model would not hold it (research §3).
//
// The body goes in run by run, in the article's order: the text before the first picture is the body step
// (fill-steps.ts); then for each picture: the caret to the end of the document, the upload, the caption, the
// label, and the caret to the end again before the text that follows it is pasted. The 사진 button takes the
// focus away and SmartEditor does not give it back where it was (research §3), so the caret is always put
// back explicitly (a click on the last paragraph and Control+End) before anything goes in.
import type { Locator, Page, Request, Response } from 'playwright';
import { blockTexts, type Article, type Block } from '../../article.ts';
import { PermanentError, RetryableError } from '../../errors.ts';
import type { PostImage } from '../../ports.ts';
import { clearOverlays, normalize, pasteBlocks, verifyBody, type EditorTiming } from './editor.ts';
import { EDITOR, PHOTO, PHOTO_UPLOAD, resolveVisible } from './selectors.ts';
import { loadSharp } from '../../images/process.ts';

type ImageBlock = Extract<Block, { type: 'image' }>;

/** A picture to place: its block (slot, caption) and its bytes, then the text that follows it. */
export interface PhotoRun {
  block: ImageBlock;
  image: PostImage;
  after: Block[];
}

/** The body cut at its pictures: the text before the first one, then each picture with the text after it. */
export function bodyRuns(article: Article, images: readonly PostImage[] | undefined): { lead: Block[]; photos: PhotoRun[] } {
  const bySlot = new Map((images ?? []).map((i) => [i.slot, i]));
  const lead: Block[] = [];
  const photos: PhotoRun[] = [];
  for (const block of article.blocks) {
    if (block.type !== 'image') {
      (photos.at(-1)?.after ?? lead).push(block);
      continue;
    }
    const image = bySlot.get(block.slot);
    if (!image) {
      throw new PermanentError(
        `The article places picture ${block.slot} but the publish request carries no image for that slot; nothing was published.`,
        'image_missing',
      );
    }
    photos.push({ block, image, after: [] });
  }
  return { lead, photos };
}

/** The text before the first picture (all of it without pictures): what the body step pastes. */
export function leadBlocks(article: Article): Block[] {
  const first = article.blocks.findIndex((b) => b.type === 'image');
  return first < 0 ? [...article.blocks] : article.blocks.slice(0, first);
}

/** Places every picture and the text after it, then checks the editor holds all of it. Returns the step's detail. */
export async function placePhotos(page: Page, runs: readonly PhotoRun[], article: Article, timing: EditorTiming, opts: { needAiLabel?: boolean } = {}): Promise<string> {
  let labelled = 0;
  let unlabelled = 0;
  await clearOverlays(page, timing);
  for (const [index, run] of runs.entries()) {
    await caretToEnd(page, timing);
    const component = await uploadPhoto(page, run, index, timing);
    if (run.block.caption) await writeCaption(page, component, run.block, timing);
    if (run.image.generated) {
      if (await labelAsAi(component)) labelled++;
      // A publish goes on without it (SmartEditor may not offer the label); the editor check says it is gone.
      else if (opts.needAiLabel) throw new RetryableError(`The NAVER editor offers no AI label on picture ${run.block.slot}.`, 'naver_editor');
      else unlabelled++;
    }
    if (run.after.length > 0) {
      await caretToEnd(page, timing);
      await pasteBlocks(page, run.after);
    }
  }
  await checkContent(page, article, runs, timing);
  // A code for the step report: how many pictures went in, how many got the AI label, and where none was offered.
  return [`photos=${runs.length}`, `ai_labelled=${labelled}`, ...(unlabelled > 0 ? [`ai_label_missing=${unlabelled}`] : [])].join(' ');
}

/**
 * The check before the final 발행: the text as today, and exactly the expected image components, finished,
 * in the article's order (told by their captions). A missing picture is the editor's failure, worth a retry,
 * never a post without it.
 */
export async function checkContent(page: Page, article: Article, runs: readonly PhotoRun[], timing: EditorTiming): Promise<void> {
  await verifyBody(page, article.blocks);
  const components = page.locator(PHOTO.component.join(', '));
  const held = await components.count();
  const loaded = await components.locator(PHOTO.loaded.join(', ')).count();
  if (held !== runs.length || loaded !== runs.length) {
    throw new RetryableError(`The NAVER editor holds ${Math.min(held, loaded)} finished photos of the ${runs.length} the post needs.`, 'naver_editor');
  }
  for (const [index, run] of runs.entries()) {
    if (!run.block.caption) continue;
    const field = await resolveVisible(components.nth(index), PHOTO.caption, timing.stepTimeoutMs);
    if (normalize(await field.innerText()) !== normalize(run.block.caption)) {
      throw new RetryableError(`Photo ${index + 1} in the NAVER editor is not picture ${run.block.slot} of the article (its caption differs).`, 'naver_editor');
    }
  }
  await checkPlaces(page, article);
}

/** Each picture sits where the article puts it: right after the text (or picture) the article has before it. */
async function checkPlaces(page: Page, article: Article): Promise<void> {
  const shown = await page
    .locator(EDITOR.bodyComponents.join(', '))
    .evaluateAll((els, sel) => els.map((el) => ({ photo: el.matches(sel), text: (el as HTMLElement).innerText })), PHOTO.component.join(', '));
  const sequence = shown.filter((c) => c.photo || normalize(c.text) !== '');
  const places = sequence.flatMap((c, i) => (c.photo ? [i] : []));
  const pictures = article.blocks.flatMap((b, i) => (b.type === 'image' ? [{ block: b, before: article.blocks[i - 1] }] : []));
  for (const [k, { block, before }] of pictures.entries()) {
    const previous = sequence[places[k]! - 1];
    const lastLine = before && before.type !== 'image' ? (blockTexts(before).at(-1) ?? '').split('\n').at(-1)! : '';
    const right = !before ? !previous : before.type === 'image' ? previous?.photo === true : !previous?.photo && normalize(previous?.text ?? '').includes(normalize(lastLine));
    if (!right) throw new RetryableError(`Picture ${block.slot} is not where the article places it in the NAVER editor.`, 'naver_editor');
  }
}

/**
 * Puts the caret at the end of the document: on the last paragraph of the last component (then Control+End),
 * or on the last component itself when it is a picture without a paragraph after it.
 */
export async function caretToEnd(page: Page, timing: EditorTiming): Promise<void> {
  const last = page.locator(EDITOR.bodyComponents.join(', ')).last();
  await last.waitFor({ state: 'visible', timeout: timing.stepTimeoutMs });
  const isPhoto = await last.evaluate((el, sel) => el.matches(sel), PHOTO.component.join(', '));
  const paragraph = last.locator(PHOTO.textParagraph.join(', ')).last();
  if (isPhoto || (await paragraph.count()) === 0) {
    await last.click();
    return;
  }
  await paragraph.click();
  await page.keyboard.press('Control+End');
}

/** One picture through the 사진 button; resolves with its component once the photo server answered and it shows. */
async function uploadPhoto(page: Page, run: PhotoRun, index: number, timing: EditorTiming): Promise<Locator> {
  const what = `picture ${run.block.slot}`;
  const isUpload = (r: Request) => PHOTO_UPLOAD.test(r.url()) && r.method() === 'POST';
  const answered = page.waitForResponse((r) => isUpload(r.request()), { timeout: timing.stepTimeoutMs });
  answered.catch(() => {});
  let dropped: (e: Error) => void = () => {};
  const failed = new Promise<never>((_, reject) => (dropped = reject));
  failed.catch(() => {});
  const onFailed = (r: Request) => {
    if (isUpload(r)) dropped(new RetryableError(`NAVER's photo upload of ${what} failed (${r.failure()?.errorText ?? 'no answer'}).`, 'naver_editor'));
  };
  page.on('requestfailed', onFailed);
  try {
    const button = await resolveVisible(page, EDITOR.photoButton, timing.stepTimeoutMs);
    await chooseFile(page, button, run.image, timing);
    let response: Response;
    try {
      response = await Promise.race([answered, failed]);
    } catch (err) {
      if (err instanceof RetryableError) throw err;
      throw new RetryableError(`NAVER's photo server did not answer the upload of ${what}.`, 'naver_editor');
    }
    if (!response.ok()) throw new RetryableError(`NAVER's photo server refused ${what} (HTTP ${response.status()}).`, 'naver_editor');
    const component = page.locator(PHOTO.component.join(', ')).nth(index);
    const shown = component.locator(PHOTO.loaded.join(', ')).first().waitFor({ state: 'visible', timeout: timing.stepTimeoutMs });
    // An answer cut short after its headers fails the request: that ends the wait too.
    await Promise.race([shown, failed]).catch((err: unknown) => {
      throw err instanceof RetryableError ? err : new RetryableError(`The NAVER editor did not show ${what} after uploading it.`, 'naver_editor');
    });
    return component;
  } finally {
    page.off('requestfailed', onFailed);
  }
}

/** Clicks the 사진 button and hands the picture to the file chooser it opens (or to its file input). */
async function chooseFile(page: Page, button: Locator, image: PostImage, timing: EditorTiming): Promise<void> {
  const file = { name: image.fileName, mimeType: image.contentType, buffer: Buffer.from(image.bytes) };
  const chooser = page.waitForEvent('filechooser', { timeout: Math.min(3_000, timing.stepTimeoutMs) });
  chooser.catch(() => {});
  await button.click();
  try {
    await (await chooser).setFiles(file);
  } catch {
    // No chooser opened (an editor whose input listens without opening one): the input the button made.
    const input = page.locator(PHOTO.fileInput.join(', ')).last();
    await input.waitFor({ state: 'attached', timeout: timing.stepTimeoutMs });
    await input.setInputFiles(file);
  }
}

async function writeCaption(page: Page, component: Locator, block: ImageBlock, timing: EditorTiming): Promise<void> {
  const field = await resolveVisible(component, PHOTO.caption, timing.stepTimeoutMs);
  await field.click();
  await page.keyboard.type(block.caption);
  if (normalize(await field.innerText()) !== normalize(block.caption)) {
    throw new RetryableError(`The caption of picture ${block.slot} did not reach the NAVER editor as typed.`, 'naver_editor');
  }
}

/** Switches on NAVER's "AI 활용" label where the component offers one; false when it does not. */
async function labelAsAi(component: Locator): Promise<boolean> {
  for (const selector of PHOTO.aiLabel) {
    const box = component.locator(selector).first();
    if ((await box.count()) === 0) continue;
    await box.check();
    return true;
  }
  return false;
}

/** The editor check's picture: a small PNG made now, so the check exercises the real upload. */
export async function samplePhoto(article: Article): Promise<{ article: Article; images: PostImage[] }> {
  const slot = Math.max(0, ...article.blocks.map((b) => (b.type === 'image' ? b.slot : 0))) + 1;
  const sharp = await loadSharp();
  const bytes = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 46, g: 139, b: 87 } } }).png().toBuffer();
  return {
    article: { ...article, blocks: [...article.blocks, { type: 'image', slot, what: 'editor check sample', alt: 'sample', caption: 'Editor check photo' }] },
    images: [{ slot, bytes, contentType: 'image/png', fileName: `check-${slot}.png`, generated: true }],
  };
}
