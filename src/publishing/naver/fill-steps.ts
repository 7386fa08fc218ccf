// The steps that fill SmartEditor ONE, in order, shared by every use of the editor: publishing runs them and
// then presses the final 발행; the preview and the editor check run the very same steps and stop there. A step
// is a name a person understands (it is what a failure or a check reports) and the code that does it.
// The body is written in the article's order: `body` pastes the text before the first picture, `images` then
// uploads each picture through the 사진 button with the text that follows it pasted after it (photos.ts), and
// checks the editor holds every picture and all the text. Without pictures `images` is skipped (the editor
// check always brings one: dry-run.ts).
import type { Locator, Page } from 'playwright';
import type { Article } from '../../article.ts';
import type { PostImage, Visibility } from '../../ports.ts';
import { chooseCategory, chooseVisibility, enterTags, openPublishLayer, prepareEditor, writeBody, writeTitle, type EditorTiming } from './editor.ts';
import { openWithSession, type SessionContext } from './login.ts';
import { bodyRuns, leadBlocks, placePhotos } from './photos.ts';
import { EDITOR, PUBLISH, resolveVisible, type SelectorMatch } from './selectors.ts';

export const FILL_STEPS = ['login', 'write_page', 'title', 'body', 'images', 'publish_layer', 'category', 'tags', 'visibility'] as const;
export type FillStepName = (typeof FILL_STEPS)[number];

/** Steps that later steps stand on: when one fails, nothing after it can be tried. */
const FOUNDATIONS: ReadonlySet<FillStepName> = new Set(['login', 'write_page', 'publish_layer']);

export interface FillInput {
  article: Article;
  category: string | null;
  visibility: Visibility;
  /** The pictures of the article's image blocks, by slot. */
  images?: readonly PostImage[];
  /**
   * The editor check: also look for what this article does not need (the 사진 button without images, the
   * category button without a category), without changing anything; and a generated picture without NAVER's
   * AI label is a failure (a publish goes on without the label).
   */
  probe?: boolean;
}

export interface FillContext {
  page: Page;
  timing: EditorTiming;
  writeUrl: string;
  session: SessionContext;
  /** Called when the step had to log in with the stored credentials (the fresh session is worth saving). */
  onLoggedIn: () => Promise<void>;
  /** What resolveVisible noted on this page (traceSelectors). */
  trace: SelectorMatch[];
}

export interface StepReport {
  step: FillStepName;
  outcome: 'ok' | 'failed' | 'skipped' | 'not_tried';
  /** The selector that found the step's element, and whether it was a fallback (not the first choice). */
  selector?: string;
  fallback?: boolean;
  /** For `login`: how the write page was reached. */
  detail?: string;
  error?: unknown;
}

interface StepState {
  layer: Locator | null;
}

type StepRun = (ctx: FillContext, input: FillInput, state: StepState) => Promise<{ skipped?: boolean; detail?: string } | void>;

/** Which selector list names the element a step is about (the last match of it is reported). */
const STEP_LIST: Partial<Record<FillStepName, RegExp>> = {
  write_page: /^EDITOR\.title$/,
  title: /^EDITOR\.title$/,
  body: /^EDITOR\.body$/,
  images: /^EDITOR\.photoButton$/,
  publish_layer: /^PUBLISH\.layer$/,
  category: /^PUBLISH\.categoryButton$/,
  tags: /^PUBLISH\.tagInput$/,
  visibility: /^VISIBILITY\./,
};

const RUN: Record<FillStepName, StepRun> = {
  async login(ctx) {
    const { loggedIn } = await openWithSession(ctx.page, ctx.writeUrl, ctx.session);
    if (loggedIn) await ctx.onLoggedIn();
    return { detail: loggedIn ? 'credentials' : 'session' };
  },
  write_page: (ctx) => prepareEditor(ctx.page, ctx.timing),
  title: (ctx, input) => writeTitle(ctx.page, input.article.title, ctx.timing),
  async body(ctx, input) {
    const lead = leadBlocks(input.article);
    // A post that opens with a picture: the caret only has to be in the body, the picture goes first.
    if (lead.length === 0) await (await resolveVisible(ctx.page, EDITOR.body, ctx.timing.stepTimeoutMs)).click();
    else await writeBody(ctx.page, lead, ctx.timing);
  },
  async images(ctx, input) {
    const { photos } = bodyRuns(input.article, input.images);
    if (photos.length === 0) {
      if (!input.probe) return { skipped: true };
      await resolveVisible(ctx.page, EDITOR.photoButton, ctx.timing.stepTimeoutMs);
      return;
    }
    return { detail: await placePhotos(ctx.page, photos, input.article, ctx.timing, { needAiLabel: input.probe }) };
  },
  async publish_layer(ctx, _input, state) {
    state.layer = await openPublishLayer(ctx.page, ctx.timing);
  },
  async category(ctx, input, state) {
    if (!input.category) {
      if (!input.probe) return { skipped: true };
      await resolveVisible(state.layer!, PUBLISH.categoryButton, ctx.timing.stepTimeoutMs);
      return;
    }
    await chooseCategory(ctx.page, state.layer!, input.category, ctx.timing);
  },
  async tags(ctx, input, state) {
    const tags = input.article.tags.map((t) => t.replace(/^#+/, '')).filter(Boolean);
    if (tags.length === 0) return { skipped: true };
    await enterTags(state.layer!, tags, ctx.timing);
  },
  visibility: (ctx, input, state) => chooseVisibility(state.layer!, input.visibility, ctx.timing),
};

/**
 * Runs the fill steps in order. On a failure, publishing throws (`onFailure: 'throw'`, the error tagged with
 * its step); the preview stops and reports the rest as not tried (`stop`); the editor check goes on past it to
 * everything that does not stand on it (`continue`), so one run names every part of the page that is missing.
 */
export async function fillEditor(
  ctx: FillContext,
  input: FillInput,
  opts: { onFailure: 'throw' | 'stop' | 'continue'; onStep?: (step: FillStepName) => void },
): Promise<{ layer: Locator | null; reports: StepReport[] }> {
  const state: StepState = { layer: null };
  const reports: StepReport[] = [];
  let blocked = false;
  for (const step of FILL_STEPS) {
    if (blocked) {
      reports.push({ step, outcome: 'not_tried' });
      continue;
    }
    opts.onStep?.(step);
    const seen = ctx.trace.length;
    try {
      const done = (await RUN[step](ctx, input, state)) ?? {};
      const match = lastMatch(ctx.trace.slice(seen), STEP_LIST[step]);
      reports.push({
        step,
        outcome: done.skipped ? 'skipped' : 'ok',
        ...(done.detail ? { detail: done.detail } : {}),
        ...(match ? { selector: match.selector, fallback: match.index > 0 } : {}),
      });
    } catch (error) {
      if (opts.onFailure === 'throw') throw Object.assign(error instanceof Error ? error : new Error(String(error)), { fillStep: step });
      reports.push({ step, outcome: 'failed', error });
      if (opts.onFailure === 'stop' || FOUNDATIONS.has(step) || ctx.page.isClosed()) blocked = true;
    }
  }
  return { layer: state.layer, reports };
}

function lastMatch(matches: SelectorMatch[], list: RegExp | undefined): SelectorMatch | undefined {
  if (!list) return undefined;
  return matches.filter((m) => list.test(m.list)).at(-1);
}

/** The step a failed fill stopped at, from the error fillEditor threw. */
export function failedStepOf(err: unknown): FillStepName | undefined {
  const step = (err as { fillStep?: unknown } | null)?.fillStep;
  return typeof step === 'string' && (FILL_STEPS as readonly string[]).includes(step) ? (step as FillStepName) : undefined;
}
