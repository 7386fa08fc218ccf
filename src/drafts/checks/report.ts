// The checks every draft gets before a person (or auto-approve) sees it, and again after an edit: what they
// found is saved with the draft (`checks`), and the names of those that failed (`flags`) stop auto-approve.
import { blockTexts, type Article } from '../../article.ts';
import type { Db, Prisma } from '../../db/client.ts';
import { lshBands, minhash, normalizeForSimilarity } from './minhash.ts';
import { naverFit } from './naver-fit.ts';
import { closestPosts } from './originality.ts';
import { sourcesReport } from './sources.ts';
import type { ClosePost, Flag, Grounding, QualityReport, QualitySettings } from '../../draft-checks.ts';

export { FLAGS, type Flag, type QualityReport, type QualitySettings } from '../../draft-checks.ts';



/** Letters and digits a text needs before it is compared with the account's posts (real posts have 1,500+). */
export const ORIGINALITY_MIN_CHARS = 300;

export const DEFAULT_QUALITY: QualitySettings = { originalityMaxSimilarity: 0.5, keywordMaxShare: 0.04 };


export interface CheckedDraft {
  report: QualityReport;
  /** The account's posts above the originality threshold, closest first (at most 3). */
  tooClose: ClosePost[];
  /** Columns to save with the draft. */
  data: { checks: Prisma.InputJsonValue; flags: string[]; minhash: number[]; lshBands: number[] };
}

export interface CheckInput {
  draftId: string;
  accountId: string;
  article: Article;
  keywords: readonly string[];
  bannedWords: readonly string[];
  rewrittenAvoiding?: string[];
  /** What the grounded writer found (or, after an edit, what the saved report kept of it). */
  grounding?: Grounding;
}

export function textOf(article: Article): string {
  return [article.title, ...article.blocks.filter((b) => b.type !== 'image').map((b) => blockTexts(b).join('\n'))].join('\n');
}

export async function checkDraft(db: Db, settings: QualitySettings, input: CheckInput): Promise<CheckedDraft> {
  const text = textOf(input.article);
  // Too short to compare: a few sentences share template phrases with every other short text.
  const comparable = normalizeForSimilarity(text).length >= ORIGINALITY_MIN_CHARS;
  const signature = comparable ? minhash(text) : [];
  const bands = lshBands(signature);
  const close = await closestPosts(db, { accountId: input.accountId, excludeDraftId: input.draftId, signature, bands }, 3);
  const closest = close[0];
  const fit = naverFit(input.article, { keywords: input.keywords, bannedWords: input.bannedWords, keywordMaxShare: settings.keywordMaxShare });
  const score = closest?.score ?? 0;
  const flags: Flag[] = [];
  if (score > settings.originalityMaxSimilarity) flags.push('originality');
  if (fit.stuffed.length) flags.push('keyword_stuffing');
  if (fit.banned.length) flags.push('banned_words');
  if (fit.titleTooLong) flags.push('title_length');
  const report: QualityReport = {
    originality: { compared: comparable, score, threshold: settings.originalityMaxSimilarity, closest: closest ?? null, rewrittenAvoiding: input.rewrittenAvoiding ?? [] },
    fit,
    ...(input.grounding ? { sources: sourcesReport(input.article, input.grounding) } : {}),
    keywordMaxShare: settings.keywordMaxShare,
    flags,
  };
  const tooClose = close.filter((c) => c.score > settings.originalityMaxSimilarity);
  return { report, tooClose, data: { checks: report as unknown as Prisma.InputJsonValue, flags, minhash: signature, lshBands: bands } };
}

/** A saved report, or null for drafts written before the checks existed (or not written yet). */
export function reportOf(checks: unknown): QualityReport | null {
  if (!checks || typeof checks !== 'object') return null;
  const r = checks as Partial<QualityReport>;
  return r.originality && r.fit && Array.isArray(r.flags) ? (r as QualityReport) : null;
}
