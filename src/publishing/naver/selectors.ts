// Every NAVER selector the publisher uses, in one place: when NAVER changes its markup, this is the file to fix.
// Each entry is a priority list: stable attributes (id, data-*) first, CSS-module class prefixes next
// (NAVER's `__hash` suffixes change often, so only `[class*=prefix]` is trusted), visible text last.
import type { Locator, Page } from 'playwright';
import type { Visibility } from '../../ports.ts';

export type SelectorList = readonly string[];

export const LOGIN = {
  /** Path of the login form under NAVER_LOGIN_URL. */
  path: '/nidlogin.login',
  id: ['#id', 'input[name="id"]'],
  password: ['#pw', 'input[name="pw"]'],
  submit: ['#log\\.login', 'button.btn_login', 'button[type="submit"]'],
  captcha: ['#captchaimg', 'iframe[src*="captcha"]', '#captcha', 'text=자동입력 방지'],
  newDevice: ['#new\\.save', '#new\\.dontsave', 'text=새로운 환경에서 로그인', 'text=새로운 기기'],
  twoStep: ['#otp', '[class*="two_step"]', 'text=2단계 인증'],
  error: ['#err_common', '.error_message', '[class*="error_message"]'],
} as const;

/** NAVER's questions for a human during a login (the login relay): where each is, how it is answered. */
export const CHALLENGE = {
  /** What the screenshot is cropped to: the question and its image, never the login fields. */
  captchaBox: ['#captcha_wrap', '.captcha_wrap', '[class*="captcha_wrap"]', '#captchaimg'],
  captchaText: ['.captcha_question', '#captcha_info', '.captcha_text'],
  captchaInput: ['#captcha', 'input[name="captcha"]', 'input[name="chptcha"]'],
  otpInput: ['#otp', 'input[name="otp"]', 'input[name="otpNo"]'],
  otpSubmit: ['#otp_confirm', 'button.btn_confirm', 'form button[type="submit"]'],
  twoStepBox: ['.two_step_otp', '.two_step_app', '[class*="two_step"]', '#wrap'],
  twoStepText: ['#otp_title', '#push_title', '.title'],
  newDeviceBox: ['.device_confirm', '#wrap'],
  newDeviceText: ['h2.title', '.title'],
  newDeviceSave: ['#new\\.save', 'button:has-text("등록"):not(:has-text("안함"))'],
  newDeviceSkip: ['#new\\.dontsave', 'button:has-text("등록안함")'],
} as const;

export const EDITOR = {
  /** The title must have a real box: a hidden title once sent posts out untitled (research §4). */
  title: [
    '.se-section-documentTitle .se-text-paragraph',
    '.se-documentTitle .se-text-paragraph',
    '.se-title-text',
    '.se-section-documentTitle',
  ],
  body: [
    '.se-component.se-text .se-section-text .se-text-paragraph',
    '.se-section-text .se-text-paragraph',
    '.se-component:not(.se-documentTitle) .se-text-paragraph',
  ],
  /** Components after the title, read back to check the body reached the editor's model. */
  bodyComponents: ['.se-main-container .se-component:not(.se-documentTitle)'],
  /** "Continue the draft you were writing?": always cancel; confirm would pull an old draft into the post. */
  draftPopupCancel: ['button.se-popup-button-cancel', '.se-popup-button-cancel'],
  popupDim: ['.se-popup-dim', '.se-popup-dim-white'],
  helpPanelClose: ['button.se-help-panel-close-button', '.se-help-panel-close-button'],
  helpPanel: ['.se-help-panel', '[class*="se-help-panel"]', '[class*="container__HW"]'],
  /** The toolbar's 사진 (photo) button; it creates the hidden file input images are uploaded through. */
  photoButton: ['button[data-name="image"]', 'button[class*="se-image-toolbar-button"]', 'button:has-text("사진")'],
} as const;

/**
 * SmartEditor ONE's image component, made by the 사진 button: the file input the button creates, the component
 * (finished once its picture is loaded), the caption field under the picture and NAVER's "AI 활용" label.
 */
export const PHOTO = {
  fileInput: ['input[type="file"]#hidden-file', 'input[type="file"][accept*=".jpg"]', 'input[type="file"]'],
  component: ['.se-main-container .se-component.se-image'],
  /** The picture of a component whose upload finished (space-cap: `.se-image-resource`). */
  loaded: ['img.se-image-resource', '.se-module-image img'],
  caption: ['.se-caption .se-text-paragraph', '.se-module-text.se-caption [contenteditable="true"]', '[class*="caption"] [contenteditable="true"]'],
  aiLabel: ['input[data-name="ai-content"]', 'input[type="checkbox"][class*="ai"]', '[class*="ai"] input[type="checkbox"]', 'label:has-text("AI 활용")'],
  /** A component's text paragraphs, its caption left out (the caret goes to the end of one of these). */
  textParagraph: ['.se-text-paragraph:not(.se-caption .se-text-paragraph)'],
} as const;

/** The photo server's upload (blog.upphoto.naver.com/{sessionKey}/simpleUpload/0): its answer ends an upload. */
export const PHOTO_UPLOAD = /\/simpleUpload\/\d+(?:[?#]|$)/;

export const PUBLISH = {
  /** The top "발행" button; it only opens the settings layer. */
  open: ['button[data-click-area="tpb.publish"]', 'button[class*="publish_btn"]', '[class*="publish_btn_area"] button'],
  layer: ['[class*="layer_publish"]', '[class*="layer_content_set_publish"]', '[class*="layer_popup"][class*="is_show"]'],
  categoryButton: ['button[class*="selectbox_button"]', 'button:has-text("카테고리")'],
  categoryList: ['[class*="option_list_layer"]', '[role="listbox"]', '[class*="option_list"]'],
  categoryItems: ['[data-testid^="categoryItemText"]', 'label', 'span'],
  tagInput: ['#tag-input', 'input[class^="tag_input"]', 'input[class*="tag_input"]', 'input[placeholder*="태그"]'],
  /** The final "발행" inside the layer. Never match on "취소": it also hits the strikethrough (취소선) button. */
  confirm: [
    'button[data-testid="seOnePublishBtn"]',
    'button[data-click-area="tpb*i.publish"]',
    'button[class*="confirm_btn"]',
    'button:text-is("발행")',
  ],
} as const;

export const VISIBILITY: Record<Visibility, { radio: SelectorList; label: string }> = {
  public: { radio: ['#open_public', 'input[name="openType"][value="public"]'], label: '전체공개' },
  neighbors: { radio: ['#open_neighbor', 'input[name="openType"][value="neighbor"]'], label: '이웃공개' },
  private: { radio: ['#open_private', 'input[name="openType"][value="private"]'], label: '비공개' },
};

export const POST_LIST = {
  /** The list's container: when it is missing the page was not the list, so nothing can be concluded. */
  container: ['#postListBody', '[class*="post_list"]', '[class*="blog2_list"]'],
  links: ['a[href*="logNo="]', 'a[href*="PostView"]'],
  /** Only the owner sees a write link; without it private posts are hidden from us. */
  ownerMarker: ['a[href*="postwrite"]', '[class*="btn_write"]'],
} as const;

/** The endpoint whose answer is the only proof of a publish. */
export const RABBIT_WRITE = /\/RabbitWrite\.naver(?:[?#]|$)/;

/**
 * Everything through which the editor can store a post on NAVER: the publish itself, the autosave
 * (RabbitAutoSaveWrite.naver), the 저장 button's temporary post (RabbitTempPostWrite.naver), and any other
 * `*AutoSave*` / `*TempSave*` / `*TempPost*` endpoint NAVER may add. A dry run aborts them in the browser.
 */
export const SAVE_ENDPOINTS = /\/(?:Rabbit[A-Za-z]*Write|[A-Za-z]*(?:AutoSave|TempSave|TempPost)[A-Za-z]*)\.naver(?:[?#]|$)/i;

/** A locator matching any of the alternatives, for waiting. */
export function anyOf(scope: Page | Locator, list: SelectorList): Locator {
  return list.map((s) => scope.locator(s)).reduce((a, b) => a.or(b));
}

/**
 * Waits until one alternative is visible, then returns the highest-priority visible one, so a fallback is only
 * used when the better selector really matches nothing. Which one matched is noted (see `traceSelectors`).
 */
export async function resolveVisible(scope: Page | Locator, list: SelectorList, timeout: number): Promise<Locator> {
  await anyOf(scope, list).first().waitFor({ state: 'visible', timeout });
  for (const [index, s] of list.entries()) {
    const l = scope.locator(s).first();
    if (await l.isVisible().catch(() => false)) {
      noteMatch(scope, list, index);
      return l;
    }
  }
  return anyOf(scope, list).first();
}

// ── Which alternative matched ─────────────────────────────────────────────────────────────────────────
/** One selector list that matched on a page: its name (e.g. `PUBLISH.tagInput`) and the alternative used. */
export interface SelectorMatch {
  list: string;
  index: number;
  selector: string;
}

const LIST_NAMES = new WeakMap<SelectorList, string>();
for (const [group, lists] of Object.entries({ LOGIN, EDITOR, PHOTO, PUBLISH, POST_LIST })) {
  for (const [name, list] of Object.entries(lists)) if (Array.isArray(list)) LIST_NAMES.set(list, `${group}.${name}`);
}
for (const [name, v] of Object.entries(VISIBILITY)) LIST_NAMES.set(v.radio, `VISIBILITY.${name}`);

const traces = new WeakMap<Page, SelectorMatch[]>();

/** From now on, every list resolved on `page` is noted in the returned array (in order). */
export function traceSelectors(page: Page): SelectorMatch[] {
  const trace: SelectorMatch[] = [];
  traces.set(page, trace);
  return trace;
}

/** Notes that `list[index]` matched; a no-op on a page nobody traces. */
export function noteMatch(scope: Page | Locator, list: SelectorList, index: number): void {
  const page = typeof (scope as Locator).page === 'function' ? (scope as Locator).page() : (scope as Page);
  traces.get(page)?.push({ list: LIST_NAMES.get(list) ?? 'unnamed', index, selector: list[index] ?? '' });
}

/** True when any alternative is visible right now; never waits and never throws (pages navigate under us). */
export async function isAnyVisible(scope: Page | Locator, list: SelectorList): Promise<boolean> {
  // One round trip to the browser for the whole list (a visible match of any alternative counts).
  return (await anyOf(scope, list).filter({ visible: true }).count().catch(() => 0)) > 0;
}
