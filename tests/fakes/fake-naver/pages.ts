// HTML of the fake NAVER pages, shaped after the markup described in the research note (ids, data attributes,
// CSS-module class names with hash suffixes).
import { readFileSync } from 'node:fs';
import type { Block } from '../../../src/article.ts';
import type { PostedImage } from './photos.ts';

const editorScript = readFileSync(new URL('./editor.client.js', import.meta.url), 'utf8');

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function page(title: string, body: string, head = ''): string {
  return `<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>${esc(title)}</title>${head}</head><body>${body}</body></html>`;
}

export type LoginScreen = 'form' | 'wrong_password' | 'captcha';

export function loginPage(opts: { action: string; returnUrl: string; screen: LoginScreen; id?: string; captcha?: { question: string; image: string } }): string {
  const error =
    opts.screen === 'wrong_password'
      ? `<div id="err_common" class="error_message" style="display:block">아이디(로그인 전화번호, 로그인 전용 아이디) 또는 비밀번호가 잘못 되었습니다. 아이디와 비밀번호를 정확히 입력해 주세요.</div>`
      : `<div id="err_common" class="error_message" style="display:none"></div>`;
  const captcha =
    opts.screen === 'captcha'
      ? `<div class="captcha_wrap" id="captcha_wrap"><p class="captcha_text">자동입력 방지 문자를 입력해 주세요.</p>
         ${opts.captcha ? `<p class="captcha_question" id="captcha_info">${esc(opts.captcha.question)}</p>` : ''}
         <img id="captchaimg" width="240" height="70" alt="자동입력 방지 문자" src="${esc(opts.captcha?.image ?? "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='200' height='60'%3E%3Crect width='200' height='60' fill='%23ddd'/%3E%3C/svg%3E")}">
         <input id="captcha" name="captcha" type="text"></div>`
      : '';
  return page(
    '네이버 : 로그인',
    `<div id="wrap"><form id="frmNIDLogin" name="frmNIDLogin" method="post" action="${esc(opts.action)}">
      <input type="hidden" name="url" value="${esc(opts.returnUrl)}">
      <input type="hidden" name="keys" id="keys" value="">
      <div class="input_item id"><input type="text" id="id" name="id" placeholder="아이디" maxlength="41" value="${esc(opts.id ?? '')}"></div>
      <div class="input_item pw"><input type="password" id="pw" name="pw" placeholder="비밀번호" maxlength="16"></div>
      ${captcha}
      ${error}
      <div class="keep_check"><input type="checkbox" id="keep" name="nvlong"><label for="keep" class="keep_text">로그인 상태 유지</label></div>
      <button type="submit" class="btn_login" id="log.login"><span class="btn_text">로그인</span></button>
    </form></div>
    <script>
      // NAVER-style bot check: a login whose fields never saw a key press is answered with a captcha.
      const seen = new Set();
      for (const f of ['id', 'pw']) document.getElementById(f).addEventListener('keydown', () => {
        seen.add(f);
        document.getElementById('keys').value = [...seen].sort().join(',');
      });
    </script>`,
  );
}

export function newDevicePage(): string {
  return page(
    '네이버 : 새로운 환경',
    `<div id="wrap"><h2 class="title">새로운 환경에서 로그인 되었습니다.</h2>
      <p>자주 사용하는 기기라면 등록해 주세요.</p>
      <button type="button" id="new.save" class="btn">등록</button>
      <button type="button" id="new.dontsave" class="btn">등록안함</button></div>`,
  );
}

export function twoStepPage(): string {
  return page(
    '네이버 : 2단계 인증',
    `<div id="wrap"><h2 class="title">2단계 인증</h2>
      <p id="push_title">등록된 기기로 인증 알림을 보냈습니다. 알림을 확인해 주세요.</p>
      <input type="text" id="otp" name="otp" placeholder="OTP 번호"></div>`,
  );
}

export interface EditorConfig {
  blogId: string;
  categories: Array<{ id: number; name: string }>;
  draftPopupDelayMs: number;
  /** After a successful publish the editor stays where it is instead of going to the new post. */
  stayAfterPublish?: boolean;
  rabbitWriteUrl: string;
  autoSaveUrl: string;
  /** The 저장 button's temporary post. */
  tempSaveUrl?: string;
  /** The tag field as NAVER ships it (`standard`), without its id (`no_id`), or renamed altogether. */
  tagField?: 'standard' | 'no_id' | 'renamed';
  /** The photo upload: the session key URL, the photo server's base and the domain uploaded photos are served from. */
  photo: { sessionKeyUrl: string; uploadBase: string; domain: string; aiLabel: boolean };
}

const editorCss = `
  body { margin: 0; font-family: sans-serif; }
  .header__Ceaap { height: 56px; display: flex; justify-content: flex-end; align-items: center; padding: 0 24px; border-bottom: 1px solid #ddd; }
  .publish_btn_area__KjA2i button { height: 34px; padding: 0 18px; }
  .se-toolbar { padding: 6px 24px; border-bottom: 1px solid #eee; }
  .se-main-container { width: 760px; margin: 24px auto; }
  .se-title-text { position: relative; }
  .se-documentTitle .se-text-paragraph { font-size: 32px; min-height: 44px; outline: none; margin: 0 0 24px; }
  .se-documentTitle .se-placeholder { position: absolute; top: 0; left: 0; font-size: 32px; color: #aaa; pointer-events: none; }
  #se-body .se-text-paragraph { min-height: 24px; outline: none; margin: 0 0 8px; }
  .se-popup-dim { position: fixed; inset: 0; background: rgba(0,0,0,.3); z-index: 1000; }
  .se-popup { position: fixed; top: 40%; left: 50%; transform: translate(-50%,-50%); background: #fff; padding: 24px; z-index: 1001; }
  .se-help-panel { position: fixed; top: 0; right: 0; width: 380px; height: 320px; background: #fff; border: 1px solid #ccc; z-index: 900; }
  .layer_publish__vA9PX { display: none; position: fixed; top: 60px; right: 20px; width: 420px; background: #fff; border: 1px solid #999; padding: 16px; z-index: 800; }
  .layer_publish__vA9PX.is_show__TMSLq { display: block; }
  .option_list_layer__YX7Tc { display: none; border: 1px solid #ccc; }
  .option_list_layer__YX7Tc.is_show__TMSLq { display: block; }
  .option_list_layer__YX7Tc li { padding: 4px 8px; cursor: pointer; }
  .se-image .se-module-image img { max-width: 100%; display: block; margin: 0 auto; }
  .se-image-progress { height: 120px; background: #f4f4f4; color: #888; display: flex; align-items: center; justify-content: center; }
  .se-caption .se-text-paragraph { text-align: center; color: #666; min-height: 20px; outline: none; }
  .se-image-ai-option { font-size: 12px; color: #555; text-align: right; }
`;

const TAG_FIELDS = {
  standard: '<input type="text" id="tag-input" class="tag_input__rvUB5" placeholder="#태그 입력 (최대 30개)">',
  no_id: '<input type="text" class="tag_input__rvUB5" placeholder="#태그 입력 (최대 30개)">',
  renamed: '<input type="text" id="keyword-field" class="keyword_field__Z9kLm" placeholder="#키워드 입력">',
};

export function writePage(cfg: EditorConfig): string {
  const categories = cfg.categories
    .map((c, i) => `<li data-category-id="${c.id}"><label for="category_${i}" class="radio_label__mB6ia"><span data-testid="categoryItemText_${i}" class="text__sraQE">${esc(c.name)}</span></label></li>`)
    .join('');
  return page(
    '네이버 블로그 글쓰기',
    `<div id="root">
      <header class="header__Ceaap">
        <div class="publish_btn_area__KjA2i">
          <button type="button" class="save_btn__bzc5B" data-click-area="tpb.save">저장</button>
          <button type="button" class="publish_btn__m9KHH" data-click-area="tpb.publish"><span class="text__d09H7">발행</span></button>
        </div>
      </header>
      <div class="se-toolbar">
        <button type="button" data-name="text-format" class="se-text-format-toolbar-button">본문</button>
        <button type="button" data-name="quotation" class="se-quotation-toolbar-button">인용구</button>
        <button type="button" data-name="bold" class="se-bold-toolbar-button">굵게</button>
        <button type="button" data-name="strikethrough" class="se-strikethrough-toolbar-button">취소선</button>
        <button type="button" data-name="image" class="se-image-toolbar-button se-document-toolbar-basic-button">사진</button>
      </div>
      <div class="se-wrap"><div class="se-main-container">
        <div class="se-component se-documentTitle">
          <div class="se-component-content"><div class="se-section se-section-documentTitle">
            <div class="se-module se-module-text se-title-text">
              <span class="se-placeholder">제목</span>
              <p class="se-text-paragraph" contenteditable="true"></p>
            </div>
          </div></div>
        </div>
        <div id="se-body"></div>
      </div></div>
      <div class="se-help-panel container__HW_tc">
        <strong class="se-help-title">도움말</strong>
        <p>SmartEditor ONE 사용법을 확인해 보세요.</p>
        <button type="button" class="se-help-panel-close-button">닫기</button>
      </div>
      <div class="layer_popup__i0QOY layer_publish__vA9PX">
        <div class="layer_content_set_publish__KDvaV">
          <div class="option_category"><strong>카테고리</strong>
            <button type="button" class="selectbox_button__jb1Dt"><span class="text__sraQE"></span></button>
            <div class="option_list_layer__YX7Tc"><ul>${categories}</ul></div>
          </div>
          <div class="option_tag"><strong>태그 편집</strong>
            ${TAG_FIELDS[cfg.tagField ?? 'standard']}
            <ul class="tag_list__Xb2Qw"></ul>
          </div>
          <div class="option_open"><strong>공개 설정</strong>
            <input type="radio" name="openType" id="open_public" value="public" checked><label for="open_public">전체공개</label>
            <input type="radio" name="openType" id="open_neighbor" value="neighbor"><label for="open_neighbor">이웃공개</label>
            <input type="radio" name="openType" id="open_both_neighbor" value="both_neighbor"><label for="open_both_neighbor">서로이웃공개</label>
            <input type="radio" name="openType" id="open_private" value="private"><label for="open_private">비공개</label>
          </div>
          <button type="button" class="confirm_btn__WEaBq" data-click-area="tpb*i.publish" data-testid="seOnePublishBtn"><span>발행</span></button>
        </div>
      </div>
    </div>
    <script type="application/json" id="se-config">${JSON.stringify(cfg).replace(/</g, '\\u003c')}</script>
    <script>${editorScript}</script>`,
    `<style>${editorCss}</style>`,
  );
}

export function blocksHtml(blocks: ReadonlyArray<Block | PostedImage>): string {
  const lines = (t: string) => t.split('\n').map(esc).join('<br>');
  return blocks
    .map((b) => {
      if (b.type === 'heading') return `<div class="se-component se-sectionTitle"><h3>${esc(b.text)}</h3></div>`;
      if (b.type === 'paragraph') return `<div class="se-component se-text"><p class="se-text-paragraph">${lines(b.text)}</p></div>`;
      if (b.type === 'quote') return `<div class="se-component se-quotation"><blockquote>${lines(b.text)}</blockquote></div>`;
      if (b.type === 'image') {
        const src = 'src' in b ? `<div class="se-module se-module-image"><img class="se-image-resource" src="${esc(b.src)}" alt=""></div>` : '';
        const ai = 'ai' in b && b.ai ? '<span class="se-image-ai-badge">AI 활용</span>' : '';
        return `<div class="se-component se-image">${src}<p class="se-image-caption">${esc(b.caption)}</p>${ai}</div>`;
      }
      const tag = b.ordered ? 'ol' : 'ul';
      return `<div class="se-component se-text"><${tag}>${b.items.map((i) => `<li>${esc(i)}</li>`).join('')}</${tag}></div>`;
    })
    .join('');
}

export function postViewPage(post: { title: string; blocks: ReadonlyArray<Block | PostedImage>; tags: readonly string[] }): string {
  return page(
    `${post.title} : 네이버 블로그`,
    `<div id="post-view"><div class="se-main-container">
      <div class="se-component se-documentTitle"><div class="se-title-text"><p class="se-text-paragraph">${esc(post.title)}</p></div></div>
      ${blocksHtml(post.blocks)}
      <div class="post_tag">${post.tags.map((t) => `<a class="item pcol2">#${esc(t)}</a>`).join(' ')}</div>
    </div></div>`,
  );
}

/** blog.naver.com/{id}/{logNo}: the blog's frame, the post itself in iframe#mainFrame. */
export function postFramePage(blogId: string, postViewUrl: string): string {
  return page(
    `${blogId} : 네이버 블로그`,
    `<iframe id="mainFrame" name="mainFrame" src="${esc(postViewUrl)}" style="border:0;width:100%;height:860px" title="본문"></iframe>`,
    '<style>body{margin:0}</style>',
  );
}

export function postListPage(opts: {
  blogId: string;
  blogBase: string;
  owner: boolean;
  posts: Array<{ logNo: string; title: string; createdAt: Date }>;
}): string {
  const rows = opts.posts
    .map((p) => {
      const href = `${opts.blogBase}/PostView.naver?blogId=${encodeURIComponent(opts.blogId)}&logNo=${p.logNo}`;
      const d = p.createdAt;
      return `<tr><td class="title"><div class="wrap_td"><span class="ell2"><a class="pcol2 _setTop" href="${esc(href)}">${esc(p.title)}</a></span></div></td>
        <td class="date"><div class="wrap_td"><span class="date pcol2">${d.getFullYear()}. ${d.getMonth() + 1}. ${d.getDate()}.</span></div></td></tr>`;
    })
    .join('');
  const write = opts.owner ? `<a class="btn_write" href="${esc(`${opts.blogBase}/${opts.blogId}/postwrite`)}">글쓰기</a>` : '';
  return page(
    `${opts.blogId} : 네이버 블로그`,
    `<div id="toplistWrapper">${write}<div id="postListBody"><table class="blog2_list"><tbody>${rows}</tbody></table></div></div>`,
  );
}

export function messagePage(title: string, text: string): string {
  return page(title, `<div id="wrap"><p class="message">${esc(text)}</p></div>`);
}
