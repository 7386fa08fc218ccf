// Every word the model is told lives in this file, so the writing style can be tuned in one place.
// The model answers in JSON (see schema.ts); these texts say what a good answer contains.
import { bodyToText, NAVER_TITLE_MAX, TAGS_MAX, TAG_MAX_CHARS } from '../../article.ts';
import type { WriteRequest } from '../../ports.ts';

/** Target body length in characters: long enough to rank on NAVER, short enough to be read to the end. */
const BODY_TARGET = { min: 1_500, max: 3_000 };
/** Titles NAVER shows in full in search results; NAVER itself accepts up to NAVER_TITLE_MAX. */
const TITLE_TARGET = 40;
/** Used when the account has no tone set, by blog language; `en` covers every language not listed. */
const DEFAULT_TONE: Record<string, string> = {
  ko: '친근하고 믿음직한 정보형 블로거. 해요체로, 직접 겪어 본 사람처럼 구체적으로 씁니다.',
  en: 'A friendly, trustworthy blogger who writes from first-hand experience, concretely and warmly.',
};

export interface Prompt {
  systemInstruction: string;
  userText: string;
}

/** The system instruction and the first user message for one article. */
export function buildPrompt(request: WriteRequest): Prompt {
  return { systemInstruction: systemInstruction(request.account.language), userText: userText(request) };
}

/** The heading of the block of sources a post ends with (`references_block`), in the blog's language. */
export function referencesHeading(language: string): string {
  return (language || 'ko').toLowerCase().startsWith('ko') ? '참고' : 'References';
}

/** The first of two steps, for a model that cannot search and answer in JSON at once: research notes. */
export function buildResearchText(request: WriteRequest): string {
  return [
    `Search the web for current, checkable facts a blog post on this topic needs (names, places, opening hours, prices, dates), and list them as short notes, each with where it comes from.`,
    `Topic: ${quote(request.topic)}`,
    `Keywords: ${request.keywords.length ? request.keywords.map(quote).join(', ') : '(none)'}`,
  ].join('\n');
}

/** The second step's request: the usual one, with the notes to take facts from. */
export function withResearchNotes(userText: string, notes: string): string {
  return `${userText}\n\nResearch notes from a web search (take facts only from these, and leave out what they do not support):\n<<<\n${notes.trim()}\n>>>`;
}

/** Sent after an answer that could not be used, together with that answer, for the one second try. */
export function buildRepairText(problem: string): string {
  return [
    `Your previous answer could not be used: ${problem}.`,
    'Write the complete article again as one JSON object that follows the response schema and every rule above.',
    'Reply with the JSON only.',
  ].join('\n');
}

function languageName(tag: string): string {
  try {
    const english = new Intl.DisplayNames(['en'], { type: 'language' }).of(tag);
    const native = new Intl.DisplayNames([tag], { type: 'language' }).of(tag);
    return english && native && english !== native ? `${english} (${native})` : (english ?? tag);
  } catch {
    return tag;
  }
}

function defaultTone(language: string): string {
  const primary = (language || 'ko').toLowerCase().split('-')[0]!;
  return DEFAULT_TONE[primary] ?? DEFAULT_TONE.en!;
}

function systemInstruction(language: string): string {
  const lang = languageName(language || 'ko');
  return `You are an experienced NAVER Blog writer. You write posts that real readers in ${lang} enjoy and that do well in NAVER search.

Writing rules:
- Write everything (title, body, tags) in natural, fluent ${lang}, the way a native blogger writes, never like a translation. Keep one consistent speech level throughout.
- Structure: open with one or two short intro paragraphs that say what the reader will get (no heading before the intro); then 3 to 6 sections, each starting with a heading block followed by paragraphs and, where it helps, a list; finish with a heading and a short conclusion that sums up and invites comments.
- Body length: about ${BODY_TARGET.min} to ${BODY_TARGET.max} characters of text. Short paragraphs of 2 to 4 sentences read best on mobile.
- Title: specific and inviting, about ${TITLE_TARGET} characters, never more than ${NAVER_TITLE_MAX}, with the main keyword near the start. No quotation marks around it, no clickbait.
- Keywords: use each one naturally in the title, the intro or the headings, and the body, a few times each, never stuffed or listed.
- Be concrete and useful: practical tips, steps, examples, comparisons. Do not invent precise prices, dates, statistics, addresses or quotes; if a detail may change, tell the reader to check it.
- Plain text only: no Markdown (no **, no #, no backticks, no [links](...)), no HTML. Headings go in heading blocks, bullet points in list blocks, without bullet or number characters in the items.
- Emojis: none, or at most a few where a blogger would naturally use them.
- Never mention that you are an AI, a language model or an assistant; no disclaimers, no "in this article I will" filler, no notes to the editor.
- Tags: up to ${TAGS_MAX} short search terms a reader would type, each a single word or words written together without spaces, at most ${TAG_MAX_CHARS} characters, without the # sign.

Answer with one JSON object that follows the response schema: "title", "blocks" (in reading order; each block is a heading, paragraph, list, quote or image) and "tags". Add image blocks only when the request asks for pictures.`;
}

function userText(request: WriteRequest): string {
  const { account } = request;
  const lines = [
    'Write a new blog post.',
    '',
    `Topic: ${quote(request.topic)}`,
    `Keywords: ${request.keywords.length ? request.keywords.map(quote).join(', ') : '(none given; choose the natural search terms for the topic)'}`,
    `Tone and persona: ${account.tone?.trim() || defaultTone(account.language)}`,
  ];
  if (account.grounding) {
    lines.push('Facts: use Google Search to check current facts (names, places, opening hours, prices, dates) and write only what the results support.');
  }
  if (account.persona?.trim()) lines.push(`Persona (who writes, for whom): ${quote(account.persona)}`);
  if (account.closingLine?.trim()) lines.push(`End the post with this closing line, word for word: ${quote(account.closingLine)}`);
  if (account.bannedPhrases?.length) lines.push(`Never use these phrases: ${account.bannedPhrases.map(quote).join(', ')}`);
  if (account.category) lines.push(`Blog category: ${quote(account.category)} (write so the post fits this category)`);
  if (account.label) lines.push(`Blog name: ${quote(account.label)}`);
  if (account.defaultTags.length) {
    const room = Math.max(TAGS_MAX - account.defaultTags.length, 0);
    lines.push(
      `Tags the blog always adds: ${account.defaultTags.join(', ')} (do not repeat them; ${room ? `suggest up to ${room} different ones` : 'return an empty tags list'}).`,
    );
  }
  lines.push(...imageLines(request));
  for (const [i, example] of (account.styleExamples ?? []).entries()) {
    if (i === 0) lines.push('', 'Posts of this blog whose voice to match (style only: do not copy their content, facts or sentences):');
    lines.push('<<<', `Title: ${example.title}`, example.text, '>>>');
  }
  if (request.recentTitles?.length) {
    lines.push('', 'The blog recently published these posts; choose a clearly different angle, title and content:', ...request.recentTitles.map((t) => `- ${quote(t)}`));
  }
  if (request.avoidTitles?.length) {
    lines.push(
      '',
      'A first version of this post was nearly the same as these existing posts of the blog. Write a clearly different post: another angle, other examples, new wording, and a title unlike these:',
      ...request.avoidTitles.map((t) => `- ${quote(t)}`),
    );
  }
  if (request.previous) {
    lines.push(
      '',
      'This replaces an earlier draft of the same post:',
      '<<<',
      `Title: ${request.previous.title}`,
      bodyToText(request.previous.blocks),
      `Tags: ${request.previous.tags.join(', ')}`,
      '>>>',
      request.feedback
        ? 'Keep what works in it, but change what the reviewer asks for below.'
        : 'The reviewer wants a different take: new title, new angle and new wording.',
    );
  }
  if (request.feedback?.trim()) {
    lines.push('', 'Reviewer feedback (follow it; it overrides the general rules where they conflict, except the format):', quote(request.feedback.trim()));
  }
  return lines.join('\n');
}

/** Where the pictures go: the team's photos by slot, and how many image blocks in all. */
function imageLines(request: WriteRequest): string[] {
  const plan = request.images;
  if (!plan || (plan.photos.length === 0 && (!plan.generated || plan.max === 0))) return ['Pictures: none (do not add image blocks).'];
  const n = plan.photos.length;
  const lines = ['', 'Pictures: the post has image blocks ({"type":"image","slot":N,"what":...,"alt":...,"caption":...}) placed right after the text they illustrate, spread through the body, never two in a row and never first.'];
  if (n > 0) {
    const seen = plan.photos.some((p) => p.preview) ? ' (each is attached after this message, after a line naming its slot: look at it)' : '';
    lines.push(`The team's own photos are slots 1 to ${n}, in this order${seen}; give each exactly one image block next to the text it fits, with "what" saying what it shows, "alt" a short description and "caption" one short line a blogger would write under it:`);
    lines.push(...plan.photos.map((p) => `- slot ${p.slot}: ${quote(p.name)}`));
  }
  if (plan.generated) {
    const total = { min: Math.max(plan.min, n), max: Math.max(plan.max, n) };
    lines.push(
      `In all, use ${total.min === total.max ? total.min : `${total.min} to ${total.max}`} image blocks.${n < total.max ? ` Slots from ${n + 1} on will be generated pictures: their "what" is a precise visual description (subject, setting, angle, light) for an image model, with no text or logos in the picture.` : ''}`,
    );
  } else {
    lines.push(n > 0 ? `Use only these ${n} slots; add no other image blocks.` : 'Add no image blocks.');
  }
  return lines;
}

/** Marks where text from Discord starts and ends, so it reads as data rather than as instructions. */
function quote(text: string): string {
  return `"${text.replace(/\s+/g, ' ').trim()}"`;
}
