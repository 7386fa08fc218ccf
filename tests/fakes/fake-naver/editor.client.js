// The fake SmartEditor ONE, running in the page. Like the real one it keeps its own model of the document and
// sends that model (not the DOM) to RabbitWrite.naver: text that is written into the DOM without going through
// the editor's input path (keystrokes, input events, paste) is lost on publish, exactly as on NAVER.
(function () {
  'use strict';
  const cfg = JSON.parse(document.getElementById('se-config').textContent);
  const model = {
    title: '',
    components: [{ type: 'text', lines: [''] }],
    tags: [],
    categoryId: cfg.categories[0].id,
    strikethrough: false,
  };

  const $ = (sel, root) => (root || document).querySelector(sel);
  const el = (tag, attrs, children) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'text') e.textContent = v;
      else e.setAttribute(k, v);
    }
    for (const c of children || []) e.appendChild(c);
    return e;
  };
  const clean = (s) => s.replace(/\u00a0/g, ' ');

  // ── Title ────────────────────────────────────────────────────────────────────────────────────────
  const titleP = $('.se-section-documentTitle .se-text-paragraph');
  const placeholder = $('.se-documentTitle .se-placeholder');
  titleP.addEventListener('input', () => {
    model.title = clean(titleP.textContent);
    placeholder.style.display = model.title ? 'none' : '';
  });
  titleP.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      const first = $('#se-body .se-text-paragraph');
      if (first) first.focus();
    }
  });

  // ── Body ─────────────────────────────────────────────────────────────────────────────────────────
  const body = $('#se-body');
  const paragraph = (text, onInput) => {
    const p = el('p', { class: 'se-text-paragraph', contenteditable: 'true' }, [el('span', { class: 'se-fs-', text })]);
    if (onInput) p.addEventListener('input', () => onInput(clean(p.textContent)));
    return p;
  };

  function renderComponent(c, index) {
    const wrap = (kind, section, content) =>
      el('div', { class: `se-component se-${kind}`, 'data-index': String(index) }, [
        el('div', { class: 'se-component-content' }, [el('div', { class: `se-section se-section-${section}` }, content)]),
      ]);
    if (c.type === 'text') {
      return wrap('text', 'text', c.lines.map((line, j) => paragraph(line, (t) => (c.lines[j] = t))));
    }
    if (c.type === 'sectionTitle') return wrap('sectionTitle', 'sectionTitle', [paragraph(c.text, (t) => (c.text = t))]);
    if (c.type === 'image') return photos.render(c, index);
    if (c.type === 'list') {
      const list = el(c.ordered ? 'ol' : 'ul', { class: `se-text-list se-text-list-type-${c.ordered ? 'decimal' : 'bullet-disc'}` });
      c.items.forEach((item, j) => list.appendChild(el('li', {}, [paragraph(item, (t) => (c.items[j] = t))])));
      return wrap('text', 'text', [list]);
    }
    const quote = el('blockquote', { class: 'se-quotation-container' }, c.lines.map((line, j) => paragraph(line, (t) => (c.lines[j] = t))));
    return wrap('quotation', 'quotation', [quote]);
  }

  function render() {
    body.replaceChildren(...model.components.map(renderComponent));
  }

  // Text of a pasted node: <br> and block boundaries become line breaks.
  function textOf(node) {
    let out = '';
    node.childNodes.forEach((child) => {
      if (child.nodeType === Node.TEXT_NODE) out += child.data;
      else if (child.nodeName === 'BR') out += '\n';
      else if (/^(P|DIV|LI)$/.test(child.nodeName)) out += (out && !out.endsWith('\n') ? '\n' : '') + textOf(child);
      else out += textOf(child);
    });
    return out;
  }

  function fromHtml(html) {
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const out = [];
    doc.body.childNodes.forEach((node) => {
      if (node.nodeType === Node.TEXT_NODE) {
        if (node.data.trim()) out.push({ type: 'text', lines: node.data.split('\n') });
        return;
      }
      if (node.nodeType !== Node.ELEMENT_NODE) return;
      const tag = node.nodeName;
      if (/^H[1-6]$/.test(tag)) out.push({ type: 'sectionTitle', text: textOf(node) });
      else if (tag === 'UL' || tag === 'OL') {
        out.push({ type: 'list', ordered: tag === 'OL', items: [...node.querySelectorAll(':scope > li')].map(textOf) });
      } else if (tag === 'BLOCKQUOTE') out.push({ type: 'quotation', lines: textOf(node).split('\n') });
      else out.push({ type: 'text', lines: textOf(node).split('\n') });
    });
    return out;
  }

  const fromText = (text) => text.split(/\n{2,}/).filter((t) => t.trim()).map((t) => ({ type: 'text', lines: t.split('\n') }));
  const isEmpty = (c) => c && c.type === 'text' && c.lines.every((l) => !l.trim());

  // Where the caret is: the component that last took the focus (or was clicked, for an image). The 사진 button
  // puts its picture after this component. -1: the title.
  const editor = { caret: -1 };
  document.querySelector('.se-main-container').addEventListener('focusin', (e) => {
    const host = e.target instanceof Element ? e.target.closest('[data-index]') : null;
    editor.caret = host ? Number(host.getAttribute('data-index')) : -1;
  });
  body.addEventListener('mousedown', (e) => {
    const host = e.target instanceof Element ? e.target.closest('.se-image[data-index]') : null;
    if (host) editor.caret = Number(host.getAttribute('data-index'));
  });

  document.querySelector('.se-main-container').addEventListener('paste', (e) => {
    e.preventDefault();
    const data = e.clipboardData;
    if (!data) return;
    if (titleP.contains(e.target)) {
      document.execCommand('insertText', false, (data.getData('text/plain') || '').split('\n')[0]);
      return;
    }
    // A paste while a picture's caption has the caret goes into the caption, as plain text.
    if (e.target instanceof Element && e.target.closest('.se-caption')) {
      document.execCommand('insertText', false, (data.getData('text/plain') || '').replace(/\s+/g, ' '));
      return;
    }
    const html = data.getData('text/html');
    const pasted = html ? fromHtml(html) : fromText(data.getData('text/plain') || '');
    const host = e.target instanceof Element ? e.target.closest('[data-index]') : null;
    const at = host ? Number(host.getAttribute('data-index')) : model.components.length - 1;
    const replace = isEmpty(model.components[at]) ? 1 : 0;
    model.components.splice(replace ? at : at + 1, replace, ...pasted);
    render();
  });

  $('.se-toolbar').addEventListener('click', (e) => {
    const button = e.target.closest('button');
    if (button && button.getAttribute('data-name') === 'strikethrough') {
      model.strikethrough = !model.strikethrough;
      button.classList.toggle('se-is-selected', model.strikethrough);
    }
    if (button && button.getAttribute('data-name') === 'image') photos.choose();
  });

  // ── Popups ───────────────────────────────────────────────────────────────────────────────────────
  function showDraftPopup() {
    const dim = el('div', { class: 'se-popup-dim' });
    const cancel = el('button', { type: 'button', class: 'se-popup-button se-popup-button-cancel', text: '취소' });
    const confirm = el('button', { type: 'button', class: 'se-popup-button se-popup-button-confirm', text: '확인' });
    const popup = el('div', { class: 'se-popup se-popup-alert-confirm' }, [
      el('p', { class: 'se-popup-title', text: '작성 중인 글이 있습니다.' }),
      el('p', { class: 'se-popup-text', text: '이어서 작성하시겠습니까?' }),
      el('div', { class: 'se-popup-button-container' }, [cancel, confirm]),
    ]);
    const close = () => {
      dim.remove();
      popup.remove();
    };
    cancel.addEventListener('click', close);
    confirm.addEventListener('click', () => {
      // Restoring pulls an old draft into the post: a publisher that presses the wrong button gets caught.
      model.title = '임시저장된 제목';
      titleP.textContent = model.title;
      placeholder.style.display = 'none';
      model.components = [{ type: 'text', lines: ['임시저장된 본문'] }];
      render();
      close();
    });
    document.body.append(dim, popup);
  }
  if (cfg.draftPopupDelayMs >= 0) {
    window.addEventListener('load', () => setTimeout(showDraftPopup, cfg.draftPopupDelayMs));
  }

  $('.se-help-panel-close-button').addEventListener('click', () => {
    $('.se-help-panel').style.display = 'none';
  });

  // ── Publish layer ────────────────────────────────────────────────────────────────────────────────
  const layer = $('.layer_publish__vA9PX');
  $('button[data-click-area="tpb.publish"]').addEventListener('click', () => {
    layer.classList.toggle('is_show__TMSLq');
  });

  const categoryButton = $('.selectbox_button__jb1Dt', layer);
  const categoryList = $('.option_list_layer__YX7Tc', layer);
  const showCategory = () => {
    const current = cfg.categories.find((c) => c.id === model.categoryId);
    $('.text__sraQE', categoryButton).textContent = current.name;
  };
  categoryButton.addEventListener('click', () => categoryList.classList.toggle('is_show__TMSLq'));
  categoryList.addEventListener('click', (e) => {
    const li = e.target.closest('li[data-category-id]');
    if (!li) return;
    model.categoryId = Number(li.getAttribute('data-category-id'));
    showCategory();
    categoryList.classList.remove('is_show__TMSLq');
  });
  showCategory();

  const tagInput = $('.option_tag input', layer);
  const tagList = $('.tag_list__Xb2Qw', layer);
  tagInput.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || e.isComposing) return;
    e.preventDefault();
    for (const raw of tagInput.value.split(/[\s,]+/)) {
      const tag = raw.replace(/^#+/, '').trim();
      if (tag && !model.tags.includes(tag) && model.tags.length < 30) model.tags.push(tag);
    }
    tagInput.value = '';
    tagList.replaceChildren(...model.tags.map((t) => el('li', { class: 'tag_item__Hm2Pq' }, [el('span', { class: 'tag__u4Bq9', text: `#${t}` })])));
  });

  const OPEN_TYPE = { public: 2, neighbor: 1, both_neighbor: 3, private: 0 };
  const paragraphs = (lines) => lines.map((value) => ({ '@ctype': 'paragraph', nodes: [{ '@ctype': 'textNode', value }] }));
  const toSe = (c) => {
    if (c.type === 'text') return { '@ctype': 'text', value: paragraphs(c.lines) };
    if (c.type === 'sectionTitle') return { '@ctype': 'sectionTitle', value: paragraphs([c.text]) };
    if (c.type === 'list') return { '@ctype': 'text', listType: c.ordered ? 'number' : 'bullet', value: paragraphs(c.items) };
    if (c.type === 'image') return photos.toSe(c);
    return { '@ctype': 'quotation', value: paragraphs(c.lines) };
  };

  function showError(text) {
    document.body.appendChild(el('div', { class: 'se-popup se-popup-alert', text }));
  }

  const confirmButton = $('button[data-testid="seOnePublishBtn"]');
  confirmButton.addEventListener('click', () => {
    if (confirmButton.disabled) return;
    confirmButton.disabled = true;
    const checked = $('input[name="openType"]:checked', layer);
    const documentModel = {
      document: {
        components: [
          { '@ctype': 'documentTitle', value: paragraphs([model.title]) },
          // A picture still uploading (or whose upload failed) is not part of the document yet.
          ...model.components.filter((c) => c.type !== 'image' || c.src).map(toSe),
        ],
      },
    };
    const populationParams = {
      configuration: { openType: OPEN_TYPE[checked ? checked.value : 'public'], commentYn: true },
      populationMeta: { categoryId: model.categoryId, tags: model.tags.join(','), strikethrough: model.strikethrough },
    };
    fetch(cfg.rabbitWriteUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
      body: new URLSearchParams({
        blogId: cfg.blogId,
        documentModel: JSON.stringify(documentModel),
        populationParams: JSON.stringify(populationParams),
      }),
    })
      .then((r) => r.json())
      .then((answer) => {
        if (answer.isSuccess) {
          if (!cfg.stayAfterPublish) location.href = answer.result.redirectUrl;
        }
        else showError(answer.message || '발행에 실패했습니다.');
      })
      .catch(() => showError('요청하신 페이지를 처리하는 도중 예기치 못한 에러가 발생했습니다.'))
      .finally(() => (confirmButton.disabled = false));
  });

  // Autosave: like NAVER, every change to the document is saved as the blog's temporary post soon after
  // (RabbitAutoSaveWrite.naver), so a publisher matching "anything Rabbit*" would be fooled, and an editor
  // left without publishing leaves a temporary post behind. The 저장 button saves one explicitly.
  const snapshot = () => JSON.stringify({ title: model.title, components: model.components, tags: model.tags });
  let saved = snapshot();
  const saveTo = (url) =>
    fetch(url, { method: 'POST', body: new URLSearchParams({ blogId: cfg.blogId, title: model.title, documentModel: snapshot() }) }).catch(() => {});
  setInterval(() => {
    const now = snapshot();
    if (now === saved) return;
    saved = now;
    saveTo(cfg.autoSaveUrl);
  }, 150);
  $('button[data-click-area="tpb.save"]').addEventListener('click', () => {
    if (cfg.tempSaveUrl) saveTo(cfg.tempSaveUrl);
  });

  // ── Photos (the 사진 button) ─────────────────────────────────────────────────────────────────────
  // Like SmartEditor ONE: the button makes the hidden file input (#hidden-file) and opens the file chooser; a
  // chosen file becomes an image component after the caret's component (an empty paragraph there gives it its
  // place), uploaded to the photo server: a session key from the editor platform, then a multipart POST of
  // `image` to {upphoto}/{sessionKey}/simpleUpload/0, answered in XML. The button takes the focus away from the
  // text, and once the picture is in, the caret is back at the top of the body (research §3: the photo button
  // resets the focus): text pasted next without first putting the caret somewhere lands at the top.
  const photos = (() => {
    let insertAfter = -1;
    let seq = 0;
    function input() {
      let i = document.getElementById('hidden-file');
      if (!i) {
        i = el('input', { type: 'file', id: 'hidden-file', accept: '.jpg,.jpeg,.gif,.png,.bmp,.heic,.heif,.webp', style: 'display:none' });
        i.addEventListener('change', () => {
          const file = i.files && i.files[0];
          if (file) add(file);
          i.value = '';
        });
        document.body.appendChild(i);
      }
      return i;
    }
    function choose() {
      insertAfter = editor.caret;
      if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
      input().click();
    }
    function add(file) {
      const c = { type: 'image', uid: `SE-image-${Date.now().toString(36)}-${++seq}`, fileName: file.name, src: '', caption: '', ai: false };
      const at = insertAfter;
      if (at >= 0 && isEmpty(model.components[at])) model.components.splice(at, 1, c);
      else model.components.splice(at + 1, 0, c);
      // The document never ends in a picture: an empty paragraph follows it, to go on writing.
      if (model.components[model.components.length - 1] === c) model.components.push({ type: 'text', lines: [''] });
      render();
      upload(file)
        .then((item) => {
          Object.assign(c, item);
          render();
          const first = $('#se-body .se-text .se-text-paragraph');
          if (first) first.focus();
        })
        .catch(() => {
          model.components.splice(model.components.indexOf(c), 1);
          render();
          showError('사진 업로드에 실패했습니다. 잠시 후 다시 시도해 주세요.');
        });
    }
    async function upload(file) {
      const key = await fetch(cfg.photo.sessionKeyUrl, { credentials: 'include' }).then((r) => r.json());
      if (!key.sessionKey) throw new Error('no session key');
      const form = new FormData();
      form.append('image', file, file.name);
      const query = `userId=${encodeURIComponent(cfg.blogId)}&extractExif=true&extractAnimatedCnt=true&autorotate=true&extractDominantColor=false&type=&customQuery=&denyAnimatedImage=false&skipXcamFiltering=false`;
      const r = await fetch(`${cfg.photo.uploadBase}/${key.sessionKey}/simpleUpload/0?${query}`, { method: 'POST', body: form });
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      const xml = new DOMParser().parseFromString(await r.text(), 'application/xml');
      const get = (name) => (xml.querySelector(`item > ${name}`) || {}).textContent || '';
      if (!get('path')) throw new Error('no path in the answer');
      const size = { width: Number(get('width')), height: Number(get('height')) };
      return { path: get('path'), domain: cfg.photo.domain, src: cfg.photo.domain + get('url'), fileName: get('fileName'), fileSize: Number(get('fileSize')), ...size };
    }
    function renderPhoto(c, index) {
      const picture = c.src
        ? el('img', { class: 'se-image-resource', src: c.src, alt: '', 'data-width': String(c.width), 'data-height': String(c.height) })
        : el('div', { class: 'se-image-progress', text: '사진 올리는 중' });
      const ai = el('input', { type: 'checkbox', id: `${c.uid}-ai`, class: 'se-image-ai-checkbox', 'data-name': 'ai-content' });
      ai.checked = c.ai;
      ai.addEventListener('change', () => (c.ai = ai.checked));
      return el('div', { class: `se-component se-image se-l-default${c.src ? '' : ' se-is-uploading'}`, 'data-index': String(index) }, [
        el('div', { class: 'se-component-content' }, [
          el('div', { class: 'se-section se-section-image se-section-align-center' }, [
            el('div', { class: 'se-module se-module-image' }, [picture]),
            el('div', { class: 'se-module se-module-text se-caption' }, [paragraph(c.caption, (t) => (c.caption = t))]),
            ...(cfg.photo.aiLabel ? [el('div', { class: 'se-image-ai-option' }, [ai, el('label', { for: ai.id, text: 'AI 활용' })])] : []),
          ]),
        ]),
      ]);
    }
    function toSe(c) {
      const caption = c.caption.trim() ? { '@ctype': 'paragraph', nodes: [{ '@ctype': 'textNode', value: c.caption }] } : null;
      const first = model.components.find((x) => x.type === 'image' && x.src) === c;
      return {
        id: c.uid, layout: 'default', src: c.src, internalResource: true, represent: first, path: c.path, domain: c.domain,
        fileSize: c.fileSize, width: c.width, widthPercentage: 0, height: c.height, originalWidth: c.width, originalHeight: c.height,
        fileName: c.fileName, caption, format: 'normal', displayFormat: 'normal', imageLoaded: true, contentMode: 'normal',
        origin: { srcFrom: 'local', '@ctype': 'imageOrigin' }, ai: c.ai, '@ctype': 'image',
      };
    }
    return { choose, render: renderPhoto, toSe };
  })();

  render();
})();
