// NAVER fit: the counts a careful editor looks at before a post goes to NAVER, and the ones that flag it:
// a keyword repeated past its share of the words (NAVER treats stuffing as low quality), a word the account
// bans, and a title longer than NAVER shows in full in search results.
import { blockTexts, type Article } from '../../article.ts';
import type { NaverFit } from '../../draft-checks.ts';

export type { KeywordUse, NaverFit } from '../../draft-checks.ts';

/** NAVER search shows about this many characters of a title; longer ones are cut off. */
export const TITLE_FIT_MAX = 40;
/** A keyword used fewer times than this is never stuffing, however short the post (a share of a tiny text is noise). */
export const STUFFING_MIN_COUNT = 5;



function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A keyword found with or without the spaces inside it (`성수동 카페` also matches `성수동카페`). */
function occurrences(haystack: string, keyword: string): number {
  const parts = keyword.trim().split(/\s+/).filter(Boolean).map(escape);
  if (parts.length === 0) return 0;
  return haystack.match(new RegExp(parts.join('\\s*'), 'giu'))?.length ?? 0;
}

export function naverFit(article: Article, o: { keywords: readonly string[]; bannedWords: readonly string[]; keywordMaxShare: number }): NaverFit {
  const body = article.blocks.filter((b) => b.type !== 'image').map((b) => blockTexts(b).join('\n')).join('\n');
  const everything = `${article.title}\n${body}`.normalize('NFC');
  const words = everything.split(/\s+/).filter(Boolean).length;
  // Without keywords of its own, a post is judged on the terms it tags itself with.
  const terms = [...new Set((o.keywords.length ? o.keywords : article.tags).map((k) => k.trim()).filter(Boolean))];
  const keywords = terms.map((keyword) => {
    const count = occurrences(everything, keyword);
    const share = words ? (count * keyword.split(/\s+/).length) / words : 0;
    return { keyword, count, share: Math.round(share * 1000) / 1000 };
  });
  const tagged = `${everything}\n${article.tags.join(' ')}`.toLowerCase();
  return {
    chars: body.replace(/\n/g, '').length,
    charsNoSpaces: body.replace(/\s/g, '').length,
    words,
    headings: article.blocks.filter((b) => b.type === 'heading').length,
    paragraphs: article.blocks.filter((b) => b.type === 'paragraph').length,
    images: article.blocks.filter((b) => b.type === 'image').length,
    tags: article.tags.length,
    titleChars: [...article.title].length,
    titleTooLong: [...article.title].length > TITLE_FIT_MAX,
    keywords,
    stuffed: keywords.filter((k) => k.share > o.keywordMaxShare && k.count >= STUFFING_MIN_COUNT).map((k) => k.keyword),
    banned: o.bannedWords.filter((w) => w.trim() && tagged.includes(w.normalize('NFC').toLowerCase())),
  };
}
