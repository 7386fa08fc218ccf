// Turns the model's raw text into an Article: parse, clean up markdown habits, merge tags, validate.
// A failure comes back as a short problem statement that is fed to the model for its one second try.
import { articleSchema, normalizeTag, TAG_MAX_CHARS, TAGS_MAX, type Article } from '../../article.ts';
import { UNSTORABLE_CHARS } from '../../limits.ts';

export type AnswerResult = { ok: true; article: Article } | { ok: false; problem: string };

/** Parses and validates one answer; `defaultTags` (the account's) come first in the merged tag list. */
export function readAnswer(text: string, defaultTags: readonly string[]): AnswerResult {
  let raw: unknown;
  try {
    raw = JSON.parse(stripCodeFence(text));
  } catch (err) {
    return { ok: false, problem: `the answer is not valid JSON (${err instanceof Error ? err.message : String(err)})` };
  }
  const parsed = articleSchema.safeParse(sanitize(scrubStrings(raw), defaultTags));
  if (parsed.success) return { ok: true, article: parsed.data };
  const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || 'answer'}: ${i.message}`);
  return { ok: false, problem: `the JSON does not match the schema (${issues.join('; ')})` };
}

/**
 * Control characters (NUL above all, which PostgreSQL refuses in text) and lone surrogate halves (refused in
 * JSON columns) mean nothing in a post: they are dropped from every string of the answer, so such an answer is
 * saved like any other rather than failing every retry. Tabs and line breaks stay, CR LF becomes LF.
 */
export function scrubStrings(v: unknown): unknown {
  if (typeof v === 'string') return scrubText(v);
  if (Array.isArray(v)) return v.map(scrubStrings);
  if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, scrubStrings(x)]));
  return v;
}

export function scrubText(s: string): string {
  return s.replace(/\r\n?/g, '\n').replace(UNSTORABLE_CHARS, '');
}

/** Some models wrap JSON in ```json fences even in JSON mode. */
function stripCodeFence(text: string): string {
  const m = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/i.exec(text);
  return m ? m[1]! : text;
}

/** Cleans what it recognises and leaves anything else untouched for zod to reject with a precise path. */
function sanitize(raw: unknown, defaultTags: readonly string[]): unknown {
  if (!isRecord(raw)) return raw;
  return {
    ...raw,
    title: typeof raw.title === 'string' ? cleanInline(raw.title) : raw.title,
    blocks: Array.isArray(raw.blocks) ? raw.blocks.flatMap(cleanBlock) : raw.blocks,
    tags: Array.isArray(raw.tags) ? mergeTags(defaultTags, raw.tags) : raw.tags,
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Markdown emphasis, inline code and links mean nothing in NAVER's editor and would show up literally. */
export function cleanInline(text: string): string {
  return text
    .replace(/\*\*(.+?)\*\*/gs, '$1')
    .replace(/__(.+?)__/gs, '$1')
    .replace(/(^|[^*\w])\*(?!\s)([^*\n]+?)\*(?!\w)/g, '$1$2')
    .replace(/`([^`\n]+)`/g, '$1')
    .replace(/!?\[([^\]\n]+)\]\((https?:[^)\s]+)\)/g, '$1 ($2)')
    .replace(/\*\*|__/g, '')
    .replace(/^\s*#{1,6}\s+/, '')
    .trim();
}

const HEADING_LINE = /^\s*#{1,6}\s+(.*)$/;
const LIST_MARKER = /^\s*(?:[-*•·]|\d+[.)])\s+/;

/** One block in, zero or more blocks out: a paragraph hiding `## headings` is split at them. */
function cleanBlock(block: unknown): unknown[] {
  if (!isRecord(block)) return [block];
  if (block.type === 'heading' && typeof block.text === 'string') {
    return [{ ...block, text: cleanInline(block.text.replace(/^\s*(?:#{1,6}|■)\s*/, '')) }];
  }
  if (block.type === 'quote' && typeof block.text === 'string') {
    return [{ ...block, text: cleanLines(block.text.replace(/^\s*>\s?/gm, '')) }];
  }
  if (block.type === 'list' && Array.isArray(block.items)) {
    const items = block.items.map((it) => (typeof it === 'string' ? cleanInline(it.replace(LIST_MARKER, '')) : it));
    return [{ ...block, items: items.filter((it) => it !== '') }];
  }
  if (block.type === 'paragraph' && typeof block.text === 'string') return splitParagraph(block.text);
  if (block.type === 'image') return [cleanImage(block)];
  return [block];
}

/** An image slot as a number, missing alt or caption as empty, over-long texts cut rather than failing the answer. */
function cleanImage(block: Record<string, unknown>): Record<string, unknown> {
  const text = (v: unknown, max: number) => (typeof v === 'string' ? cleanInline(v).slice(0, max).trim() : v === undefined || v === null ? '' : v);
  const slot = typeof block.slot === 'string' && /^\s*\d+\s*$/.test(block.slot) ? Number(block.slot) : block.slot;
  const what = text(block.what, 500);
  const caption = text(block.caption, 200);
  return { type: 'image', slot, what: what === '' ? caption || text(block.alt, 200) : what, alt: text(block.alt, 200), caption };
}

function splitParagraph(text: string): unknown[] {
  const out: unknown[] = [];
  let lines: string[] = [];
  const flush = () => {
    const joined = cleanLines(lines.join('\n'));
    if (joined) out.push({ type: 'paragraph', text: joined });
    lines = [];
  };
  for (const line of text.split('\n')) {
    const heading = HEADING_LINE.exec(line);
    if (heading) {
      flush();
      const t = cleanInline(heading[1]!);
      if (t) out.push({ type: 'heading', text: t });
    } else {
      lines.push(line);
    }
  }
  flush();
  // An empty paragraph stays a (failing) paragraph so the model is told about it rather than losing it silently.
  return out.length ? out : [{ type: 'paragraph', text: '' }];
}

function cleanLines(text: string): string {
  return text
    .split('\n')
    .map(cleanInline)
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Account defaults first, then the model's, normalised (a leading `#` is dropped rather than failing the
 * answer), deduplicated case-insensitively, too-long ones dropped, at most TAGS_MAX.
 */
export function mergeTags(defaults: readonly string[], fromModel: readonly unknown[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of [...defaults, ...fromModel]) {
    if (typeof raw !== 'string') continue;
    const tag = normalizeTag(raw);
    const key = tag.toLowerCase();
    if (!tag || tag.length > TAG_MAX_CHARS || seen.has(key)) continue;
    seen.add(key);
    out.push(tag);
  }
  return out.slice(0, TAGS_MAX);
}
