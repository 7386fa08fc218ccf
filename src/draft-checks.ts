// What the quality checks find about a draft (src/drafts/checks/), as it is saved with the draft and shown on
// its card, and what a grounded writer hands back. Types only, shared by the ports, the domain and the Discord
// side (like article.ts), so none of them imports another for these shapes.

export const FLAGS = ['originality', 'keyword_stuffing', 'banned_words', 'title_length'] as const;
export type Flag = (typeof FLAGS)[number];

/** A web page the writer's facts came from. */
export interface Source {
  title: string;
  url: string;
}

/** What a grounded writer searched and found, and the passages of its answer its sources support. */
export interface Grounding {
  queries: string[];
  sources: Source[];
  /** Text of the answer the grounding metadata marks as supported (its groundingSupports' segments). */
  supported: string[];
}

export interface KeywordUse {
  keyword: string;
  count: number;
  /** The keyword's words as a share of all the post's words (title and body), 0–1. */
  share: number;
}

export interface NaverFit {
  /** Characters of body text, with and without spaces. */
  chars: number;
  charsNoSpaces: number;
  words: number;
  headings: number;
  paragraphs: number;
  /** The article format has no image blocks yet, so this is 0 until images are added to posts. */
  images: number;
  tags: number;
  titleChars: number;
  titleTooLong: boolean;
  keywords: KeywordUse[];
  /** Keywords above the share threshold. */
  stuffed: string[];
  /** The account's banned words found in the title, body or tags. */
  banned: string[];
}

export interface ClosePost {
  draftId: string;
  title: string;
  status: string;
  url: string | null;
  /** Estimated Jaccard similarity of the two texts' 3-character shingles, 0–1. */
  score: number;
}

export interface SourcesReport {
  queries: string[];
  sources: Source[];
  /** The supported passages, kept so an edited text can be checked again. */
  supported: string[];
  statements: number;
  unsupported: string[];
}

export interface QualityReport {
  originality: {
    /** False for texts under ORIGINALITY_MIN_CHARS letters and digits, which are not compared. */
    compared?: boolean;
    /** The closest post's estimated similarity, 0 when nothing of the account is close. */
    score: number;
    threshold: number;
    closest: ClosePost | null;
    /** The draft was written again once because its first version was too close to these titles. */
    rewrittenAvoiding: string[];
  };
  fit: NaverFit;
  /** Present when the draft was written with search grounding. */
  sources?: SourcesReport;
  keywordMaxShare: number;
  flags: Flag[];
  /** The account auto-approves, and these flags kept the draft for a person instead. */
  held?: boolean;
}

/** ORIGINALITY_MAX_SIMILARITY and KEYWORD_MAX_SHARE (config.ts). */
export interface QualitySettings {
  originalityMaxSimilarity: number;
  keywordMaxShare: number;
}
