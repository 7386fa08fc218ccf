// Draft text (Gemini's article, a member's topic, an approver's edit) and error text from outside (NAVER) as
// Discord will show it: never as a masked link. Discord renders `[text](url)` (also `[text](<url>)`, with
// spaces, line breaks, a "title", nested brackets or escapes) as "text" linking to url, so a draft could show
// an approver one address and lead to another. Every masked link is shown as "text (url)", the real address
// in sight; whatever is left of the syntax loses the "]" before its "(", so no form of it can render as a link.

/** A masked link in its plain forms; the text holds no brackets (nested ones are unwrapped pass by pass). */
const MASKED_LINK = /\[([^[\]]*)\]\(\s*<?([^\s<>()]+)>?\s*(?:(?:"[^"]*"|'[^']*')\s*)?\)/g;

export function withoutMaskedLinks(text: string): string {
  let out = text;
  for (let pass = 0; pass < 10; pass++) {
    const next = out.replace(MASKED_LINK, (_m, label: string, url: string) => (label.trim() ? `${label} (${url})` : `(${url})`));
    if (next === out) break;
    out = next;
  }
  return dropLinkOpeners(out);
}

/** Every `]` followed (after optional white space) by `(` becomes a space; one pass from the right. */
function dropLinkOpeners(text: string): string {
  const chars = text.split('');
  let targetFollows = false;
  for (let i = chars.length - 1; i >= 0; i--) {
    const ch = chars[i]!;
    if (ch === ']' && targetFollows) chars[i] = ' ';
    else if (!/\s/.test(ch)) targetFollows = ch === '(';
  }
  return chars.join('');
}
