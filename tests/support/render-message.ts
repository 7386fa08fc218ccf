// Draws a message of the fake Discord as a Discord client would (content, embeds with fields and images, buttons)
// and takes a picture of it with Chromium: the README's pictures of cards come from here.
import { chromium } from 'playwright';
import type { StoredMessage } from '../fakes/fake-discord/messages.ts';

type Field = { name: string; value: string; inline?: boolean };
type Embed = { image?: { url?: string }; footer?: { text?: string } };
type Row = { components?: Array<{ label?: string; style?: number }> };

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
const color = (n: unknown) => (typeof n === 'number' ? `#${n.toString(16).padStart(6, '0')}` : '#4f545c');

export function messageHtml(m: StoredMessage): string {
  const src = (url: string | undefined) => {
    const name = url?.startsWith('attachment://') ? url.slice(13) : null;
    const a = name ? m.attachments.find((x) => x.filename === name) : undefined;
    return a ? `data:${a.content_type};base64,${a.data.toString('base64')}` : null;
  };
  const [card, ...gallery] = m.embeds;
  const fields = (card?.fields ?? []).map((f: Field) => `<div class="field ${f.inline ? 'inline' : ''}"><b>${esc(f.name)}</b><div>${esc(f.value)}</div></div>`).join('');
  const pics = gallery
    .map((e: Embed) => ({ url: src(e.image?.url), footer: e.footer?.text ?? '' }))
    .filter((p) => p.url)
    .map((p) => `<figure><img src="${p.url}"><figcaption>${esc(p.footer)}</figcaption></figure>`)
    .join('');
  const rows = m.components
    .map((row: Row) => `<div class="row">${(row.components ?? []).map((b) => `<span class="btn s${b.style}">${esc(b.label ?? '')}</span>`).join('')}</div>`)
    .join('');
  return `<!doctype html><meta charset="utf-8"><style>
    body{background:#313338;color:#dbdee1;font:15px/1.4 "Noto Sans KR","Noto Sans CJK KR",sans-serif;margin:0;padding:16px;width:760px}
    .name{color:#fff;font-weight:600}.bot{background:#5865f2;color:#fff;font-size:10px;border-radius:3px;padding:1px 4px;margin-left:4px}
    .embed{border-left:4px solid ${color(card?.color)};background:#2b2d31;border-radius:4px;padding:10px 14px;margin-top:6px;max-width:560px}
    .title{color:#fff;font-weight:600;margin-bottom:6px}.desc{white-space:pre-wrap;font-size:14px}
    .fields{display:flex;flex-wrap:wrap;gap:6px 16px;margin-top:8px;font-size:14px}.field{flex-basis:100%}.field.inline{flex-basis:auto}.field div{white-space:pre-wrap}
    .foot{font-size:12px;color:#949ba4;margin-top:8px}.gallery{display:grid;grid-template-columns:1fr 1fr;gap:4px;max-width:560px;margin-top:6px}
    figure{margin:0;background:#2b2d31;border-radius:4px;overflow:hidden}img{width:100%;height:150px;object-fit:cover;display:block}
    figcaption{font-size:12px;color:#b5bac1;padding:4px 6px}.row{margin-top:6px}.btn{display:inline-block;border-radius:3px;padding:5px 14px;margin-right:6px;font-size:14px;color:#fff;background:#4e5058}
    .s1{background:#5865f2}.s3{background:#248046}.s4{background:#da373c}</style>
    <div><span class="name">blog-autopilot</span><span class="bot">APP</span></div><div>${esc(m.content)}</div>
    <div class="embed"><div class="title">${esc(card?.title ?? '')}</div><div class="desc">${esc(card?.description ?? '')}</div><div class="fields">${fields}</div><div class="foot">${esc(card?.footer?.text ?? '')}</div></div>
    <div class="gallery">${pics}</div>${rows}`;
}

export async function screenshotMessage(m: StoredMessage, path: string): Promise<void> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
  try {
    const page = await browser.newPage({ viewport: { width: 800, height: 600 }, deviceScaleFactor: 1 });
    await page.setContent(messageHtml(m));
    await page.screenshot({ path, fullPage: true });
  } finally {
    await browser.close();
  }
}
